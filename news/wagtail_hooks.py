from django.urls import reverse
from wagtail import hooks

from .models import ArticleKind, NewsArticlePage


@hooks.register("serving_next_content_change")
def next_article_listed():
    # An article dated ahead joins the listings when its day starts.
    return NewsArticlePage.objects.next_listed_at()


@hooks.register("search_leaves_out")
def articles_dated_ahead():
    # ... and search with them: until then they are found by their address alone.
    return NewsArticlePage.objects.dated_ahead()


@hooks.register("serving_addresses_listing_pages")
def news_feeds():
    kinds = [{"kind": kind} for kind in ArticleKind.values]
    return [
        *(reverse(f"news_feed_{format}") for format in ("atom", "rss")),
        *(
            reverse(f"news_kind_feed_{format}", kwargs=kind)
            for format in ("atom", "rss")
            for kind in kinds
        ),
    ]
