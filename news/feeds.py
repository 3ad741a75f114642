"""Atom and RSS feeds of the news: all kinds, or one kind."""

import datetime
from typing import NamedTuple

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.feeds import PortalFeed, site_url
from core.models import SiteSettings
from core.queries import top_level_page
from serving.process import kept_among

from .models import KIND_PLURALS, ArticleKind, NewsArticlePage, NewsIndexPage

FEED_LENGTH = 20


class FeedScope(NamedTuple):
    """What one feed request asks for. The Feed instance is shared between requests."""

    kind: str | None
    request: HttpRequest

    @property
    def site_name(self):
        return SiteSettings.load(request_or_site=self.request).site_name


class FeedItem(NamedTuple):
    article: NewsArticlePage
    url: str


class NewsFeed(PortalFeed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, kind=None):
        if kind is not None and kind not in ArticleKind.values:
            raise Http404("Unknown kind of article")
        return FeedScope(kind, request)

    def title(self, scope):
        section = KIND_PLURALS[scope.kind] if scope.kind else _("News")
        return f"{section} | {scope.site_name}"

    def description(self, scope):
        if scope.kind:
            return _("The latest %(kind)s from %(site_name)s.") % {
                "kind": str(KIND_PLURALS[scope.kind]).lower(),
                "site_name": scope.site_name,
            }
        return _("News, blog posts and speeches from %(site_name)s.") % {
            "site_name": scope.site_name
        }

    def subtitle(self, scope):
        return self.description(scope)

    def author_name(self, scope):
        return scope.site_name

    def link(self, scope):
        index = top_level_page(NewsIndexPage, scope.request)
        url = index.get_full_url(scope.request) if index else site_url(scope.request)
        return f"{url}?kind={scope.kind}" if scope.kind else url

    def items(self, scope):
        articles = kept_among(
            "news-feed",
            scope.kind,
            lambda: list(NewsArticlePage.objects.published(kind=scope.kind)[:FEED_LENGTH]),
        )
        # Found with the request, which holds the site's root paths.
        return [FeedItem(article, article.get_full_url(scope.request)) for article in articles]

    def item_title(self, item):
        return item.article.title

    def item_description(self, item):
        return escape(item.article.summary)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        published = item.article.published_date
        return timezone.make_aware(datetime.datetime.combine(published, datetime.time()))

    def item_updateddate(self, item):
        return item.article.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [item.article.get_kind_display()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
