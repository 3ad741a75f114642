"""One feed entry per change of either public level, newest first."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from .queries import current_threat_level, level_history, threat_levels_page

FEED_LENGTH = 50


class ThreatLevelRssFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("UK threat level changes")
    description = _("Each change of the UK national threat level and the Northern Ireland level.")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        page = threat_levels_page(self.request)
        return page.url if page else "/"

    def items(self):
        levels = current_threat_level(self.request)
        return level_history(include_ni=levels.show_ni_level, limit=FEED_LENGTH)

    def item_title(self, change):
        return _("%(scope)s: %(level)s") % {"scope": change.scope_title, "level": change.level}

    def item_description(self, change):
        text = _("%(level)s means %(meaning)s.") % {
            "level": change.level,
            "meaning": change.meaning,
        }
        if change.previous_level:
            text += " " + _("Previously %(level)s.") % {"level": change.previous_level}
        if change.note:
            text += " " + change.note
        return text

    def item_link(self, change):
        return f"{self.link()}#change-{change.pk}"

    def item_guid(self, change):
        return f"threat-level-change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.changed_at

    def item_updateddate(self, change):
        return change.changed_at


class ThreatLevelAtomFeed(ThreatLevelRssFeed):
    feed_type = Atom1Feed
    subtitle = ThreatLevelRssFeed.description
