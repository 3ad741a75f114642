import re

from django import template

from portal.queries import top_level_pages

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
    home, children = top_level_pages(request)
    if home is None:
        return {"items": []}
    pages = [home, *(child for child in children if child.show_in_menus)]
    # The pages are shared between requests (portal.shared_data): mark the current one
    # beside each page rather than on it.
    items = [
        {
            "page": item,
            "is_current": current is not None and current.pk == item.pk,
            "is_ancestor": (
                current is not None
                and item.pk != home.pk
                and current.pk != item.pk
                and current.path.startswith(item.path)
            ),
        }
        for item in pages
    ]
    return {
        "items": items,
        "request": request,
        "search_current": context.get("search_current", False),
    }
