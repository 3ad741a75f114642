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


# The largest network a load balancer's addresses take: wider, it is the internet's.
WIDEST_PROXY_PREFIX = {4: 8, 6: 32}


@register(Tags.security, deploy=True)
def trusted_proxies_check(app_configs, **kwargs):
    """A network of proxies as wide as the internet (0.0.0.0/0, say) lets any client name
    its own address in X-Forwarded-For: past the sign-in lockout and every per-client
    limit. Found by an operator's probe: `check --deploy` took it without a word."""
    wide = [
        str(network)
        for network in getattr(settings, "TRUSTED_PROXY_NETWORKS", [])
        if network.prefixlen < WIDEST_PROXY_PREFIX[network.version]
        and network.is_global
        or network.prefixlen == 0
    ]
    if not wide:
        return []
    return [
        Warning(
            "TRUSTED_PROXY_ADDRESSES names networks far wider than proxies take "
            f"({', '.join(wide)}): any client there chooses the address the lockout and "
            "the limits count.",
            hint="Name the proxies' own addresses or networks (nginx here: 127.0.0.1/32).",
            id="core.W003",
        )
    ]
