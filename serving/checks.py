"""Template fragments must stay in the process tier: kept in Redis (Django's fallback
when CACHES has no `template_fragments`) they would outlive the cache generation, and
the threat level bar would stay as it was."""

from django.conf import settings
from django.core.checks import Error, register

FRAGMENT_CACHES = ("template_fragments", "listing_fragments")


@register()
def fragments_stay_in_the_process(app_configs, **kwargs):
    return [
        Error(
            f'CACHES["{alias}"] must use serving.process.FragmentCache.',
            hint="Set it after CACHES, as portal/settings/base.py does.",
            id="serving.E001",
        )
        for alias in FRAGMENT_CACHES
        if settings.CACHES.get(alias, {}).get("BACKEND") != "serving.process.FragmentCache"
    ]
