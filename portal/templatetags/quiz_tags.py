from django import template

from portal.quiz_queries import statement_for_page

register = template.Library()


@register.inclusion_tag("portal/components/quiz_block.html", takes_context=True)
def fact_or_fiction(context):
    """The quiz block: the page's own statement or the newest active one (one query)."""
    request = context.get("request")
    return {
        "statement": statement_for_page(context.get("page")),
        # The page's own path: the same for every visitor, so the page stays cacheable.
        "next_path": request.path if request is not None else "/",
    }
