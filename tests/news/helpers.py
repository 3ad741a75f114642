"""Bulk articles for query budget tests: hundreds of pages in a few queries."""

from demo.bulk import bulk_add_children
from demo.core import paragraph
from news.models import NewsArticlePage

KINDS = ("news", "blog", "speech")


def bulk_articles(index, count, newest):
    """`count` live articles under `index`, one a day back from `newest`, kinds in turn."""
    from django.utils import timezone

    articles = bulk_add_children(
        index,
        [
            NewsArticlePage(
                title=f"Bulk article {number}",
                slug=f"bulk-article-{number}",
                summary=f"Summary {number}",
                published_date=newest - timezone.timedelta(days=number),
                kind=KINDS[number % 3],
                body=[paragraph("<p>Bulk text.</p>")],
                speaker="Speaker" if KINDS[number % 3] == "speech" else "",
            )
            for number in range(count)
        ],
    )
    index.refresh_from_db()
    return articles
