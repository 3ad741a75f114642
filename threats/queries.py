"""What other apps and templates may ask the threats app."""

from portal.queries import top_level_pages
from serving.process import kept

from .models import Scope, ThreatLevelChange, ThreatLevelSettings, ThreatLevelsPage


def current_threat_level():
    """The threat level settings in force (kept for the generation where serving keeps)."""
    return ThreatLevelSettings.load()


def threat_levels_page(request=None):
    """The live threat levels page, or None. It can only stand directly under home."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.specific_class is ThreatLevelsPage), None)


def level_history(*, include_ni=True, limit=None):
    """Changes of the levels, newest first.

    Kept for the generation: only a change of level adds to the history, and that
    starts a new one.
    """

    def changes():
        found = ThreatLevelChange.objects.all()
        if not include_ni:
            found = found.filter(scope=Scope.NATIONAL)
        if limit is not None:
            found = found[:limit]
        return list(found)

    return kept(("threat-level-history", include_ni, limit), changes)
