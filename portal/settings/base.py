"""Settings shared by every environment. Secure by default; dev.py loosens."""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import (
    env_bool,
    env_choice,
    env_database,
    env_float,
    env_int,
    env_list,
    env_str,
    without_credentials,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "editorial",
    "quiz",
    "search",
    "threats",
    "careers",
    "news",
    "about",
    "reports",
    "accounts",
    "demo",
    "edge",
    # The project package: only the history of models that moved to the apps above.
    "portal",
    "wagtail.contrib.settings",
    # Not "wagtail.contrib.frontend_cache": serving uses its backends (WAGTAILFRONTENDCACHE)
    # but purges itself, once per commit; that app would only connect publish handlers
    # that purge again, inside the transaction.
    "serving",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.UsersConfig",  # wagtail.users, with stricter user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its sitemap.xml template, for wagtail.contrib.sitemaps.
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: whatever answers a HEAD request, its body goes (core.security).
    "core.security.HeadWithoutBodyMiddleware",
    # A redirect to the report form's page is as unlogged as the page: around every
    # redirecting middleware (the redirect to HTTPS, editors' redirects, the last slash).
    "reports.middleware.ReportPageRedirectsNotLogged",
    "django.middleware.security.SecurityMiddleware",
    # Near the top: the answers of the middlewares below (a 400 for a host not served)
    # carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page whose ETag the client holds is a 304, a stored page too (serving.shared
    # stores each with its ETag).
    "django.middleware.http.ConditionalGetMiddleware",
    # A database that does not answer is waited for once a request (core.database).
    "core.database.OneWaitForTheDatabaseMiddleware",
    # Before sessions and authentication: a cached page costs no database query. Before
    # the header middleware too: a page is stored with its headers, so a hit skips them.
    "serving.middleware.ServingMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Editors' redirects, never of the site's own routes: before CommonMiddleware, so
    # that a slash-less address gets its slash (and its page) first (core.redirects).
    "core.redirects.SiteRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A post whose body cannot be read: a 400, before the CSRF check reads it.
    "core.editor_input.UnreadableBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin accounts: which OTP device verified the session, idle sign-out, 2FA required.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AdminIdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin's `next`, `parent_page_id` and query, made safe before its views run.
    "core.editor_input.AdminParametersMiddleware",
    # A form post whose StreamField or rich text content cannot be read: a 400, not a 500.
    "core.editor_input.UnreadableFormContentMiddleware",
    # Last, as django-axes requires: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Where SECURE_SSL_REDIRECT is on (production), a load balancer's plain-HTTP probe gets
# the health check's answer, not a redirect that looks healthy while the database is down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

WSGI_APPLICATION = "portal.wsgi.application"

# A SQLite file in the project folder unless DATABASE_URL names another database
# (production requires it).
DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails a request in seconds (a 503), not at the TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1),
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
        }
    )
    # Seconds a query may run, waiting for locks included, before PostgreSQL cancels it
    # (a 503); 0: no limit. gunicorn.conf.py sets it for the web workers.
    if _statement_timeout := env_int("DATABASE_STATEMENT_TIMEOUT", 0):
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={_statement_timeout * 1000}"
        )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write to one file (an editor's autosave and publish in the same
    # second, publish_scheduled beside the server). A deferred transaction that reads and
    # then writes fails at once with "database is locked" when another writer got there
    # first; IMMEDIATE takes the write lock at BEGIN, so a writer waits its turn (up to
    # `timeout` seconds, under gunicorn's 30 s) instead. WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared Redis cache when REDIS_URL is set; otherwise per-process memory.
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    # redis-py would refuse it at the first request: every page a 500, /healthz too.
    raise ImproperlyConfigured(
        "REDIS_URL must start with redis://, rediss:// or unix://, such as "
        f"redis://cache.internal:6379/0, not {without_credentials(REDIS_URL)!r}."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, made to serve uncached rather than fail when
            # Redis is unreachable.
            "BACKEND": "serving.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            # Short: a hung Redis costs one request this long, then the breaker opens.
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT", 0.25, minimum=0.01),
                "socket_timeout": env_float("REDIS_TIMEOUT", 0.25, minimum=0.01),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }
# Template fragments ({% wagtailcache %}) are kept in each process, never in Redis: they
# must go with the cache generation (serving.process).
CACHES["template_fragments"] = {"BACKEND": "serving.process.FragmentCache"}
# The cards of a listing's page, kept with the page (core.pagination: `cache_key`).
CACHES["listing_fragments"] = {
    "BACKEND": "serving.process.FragmentCache",
    "LOCATION": "listing-fragments",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Every date and time in the admin is UK time: the public site shows them so (a threat
# level's date, a role's closing time, an article's date), and a zone chosen in one's
# account made a date entered in it another day on the site. One zone: no choice offered.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Dates in the admin the UK way, as editors type them (core.admin_dates).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Media on object storage (S3 or compatible) when a bucket is named: every app server
# then sees the same uploads. Credentials come from the usual AWS variables or roles.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", True)
    AWS_S3_FILE_OVERWRITE = False

# Email: console locally; SMTP settings come from the environment in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
# STARTTLS (usually port 587), or TLS from the start (usually port 465): one or the other.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    # Django would refuse only when the first mail is sent (a password reset lost).
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL (TLS from the start), not both."
    )
# A mail server that accepts but never answers must not hold a worker (password resets
# and moderation emails are sent in the request): seconds.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Browser-facing security defaults (production adds HTTPS-only settings).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views relax this to SAMEORIGIN for themselves.
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_SAMESITE = "Lax"
# A form posted with an old or missing token: the site's own page (core.views).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Content-Security-Policy (django-csp 4). Public pages carry no inline script, so the
# same policy fits every visitor and cached pages need no nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin's own, looser policy: its editors use inline styles and scripts.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}

# A CDN in front of the site, purged on every change (wagtail.contrib.frontend_cache).
# Set one of: FRONTEND_CACHE_PURGE_URL (a Varnish-style HTTP purge endpoint) or
# CLOUDFLARE_BEARER_TOKEN with CLOUDFLARE_ZONE_ID.
# Half a configuration was taken and ignored, or failed at each change with a traceback
# (a purge address that is no address): the CDN then kept the old level 15 s (a probe).
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    if not re.match(r"^https?://[^/\s]+", env_str("FRONTEND_CACHE_PURGE_URL")):
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_PURGE_URL must be an http:// or https:// address."
        )
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if bool(env_str("CLOUDFLARE_BEARER_TOKEN")) != bool(env_str("CLOUDFLARE_ZONE_ID")):
    raise ImproperlyConfigured(
        "Set both CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONE_ID, or neither."
    )
if env_str("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }

# Anonymous page cache: seconds a public page is kept (0 turns the cache off). Both it
# and the kept shared data need a cache every process shares (Redis): purges must reach
# them all, including a separate `publish_scheduled` process. Without REDIS_URL both are
# off.
SERVING_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
# How long a CDN may keep a public page (s-maxage), and serve it stale while it fetches
# it again (stale-while-revalidate). A change is purged from the CDN at once; these bound
# how long an old page (an old threat level) stays there when a purge fails or no purge
# is configured: 15 s by default.
SERVING_CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", 10)
SERVING_PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 5)
# What pages are built from (site, settings, navigation, threat level, latest news, the
# page itself) kept in each process until the cache generation moves on (serving.process).
SERVING_KEEP_IN_PROCESS = env_bool("KEEP_IN_PROCESS", bool(REDIS_URL))
# The cache generation (serving.generation): each worker reads it from the database at
# most this often, whatever Redis says; a worker that has heard from neither Redis nor the
# database for SERVING_UNCONFIRMED_SECONDS uses nothing it kept.
SERVING_REVALIDATE_SECONDS = env_float("SERVING_REVALIDATE_SECONDS", 1.0)
SERVING_UNCONFIRMED_SECONDS = env_float("SERVING_UNCONFIRMED_SECONDS", 2.0)
# After a Redis error, Redis is left alone this long (every call answers "not cached").
SERVING_REDIS_BREAKER_SECONDS = env_float("REDIS_BREAKER_SECONDS", 3.0)
# nginx in front (deploy/nginx/portal.conf) may keep a public page this many seconds
# (X-Accel-Expires; 0: never), so that a flood is answered by nginx; a change still shows
# through it within about that long.
SERVING_EDGE_CACHE_SECONDS = env_int("EDGE_CACHE_SECONDS", 1)

# The mirror nginx answers from when the app is down (edge/, docs/deploy.md): a folder
# the app writes and nginx reads (unset: no mirror), and how often its worker
# (manage.py mirror_worker) applies the changes made since.
MIRROR_ROOT = env_str("MIRROR_ROOT", "")
# The least interval, for the variable and for mirror_worker --interval alike.
MIRROR_MIN_INTERVAL_SECONDS = 0.1
MIRROR_INTERVAL_SECONDS = env_float(
    "MIRROR_INTERVAL_SECONDS", 15.0, minimum=MIRROR_MIN_INTERVAL_SECONDS
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Error reports leave out the names of files sent with a private form (core.errors).
DEFAULT_EXCEPTION_REPORTER = "core.errors.ExceptionReporter"

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "filters": {
        "bad_host": {"()": "core.security.SecurityLogThrottle"},
        "unreadable_request": {"()": "core.security.SecurityLogThrottle"},
        "health_check": {"()": "core.security.HealthCheckLoggedOnce"},
        "permission_denied": {"()": "core.security.PermissionDeniedInOneLine"},
        "database_unreachable": {"()": "core.security.DatabaseUnreachableInOneLine"},
    },
    "root": {
        "handlers": ["console"],
        "level": LOG_LEVEL,
    },
    "loggers": {
        # Its 404s and 405s are WARNING: a quieter LOG_LEVEL leaves them out too (it was
        # WARNING whatever LOG_LEVEL said, found by an operator's probe).
        "django.request": {
            "handlers": ["console"],
            "level": LOG_LEVEL if LOG_LEVEL in ("ERROR", "CRITICAL") else "WARNING",
            "propagate": False,
            "filters": ["health_check", "permission_denied", "database_unreachable"],
        },
        # Wagtail's search and reference-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        # django-axes names its version at INFO each time Django starts: a line in the log
        # of every scheduled command, every minute. Its sign-in failures and lockouts are
        # logged by axes.handlers, which keeps INFO.
        "axes.apps": {"level": "WARNING"},
        # Forged Host headers, and requests Django will not read: one short line a
        # minute at most for each (core.security).
        "django.security.DisallowedHost": {"filters": ["bad_host"]},
        **{
            f"django.security.{name}": {"filters": ["unreadable_request"]}
            for name in (
                "TooManyFieldsSent",
                "TooManyFilesSent",
                "RequestDataTooBig",
                "SuspiciousMultipartForm",
            )
        },
    },
}

# Wagtail
# The admin's own name (its page titles, and the dashboard of whoever may explore the
# whole tree) and the issuer authenticator apps show. A site in the admin is named by
# Site.site_name, which follows the site settings' name (core.models.SiteSettings).
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Security Service")
# WAGTAILADMIN_BASE_URL, the address links in emails start with, is set by each
# environment: dev the local server, test the test client's, production from its variable.
# The admin shows its own default avatar: the site calls no third party (Gravatar).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask wagtail.org for new releases (the admin's CSP blocks it, and
# a browser error for each superuser's visit): upgrades follow requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A page made private to signed-in users sends visitors to the admin's sign-in (with the
# lockout of every staff sign-in) rather than Wagtail's unstyled one; a page with a
# password shows templates/wagtailcore/password_required.html, as does a document in a
# collection with a password.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "wagtailcore/password_required.html"  # noqa: S105 - a template
# Where a password form sends a visitor whose return address was no address of the site's
# (tampered with): the home page, not Django's /accounts/profile/, which is a 404 here.
LOGIN_REDIRECT_URL = "/"
WAGTAILSEARCH_BACKENDS = {
    # The database backend: SQLite's full-text index, or PostgreSQL's. Words are compared
    # as they are ("simple"), with no stemming of PostgreSQL's own: search.text stems them
    # the same way for both (`search_stems` on every page, and the query).
    # (search.backend: Wagtail's, with quotes kept out of SQLite's query syntax.)
    "default": {"BACKEND": "search.backend", "SEARCH_CONFIG": "simple"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_I18N_ENABLED = False
# Moderation emails ("Comms review" submitted, approved, rejected) go through EMAIL_BACKEND;
# the links in them are built from WAGTAILADMIN_BASE_URL.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = True
# Uploads: raster formats only (an SVG can carry script), size and pixel count capped.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixels of every frame of an animation together (core.forms counts the frames).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Documents: megabytes (DOCUMENT_MAX_MB), checked by Wagtail's form with a form error.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.PortalDocumentForm"
# Documents go through Wagtail's serve view (permission checks, attachment disposition).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# What the 500 page shows: it is rendered without the database, so it cannot read
# the editable site settings. Keep these in step with the defaults editors start from.
PORTAL_FALLBACK = {
    "site_name": env_str("PORTAL_FALLBACK_SITE_NAME", "MI5 The Security Service"),
    "emergency_text": env_str(
        "PORTAL_FALLBACK_EMERGENCY_TEXT", "In an emergency, or if there is an imminent threat, call"
    ),
    "emergency_number": env_str("PORTAL_FALLBACK_EMERGENCY_NUMBER", "999"),
    "hotline_label": env_str("PORTAL_FALLBACK_HOTLINE_LABEL", "Anti-Terrorist Hotline"),
    "hotline_number": env_str("PORTAL_FALLBACK_HOTLINE_NUMBER", "0800 789 321"),
    "hotline_short_label": env_str("PORTAL_FALLBACK_HOTLINE_SHORT_LABEL", "Hotline"),
}

# Local accounts (admin, comms, ...) may be created only where this is True: dev.py.
PORTAL_LOCAL_ACCOUNTS_ALLOWED = False

# Admin accounts (the accounts app): lockout, two-factor sign-in, sessions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failures for one username from one address lock that pair out, so nobody can
# lock a manager out from elsewhere; while locked, the right password is refused too.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.client_address.counted_address"
# The proxies we run in front of the app (nginx, a load balancer), as networks: only
# connections from them have their X-Forwarded-For read (core.client_address).
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", [])
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(net) for net in TRUSTED_PROXY_ADDRESSES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_ADDRESSES: {error}") from error
if os.environ.get("TRUSTED_PROXY_COUNT", "0").strip() not in ("", "0"):
    # A count trusted whatever connected: a client reaching the app directly chose its
    # own address. The proxies are named by address now.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer read: name the proxies' networks in "
        "TRUSTED_PROXY_ADDRESSES (for nginx on the same machine: 127.0.0.1/32)."
    )
# Administrators, comms approvers and threat level managers must use two-factor sign-in.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
ADMIN_SESSION_IDLE_MINUTES = env_int("ADMIN_SESSION_IDLE_MINUTES", 30, minimum=1)
# However busy, a session ends this long after its sign-in (a cookie taken from a
# browser left open works for a working day at most).
ADMIN_SESSION_MAX_HOURS = env_int("ADMIN_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Wagtail's sign-in form without "Remember me", which would outlive the browser.
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.LimitedPasswordResetForm"  # noqa: S105
# Password reset mails: at most this many an hour to one address, and requests from one
# client address (accounts.forms).
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env_int("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3, minimum=1)
PASSWORD_RESETS_PER_CLIENT_PER_HOUR = env_int("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", 10, minimum=1)
# A reset link works this long (Django's default, 3 days, left a mailbox read later a
# way in for days), and once: it dies when the password changes.
PASSWORD_RESET_TIMEOUT = 60 * env_int("PASSWORD_RESET_LINK_MINUTES", 60, minimum=1)

# The Fact or Fiction quiz: a visitor's answer counts once (a cookie), and at most this
# many times a day per client address and statement for clients that drop the cookie
# (core.ratelimit); the share of right answers shows from this many answers on.
QUIZ_ANSWERS_PER_CLIENT_PER_DAY = env_int("QUIZ_ANSWERS_PER_CLIENT_PER_DAY", 3, minimum=1)
QUIZ_MIN_ANSWERS_FOR_SHARE = env_int("QUIZ_MIN_ANSWERS_FOR_SHARE", 20)

# The reporting form (reports/, docs/reports.md). Reports are sealed to the first of
# these public keys (base64, comma-separated; keys after the first are older ones being
# retired); production refuses to start without one. Attachments: at most this many,
# this many megabytes in all, read into memory only; a request larger than
# REPORTS_MAX_REQUEST_MB is refused from its Content-Length, before it is read.
REPORTS_PUBLIC_KEY = env_str("REPORTS_PUBLIC_KEY", "")
REPORTS_MAX_ATTACHMENTS = env_int("REPORTS_MAX_ATTACHMENTS", 3)
REPORTS_MAX_ATTACHMENTS_MB = env_int("REPORTS_MAX_ATTACHMENTS_MB", 10, minimum=1)
REPORTS_MAX_REQUEST_MB = env_int("REPORTS_MAX_REQUEST_MB", 32, minimum=1)
# One export file holds reports of at most this many megabytes sealed: the admin builds
# it in memory, and the offline machine opens it whole (docs/reports.md: 2 GiB).
REPORTS_MAX_EXPORT_MB = env_int("REPORTS_MAX_EXPORT_MB", 200, minimum=1)
# Reports one client may send an hour (core.ratelimit; never stored beside reports),
# and the seconds a person needs at least between opening the form and sending it.
REPORTS_PER_CLIENT_PER_HOUR = env_int("REPORTS_PER_CLIENT_PER_HOUR", 5, minimum=1)
REPORTS_MIN_SECONDS_TO_FILL = env_int("REPORTS_MIN_SECONDS_TO_FILL", 3)
# Tries at a private page's password from one client (core.views.page_password).
PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR = env_int(
    "PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR", 10, minimum=1
)
# Retention periods are at least a day (0 or fewer deleted every report exported or
# handled, and emptied the security log, at each daily run) and at most a century (a
# date further back than Python's calendar stopped the job with an OverflowError).
MAX_RETENTION_DAYS = 36_500
# Reports handled or exported longer ago than this are deleted (delete_old_reports).
REPORTS_RETENTION_DAYS = env_int(
    "REPORTS_RETENTION_DAYS", 90, minimum=1, maximum=MAX_RETENTION_DAYS
)
# Events of the security log (sign-ins with the address and browser) older than this
# are deleted by delete_old_security_events, run daily.
SECURITY_LOG_RETENTION_DAYS = env_int(
    "SECURITY_LOG_RETENTION_DAYS", 365, minimum=1, maximum=MAX_RETENTION_DAYS
)
