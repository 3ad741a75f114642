"""Machine-readable threat level: JSON for programs, an SVG badge for other sites."""

import hashlib
import json

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from core.feeds import readable_by_any_site
from core.views import only_read

from .levels import SCALE, meaning_of, position_of
from .models import Scope, ThreatLevelChange, ThreatLevelSettings


def level_json(current):
    """A published level as the API gives it; None until a manager first sets it."""
    if not current.published:
        return None
    return {
        "level": current.level.value,
        "meaning": str(current.meaning),
        "position": current.position,
        "changed_at": local_iso(current.changed_at),
    }


def local_iso(moment):
    """ISO 8601 in UK time, with its offset: a level that took effect at midnight reads
    as that day (in summer, UTC would say 23:00 the day before)."""
    return timezone.localtime(moment).isoformat() if moment else None


def threat_level_document():
    levels = ThreatLevelSettings.load()
    history = ThreatLevelChange.objects.history(
        include_ni=levels.show_ni_level, include_withdrawn=True
    )
    # `national` is null until a manager first sets the level: no level nobody set.
    return {
        "national": level_json(levels.national),
        "northern_ireland": level_json(levels.northern_ireland) if levels.show_ni_level else None,
        "scale": [
            {
                "level": level.value,
                "meaning": str(meaning_of(level)),
                "position": position_of(level),
            }
            for level in SCALE
        ],
        "history": [
            {
                "scope": change.scope,
                "level": change.level,
                "previous_level": change.previous_level or None,
                "changed_at": local_iso(change.took_effect_at),
                "note": change.note,
                "withdrawn": change.withdrawn,
                "corrected_from": local_iso(change.corrected_from),
            }
            for change in history
        ],
    }


def public_resource(request, body, content_type):
    """A response any site may load, revalidated by ETag so a change shows at once."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type=content_type
    )
    response["ETag"] = etag
    return open_to_every_site(response)


def open_to_every_site(response):
    """`response` (the API, the badge, the feeds), for any site to load, kept by caches
    only until the next request: they may keep a copy but must revalidate it (a cheap
    304), so a change of level shows at once."""
    readable_by_any_site(response)
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


@only_read
def threat_level_api(request):
    body = json.dumps(threat_level_document(), indent=2).encode()
    return public_resource(request, body, "application/json")


# The badge's meter: five rising bars, those up to the current level in its colour.
METER_LEFT, METER_BASE, BAR_WIDTH, BAR_GAP, BAR_STEP = 196, 58, 16, 5, 8


def meter_bars(current):
    """The meter's bars; none until a level is published (its words take the room)."""
    if not current.published:
        return []
    return [
        {
            "x": METER_LEFT + (step - 1) * (BAR_WIDTH + BAR_GAP),
            "y": METER_BASE - step * BAR_STEP,
            "height": step * BAR_STEP,
            "fill": current.colour if step <= current.position else "#c9c9d1",
        }
        for step in range(1, len(SCALE) + 1)
    ]


@only_read
def threat_level_badge(request):
    current = ThreatLevelSettings.load().national
    body = render_to_string(
        "threats/badge.svg",
        {
            "current": current,
            "scope": Scope.NATIONAL,
            "bars": meter_bars(current),
            "width": BAR_WIDTH,
        },
    ).encode()
    return public_resource(request, body, "image/svg+xml")
