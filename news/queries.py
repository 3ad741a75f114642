"""What other apps and templates may ask the news app.

Only live, public articles whose published date has come are ever listed: drafts,
pages behind a view restriction and articles dated in the future stay out.
"""

import datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from portal.queries import public_live, top_level_pages
from serving.process import kept

from .models import NewsArticlePage, NewsIndexPage


def published_articles(*, kind=None, year=None):
    """Published articles, newest first, optionally of one kind or from one year."""
    articles = NewsArticlePage.objects.filter(published_date__lte=timezone.localdate())
    if kind:
        articles = articles.filter(kind=kind)
    if year:
        articles = articles.filter(published_date__year=year)
    return (
        public_live(articles)
        .defer_streamfields()
        .order_by("-published_date", "-first_published_at", "-pk")
    )


def latest_news(limit=3):
    """The newest published articles of every kind (one query, kept for the generation)."""
    return kept(("latest-news", limit), lambda: list(published_articles()[:limit]))


def news_index_page(request=None):
    """The live news index, or None. It can only stand directly under home."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.specific_class is NewsIndexPage), None)


def article_year_counts(*, kind=None):
    """(year, number of published articles) for every year that has any, newest first."""

    def count():
        rows = (
            published_articles(kind=kind)
            .order_by()
            .values(year=ExtractYear("published_date"))
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return [(row["year"], row["count"]) for row in rows]

    # Kept for the generation: with thousands of articles this is the index's dearest query.
    return kept(("article-year-counts", kind), count)


def next_article_date_start():
    """The moment the next future-dated article starts being listed, or None.

    Articles are listed from the start of their published date (local time), so pages
    listing them must not be kept past it.
    """
    today = timezone.localdate()
    upcoming = (
        public_live(NewsArticlePage.objects.filter(published_date__gt=today))
        .order_by("published_date")
        .values_list("published_date", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(upcoming, datetime.time.min))
