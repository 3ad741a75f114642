from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEVELOPMENT_SETTINGS = "portal.settings.dev"


@register(Tags.security, deploy=True)
def development_settings_check(app_configs, **kwargs):
    """`check --deploy` says first when it is checking the development settings, which
    manage.py takes where DJANGO_SETTINGS_MODULE is unset: their other warnings (two-factor
    sign-in off, say, whose hint is to unset a variable that is unset) follow from that."""
    if settings.SETTINGS_MODULE != DEVELOPMENT_SETTINGS:
        return []
    return [
        Warning(
            f"These are the development settings ({DEVELOPMENT_SETTINGS}: DEBUG on, a "
            "fixed secret key, local accounts), taken because DJANGO_SETTINGS_MODULE is "
            "unset; the other warnings follow from them.",
            hint="On a server, set DJANGO_SETTINGS_MODULE=portal.settings.production.",
            id="core.W001",
        )
    ]


@register(Tags.security, deploy=True)
def admin_links_use_https_check(app_configs, **kwargs):
    """The links the site emails (password resets, review requests) start with
    WAGTAILADMIN_BASE_URL: over plain HTTP, a password reset link's token crosses the
    network readable. Local and test addresses (localhost, testserver) are plain HTTP."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    local = urlsplit(base).hostname in ("localhost", "127.0.0.1", "::1", "testserver")
    if not base.startswith("http://") or local or settings.DEBUG:
        return []
    return [
        Warning(
            f"WAGTAILADMIN_BASE_URL is a plain HTTP address ({base}): the password reset "
            "and review links the site emails would cross the network readable.",
            hint="Set it to the admin's https:// address.",
            id="core.W002",
        )
    ]
