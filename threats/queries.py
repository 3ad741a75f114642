"""What other apps and templates may ask the threats app."""

from portal.queries import top_level_pages

from .models import Scope, ThreatLevelChange, ThreatLevelSettings, ThreatLevelsPage


def current_threat_level(request=None):
    """The threat level settings in force, read once per request."""
    return ThreatLevelSettings.load(request_or_site=request)


def threat_levels_page(request=None):
    """The live threat levels page, or None. It can only stand directly under home."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.specific_class is ThreatLevelsPage), None)


def level_history(*, include_ni=True, limit=None):
    """Changes of the levels, newest first."""
    changes = ThreatLevelChange.objects.all()
    if not include_ni:
        changes = changes.filter(scope=Scope.NATIONAL)
    if limit is not None:
        changes = changes[:limit]
    return list(changes)
