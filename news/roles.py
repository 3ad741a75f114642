"""News goes through the "Comms review" workflow; comms editors publish every other section.

Comms editors add and change pages from the home page down (editorial/roles.py). Publishing
is granted on each section but News, so articles, blog posts and speeches reach the
public only once a Comms approver has approved them (or published them).
"""

from editorial.roles import (
    COMMS_EDITORS,
    PageGrant,
    ReviewedSection,
    top_level_page,
    top_level_pages_except,
)

NEWS_SLUG = "news"


def news_index():
    """The news index wherever it stands; before it exists, the section page at /news/."""
    from .models import NewsIndexPage

    return NewsIndexPage.objects.first() or top_level_page(NEWS_SLUG)()


GRANTS = [
    PageGrant(
        COMMS_EDITORS,
        top_level_pages_except(news_index),
        ("publish",),
        "every section but News",
    ),
    ReviewedSection(news_index, "the News section"),
]
