"""One feed entry per change of either public level, newest first."""

from typing import NamedTuple

from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from core.feeds import PortalFeed
from core.queries import top_level_page

from .models import ThreatLevelChange, ThreatLevelSettings, ThreatLevelsPage

FEED_LENGTH = 50


class FeedScope(NamedTuple):
    request: HttpRequest
    link: str


class FeedItem(NamedTuple):
    change: ThreatLevelChange
    url: str


class ThreatLevelRssFeed(PortalFeed):
    feed_type = Rss201rev2Feed
    title = _("UK threat level changes")
    description = _("Each change of the UK national threat level and the Northern Ireland level.")

    def get_object(self, request, *args, **kwargs):
        # The Feed instance is shared between requests: what one needs travels as its
        # object, never as an attribute of the feed.
        page = top_level_page(ThreatLevelsPage, request)
        return FeedScope(request, page.get_url(request) if page else "/")

    def link(self, scope):
        return scope.link

    def items(self, scope):
        levels = ThreatLevelSettings.load()
        history = ThreatLevelChange.objects.history(
            include_ni=levels.show_ni_level, limit=FEED_LENGTH
        )
        return [FeedItem(change, f"{scope.link}#change-{change.pk}") for change in history]

    def item_title(self, item):
        change = item.change
        return _("%(scope)s: %(level)s") % {"scope": change.scope_title, "level": change.level}

    def item_description(self, item):
        change = item.change
        text = _("%(level)s means %(meaning)s.") % {
            "level": change.level,
            "meaning": change.meaning,
        }
        if change.previous_level:
            text += " " + _("Previously %(level)s.") % {"level": change.previous_level}
        if change.note:
            text += " " + change.note
        return text

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"threat-level-change-{item.change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.change.changed_at

    def item_updateddate(self, item):
        return item.change.changed_at


class ThreatLevelAtomFeed(ThreatLevelRssFeed):
    feed_type = Atom1Feed
    subtitle = ThreatLevelRssFeed.description
