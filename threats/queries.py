"""What other apps and templates may ask the threats app."""

from portal.queries import top_level_pages

from .models import ThreatLevelSettings

THREAT_LEVELS_SLUG = "threat-levels"


def current_threat_level(request=None):
    """The threat level settings in force, read once per request."""
    return ThreatLevelSettings.load(request_or_site=request)


def threat_levels_page(request=None):
    """The live page that explains the threat levels, or None."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.slug == THREAT_LEVELS_SLUG), None)
