from django import template

from core.queries import top_level_page
from threats.models import ThreatLevelSettings, ThreatLevelsPage

register = template.Library()


@register.simple_tag(takes_context=True)
def current_threat_level(context):
    """{"threat_level": the settings row (national and Northern Ireland levels),
    "threat_levels_url": the threat levels page's address or None}: what the bar, the home
    page's card and the threat pages' sidebars show, kept for the cache generation."""
    request = context.get("request")
    page = top_level_page(ThreatLevelsPage, request)
    return {
        "threat_level": ThreatLevelSettings.load(),
        "threat_levels_url": page.get_url(request) if page else None,
    }


@register.inclusion_tag("components/threat_level_bar.html", takes_context=True)
def threat_level_bar(context):
    """The bar, its link marked as the current page on the threat levels page (base.html
    keeps that bar apart)."""
    return {**current_threat_level(context), "here": context.get("on_threat_levels_page")}


@register.simple_tag
def timeline(changes, title, element_id):
    from threats.timeline import timeline_svg

    return timeline_svg(changes, title=title, element_id=element_id)
