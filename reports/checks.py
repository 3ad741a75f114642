"""REPORTS_PUBLIC_KEY must be keys the offline tool made, or nothing could be opened."""

from django.conf import settings
from django.core.checks import Error, register

from .offline import parse_public_keys


@register()
def public_keys_are_valid(app_configs, **kwargs):
    text = getattr(settings, "REPORTS_PUBLIC_KEY", "")
    if not text:
        return []  # production refuses to start without one; elsewhere the form says so
    try:
        parse_public_keys(text)
    except ValueError as error:
        return [
            Error(
                f"REPORTS_PUBLIC_KEY is not valid: {error}",
                hint="Use the line `python -m reports.offline keygen` printed.",
                id="reports.E001",
            )
        ]
    return []
