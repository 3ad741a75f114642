"""REPORTS_PUBLIC_KEY must be keys the offline tool made, or nothing could be opened;
nginx must take a report as large as the app does, or it would be lost."""

import re

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


@register(deploy=True)
def nginx_takes_the_largest_report(app_configs, **kwargs):
    """deploy/nginx/report-form.conf keeps a report's body in memory, as large as its
    `client_max_body_size`: above REPORTS_MAX_REQUEST_MB, so that the app answers a body
    too large with its own page. Raised past it, reports between the two would meet
    nginx's bare 413 and be lost."""
    conf = settings.BASE_DIR / "deploy" / "nginx" / "report-form.conf"
    sizes = {
        name: int(found.group(1))
        for name in ("client_max_body_size", "client_body_buffer_size")
        if (found := re.search(rf"^\s*{name} (\d+)m;", conf.read_text(), re.MULTILINE))
    }
    too_small = [
        name for name, megabytes in sizes.items() if megabytes <= settings.REPORTS_MAX_REQUEST_MB
    ]
    if len(sizes) == 2 and not too_small:
        return []
    short = ", ".join(too_small) or "its limits are not found"
    return [
        Error(
            f"nginx's report form ({conf.name}) must take more than REPORTS_MAX_REQUEST_MB "
            f"({settings.REPORTS_MAX_REQUEST_MB} MB): {short}.",
            hint=f"Set client_max_body_size and client_body_buffer_size in {conf} to "
            f"{settings.REPORTS_MAX_REQUEST_MB + 1}m or more.",
            id="reports.E002",
        )
    ]
