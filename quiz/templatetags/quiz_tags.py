from django import template

from quiz.models import FactOrFiction, own_statement_id
from serving.process import kept

register = template.Library()


@register.inclusion_tag("quiz/quiz_block.html", takes_context=True)
def fact_or_fiction(context):
    """The quiz block: the page's own statement or the newest active one (one query)."""
    request = context.get("request")
    page = context.get("page")
    return {
        "statement": kept(
            ("quiz-statement", own_statement_id(page)), lambda: FactOrFiction.objects.for_page(page)
        ),
        # The page's own path: the same for every visitor, so the page stays cacheable.
        "next_path": request.path if request is not None else "/",
    }
