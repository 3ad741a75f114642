"""Production: every secret and host from the environment, HTTPS only.

Importing this module raises ImproperlyConfigured when SECRET_KEY, ALLOWED_HOSTS,
WAGTAILADMIN_BASE_URL, REPORTS_PUBLIC_KEY or DATABASE_URL is missing or unusable, so a
misconfigured server refuses to start instead of running insecurely, mailing links to
the wrong address, taking reports nobody can open or keeping its own empty database.
"""

from django.core.exceptions import ImproperlyConfigured

from reports.offline import parse_public_keys

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required, env_required_url

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
env_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host names, separated by commas "
        "(www.example.org,example.org), not '*' or nothing."
    )
# Each app server would otherwise keep a SQLite file of its own (base.py's default).
env_required("DATABASE_URL")
# The address password reset and moderation emails link to.
WAGTAILADMIN_BASE_URL = env_required_url("WAGTAILADMIN_BASE_URL")
# The key reports are sealed to (python -m reports.offline keygen): a key the offline
# tool cannot have made would take reports nobody could open.
REPORTS_PUBLIC_KEY = env_required("REPORTS_PUBLIC_KEY")
try:
    parse_public_keys(REPORTS_PUBLIC_KEY)
except ValueError as error:
    raise ImproperlyConfigured(
        f"REPORTS_PUBLIC_KEY is not valid: {error}. Use the line "
        "`python -m reports.offline keygen` printed."
    ) from None

# Set SECURE_SSL_REDIRECT=false only where TLS ends in front of the app and the
# proxy redirects plain HTTP itself, or for a loopback benchmark.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if not SECURE_SSL_REDIRECT:
    # Said so on purpose, for the reasons above: check --deploy's warning that it is off
    # (security.W008) would fail the release's first step, which takes no warning.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Trust X-Forwarded-Proto only when a proxy we control always sets it.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
