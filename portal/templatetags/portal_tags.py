import re

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.filter
def tel_href(number):
    """'0800 789 321' -> 'tel:0800789321', keeping a leading '+'."""
    number = str(number or "").strip()
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"


@register.inclusion_tag("components/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    current = context.get("page")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"items": [], "home": None}
    home = site.root_page
    children = list(Page.objects.child_of(home).live().public().in_menu())
    items = [home, *children]
    for item in items:
        item.is_current = current is not None and current.pk == item.pk
        item.is_ancestor = (
            current is not None
            and item.pk != home.pk
            and current.path.startswith(item.path)
            and current.pk != item.pk
        )
    return {"items": items, "request": request, "search_current": False}
