"""Local development: SQLite, console email, local accounts allowed."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = True
# A fixed key is acceptable here only: dev settings never serve the public.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Links in emails go to the local server (`make run` sets its own address).
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Static files come from the app folders directly; WhiteNoise serves the collected,
# hashed files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The local accounts' password is in the README: they go into a SQLite database only
# (`make run`'s). A manage.py command run on a server without DJANGO_SETTINGS_MODULE gets
# these settings, and the server's DATABASE_URL: create_local_accounts refuses there.
PORTAL_LOCAL_ACCOUNTS_ALLOWED = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"  # noqa: F405
# Two-factor sign-in is not required here, so the local accounts sign in with their
# password alone; TWO_FACTOR_REQUIRED=true turns it on to try it. An account that has
# enrolled a device is always asked for a code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
# Reports are sealed to the key `make run` made once (.local/, ignored by git), unless
# REPORTS_PUBLIC_KEY names another.
_LOCAL_REPORTS_KEY = BASE_DIR / ".local" / "reports-public.key"  # noqa: F405
REPORTS_PUBLIC_KEY = env_str(
    "REPORTS_PUBLIC_KEY",
    _LOCAL_REPORTS_KEY.read_text().strip() if _LOCAL_REPORTS_KEY.exists() else "",
)
