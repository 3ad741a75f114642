"""One feed entry per change of either public level, as corrected, and one per change
withdrawn, newest first."""

from typing import NamedTuple

from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.feeds import PortalFeed, site_url
from core.models import SiteSettings
from core.queries import site_for, top_level_page

from .models import (
    ThreatLevelChange,
    ThreatLevelCorrection,
    ThreatLevelSettings,
    ThreatLevelsPage,
    day_of,
)
from .views import open_to_every_site

FEED_LENGTH = 50


class FeedScope(NamedTuple):
    link: str  # the threat levels page
    name: str  # its title, as the editors set it
    site_name: str
    include_ni: bool  # whether the Northern Ireland level is shown
    host: str  # the Site's host name, which names the Atom feed's entries


def tag_uri(host, moment, name):
    """An Atom entry's id (RFC 4287 asks for an IRI; a tag URI, RFC 4151): the host,
    the day it was first recorded, and what it is. Never changes with the entry."""
    return f"tag:{host},{moment:%Y-%m-%d}:{name}"


class ChangeItem(NamedTuple):
    change: ThreatLevelChange
    url: str
    host: str

    @property
    def title(self):
        change = self.change
        return _("%(scope)s: %(level)s") % {"scope": change.scope_title, "level": change.level}

    @property
    def description(self):
        change = self.change
        text = _("%(level)s means %(meaning)s.") % {
            "level": change.level,
            "meaning": change.meaning,
        }
        if change.previous_level:
            text += " " + _("Previously %(level)s.") % {"level": change.previous_level}
        if change.corrected_from:
            text += " " + _("Date corrected; first given as %(date)s.") % {
                "date": day_of(change.corrected_from)
            }
        if change.note:
            text += " " + change.note
        return text

    @property
    def guid(self):
        return f"threat-level-change-{self.change.pk}"

    @property
    def atom_id(self):
        return tag_uri(self.host, self.change.recorded_at, self.guid)

    @property
    def published(self):
        return self.change.took_effect_at

    @property
    def updated(self):
        # When the entry last changed: recorded (a change entered with an earlier date
        # is new to readers, who may skip entries older than the last they read), or its
        # date corrected since.
        return self.change.date_corrected_at or self.change.recorded_at


class WithdrawalItem(NamedTuple):
    """Readers were sent the change withdrawn: this tells them it no longer stands. Dated
    when it was made, it can be the newest entry after a later change dated back before
    it (a date corrected): so it says what the level went back to then, never what the
    level is (found by an editors' probe)."""

    withdrawal: ThreatLevelCorrection
    url: str
    host: str

    @property
    def title(self):
        change = self.withdrawal.change
        return _("%(scope)s: change to %(level)s withdrawn") % {
            "scope": change.scope_title,
            "level": change.level,
        }

    @property
    def description(self):
        change = self.withdrawal.change
        return _(
            "The change from %(previous)s to %(level)s of %(date)s was recorded by mistake "
            "and is withdrawn: the level went back to %(previous)s."
        ) % {
            "previous": change.previous_level,
            "level": change.level,
            "date": day_of(change.changed_at),
        }

    @property
    def guid(self):
        return f"threat-level-withdrawal-{self.withdrawal.pk}"

    @property
    def atom_id(self):
        return tag_uri(self.host, self.withdrawal.made_at, self.guid)

    @property
    def published(self):
        return self.withdrawal.made_at

    updated = published


class ThreatLevelRssFeed(PortalFeed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        return open_to_every_site(super().__call__(request, *args, **kwargs))

    def get_object(self, request, *args, **kwargs):
        # The Feed instance is shared between requests: what one needs travels as its
        # object, never as an attribute of the feed.
        page = top_level_page(ThreatLevelsPage, request)
        site = site_for(request)
        return FeedScope(
            link=page.get_full_url(request) if page else site_url(request),
            name=page.title if page else _("Threat levels"),
            site_name=SiteSettings.load(request_or_site=request).site_name,
            include_ni=ThreatLevelSettings.load().show_ni_level,
            host=site.hostname if site else split_domain_port(request.get_host())[0],
        )

    def title(self, scope):
        return f"{scope.name} | {scope.site_name}"

    def description(self, scope):
        if scope.include_ni:
            text = _(
                "Each change of the national threat level and of the level of Northern "
                "Ireland-related terrorism in Northern Ireland, from %(site_name)s."
            )
        else:
            text = _("Each change of the national threat level, from %(site_name)s.")
        return text % {"site_name": scope.site_name}

    def link(self, scope):
        return scope.link

    def items(self, scope):
        include_ni = scope.include_ni
        changes = ThreatLevelChange.objects.history(include_ni=include_ni, limit=FEED_LENGTH)
        withdrawals = ThreatLevelCorrection.objects.withdrawals(
            include_ni=include_ni, limit=FEED_LENGTH
        )
        items = [
            ChangeItem(change, f"{scope.link}#change-{change.pk}", scope.host) for change in changes
        ]
        items += [WithdrawalItem(withdrawal, scope.link, scope.host) for withdrawal in withdrawals]
        items.sort(key=lambda item: item.published, reverse=True)
        return items[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.description)

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    # In UK time with its offset, as the page shows them: a level that took effect at
    # midnight reads as that day, not as 23:00 the day before.
    def item_pubdate(self, item):
        return timezone.localtime(item.published)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated)


class ThreatLevelAtomFeed(ThreatLevelRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)

    def author_name(self, scope):  # Atom requires an author
        return scope.site_name

    def item_guid(self, item):
        return item.atom_id
