"""Settings for the test suite: fast hashing, per-process cache, no manifest."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-tests",
    },
    "template_fragments": CACHES["template_fragments"],  # noqa: F405
    "listing_fragments": CACHES["listing_fragments"],  # noqa: F405
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files come from the app folders directly; WhiteNoise serves the collected,
# hashed files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per test worker (pytest-xdist), so that no worker removes another's files.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache is off by default here so that query budgets measure real work;
# the cache's own tests turn it on.
SERVING_PAGE_CACHE_SECONDS = 0
# Likewise nothing shared is kept between requests; tests/serving turns it on.
SERVING_KEEP_IN_PROCESS = False
# Two-factor sign-in off by default, so the suite's force_login sessions reach the admin;
# the accounts tests turn it on (tests/accounts/conftest.py) and test it there.
TWO_FACTOR_REQUIRED = False
# django-axes checks every sign-in through a view; Client.login() passes no request.
AUTHENTICATION_BACKENDS = [
    "tests.accounts.backends.AxesBackendAllowingClientLogin",
    "django.contrib.auth.backends.ModelBackend",
]
# A public key whose private half nobody has; tests that open reports use their own.
REPORTS_PUBLIC_KEY = "hlQrbSRnl8bakY8mhqI7MeNv6KARAFT045Es/K/dOzE="
