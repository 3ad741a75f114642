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
