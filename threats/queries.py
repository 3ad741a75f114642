"""What other apps and templates may ask the threats app."""

from wagtail.models import Page, Site

from .models import ThreatLevelSettings

THREAT_LEVELS_SLUG = "threat-levels"


def current_threat_level(request=None):
    """The threat level settings in force, read once per request."""
    return ThreatLevelSettings.load(request_or_site=request)


def threat_levels_page(request=None):
    """The live page that explains the threat levels, or None."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return Page.objects.child_of(site.root_page).live().filter(slug=THREAT_LEVELS_SLUG).first()
