import re

from django import template
from django.template import Context
from django.utils.translation import get_language

from core import queries
from core.queries import top_level_pages
from serving.process import kept_among

register = template.Library()


@register.filter
def tel_href(number):
    """'0800 789 321' -> 'tel:0800789321', keeping a leading '+'."""
    number = str(number or "").strip()
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The main navigation, rendered once per process and generation for each state
    (which item is current, which holds the current page) and kept (serving.process)."""
    request = context.get("request")
    current = context.get("page")
    search_current = context.get("search_current", False)
    home, children = top_level_pages(request)
    pages = [home, *(child for child in children if child.show_in_menus)] if home else []
    current_pk = ancestor_pk = None
    for item in pages:
        if current is None:
            break
        if current.pk == item.pk:
            current_pk = item.pk
        elif item.pk != home.pk and current.path.startswith(item.path):
            ancestor_pk = item.pk

    def render():
        # The pages are shared between requests: the marks go beside them, not on them.
        items = [
            {
                "page": item,
                "is_current": item.pk == current_pk,
                "is_ancestor": item.pk == ancestor_pk,
            }
            for item in pages
        ]
        template = context.template.engine.get_template("components/main_nav.html")
        return template.render(
            Context(
                {"items": items, "request": request, "search_current": search_current},
                autoescape=context.autoescape,
            )
        )

    key = (get_language(), current_pk, ancestor_pk, bool(search_current))
    return kept_among("main-nav", key, render)


@register.filter
def page_type_name(page):
    """The name editors know a page's type by, such as "video transcript"."""
    page_class = page.specific_class
    return page_class._meta.verbose_name if page_class else ""


@register.filter
def wordmark_parts(name):
    """The site name as the header's wordmark shows it: its first word, then the rest
    ("MI5", "The Security Service"). A dash between the two is left out."""
    first, _space, rest = (name or "").strip().partition(" ")
    return first, rest.lstrip("-–— ").strip()


@register.filter
def is_public(page):
    """Whether anyone may see the page: links editors chose in blocks show only then."""
    return page is not None and queries.is_public(page)


@register.filter
def not_editable(items):
    """How many of a bulk action's left-out items the user may not edit (whose titles
    templates/wagtailadmin/bulk_actions/confirmation/ does not show)."""
    return sum(1 for item in items if not (isinstance(item, dict) and item.get("can_edit")))
