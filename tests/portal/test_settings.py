"""Production settings refuse to start without their secrets and the admin's address;
HTTPS by default."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 20 + "-production-like-secret-key-for-tests-only-0123456789"
ADMIN_ADDRESS = "https://cms.example.org"
# A public key whose private half nobody kept (reports are sealed to it).
REPORTS_KEY = "hlQrbSRnl8bakY8mhqI7MeNv6KARAFT045Es/K/dOzE="
# Production names its database; these processes open none.
DATABASE = "sqlite://:memory:"
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'ssl': settings.SECURE_SSL_REDIRECT, "
    "'hsts': settings.SECURE_HSTS_SECONDS, 'hosts': settings.ALLOWED_HOSTS, "
    "'secure_cookies': settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE, "
    "'page_cache': settings.SERVING_PAGE_CACHE_SECONDS, "
    "'keep_in_process': settings.SERVING_KEEP_IN_PROCESS, "
    "'admin_base_url': settings.WAGTAILADMIN_BASE_URL, "
    "'admin_name': settings.WAGTAIL_SITE_NAME, 'totp_issuer': settings.OTP_TOTP_ISSUER}))"
)


def run_production(extra_env, *, without=()):
    """Print some production settings from a fresh process with `extra_env`. The admin's
    address has a good value unless it is named in `without`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "REDIS_URL",
            "PAGE_CACHE_SECONDS",
            "KEEP_IN_PROCESS",
            "WAGTAIL_SITE_NAME",
        }
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "WAGTAILADMIN_BASE_URL": ADMIN_ADDRESS,
            "REPORTS_PUBLIC_KEY": REPORTS_KEY,
            "DATABASE_URL": DATABASE,
            **extra_env,
        }
    )
    for name in without:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_production({"ALLOWED_HOSTS": "www.example.org"})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["manage.py", "check"],
        ["-c", "import portal.wsgi"],  # what gunicorn imports
    ],
)
def test_a_refusal_at_start_is_its_message_alone(command):
    """Found by an operator's probe: each refusal came after 40 lines of traceback."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"

    result = subprocess.run(
        [sys.executable, *command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "ImproperlyConfigured: The environment variable SECRET_KEY is required in production "
        "and is not set."
    ]


@pytest.mark.parametrize(("level", "requests_logged_from"), [("INFO", 30), ("ERROR", 40)])
def test_a_quieter_log_level_quiets_the_request_log_too(level, requests_logged_from):
    """Found by an operator's probe: every 404 was logged whatever LOG_LEVEL said."""
    code = (
        "import logging, django; django.setup(); "
        "print(logging.getLogger('django.request').getEffectiveLevel())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "LOG_LEVEL": level}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(requests_logged_from)


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production({"SECRET_KEY": GOOD_KEY})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_blank_secret_key():
    result = run_production({"SECRET_KEY": "   ", "ALLOWED_HOSTS": "www.example.org"})

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_is_https_only_with_debug_off():
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org,example.org"}
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "debug": False,
        "ssl": True,
        "hsts": 31_536_000,
        "hosts": ["www.example.org", "example.org"],
        "secure_cookies": True,
        # No shared cache: a purge could not reach every process, so nothing is kept.
        "page_cache": 0,
        "keep_in_process": False,
        "admin_base_url": ADMIN_ADDRESS,
        "admin_name": "Security Service",
        "totp_issuer": "Security Service",
    }


@pytest.mark.parametrize("name", ["WAGTAILADMIN_BASE_URL", "REPORTS_PUBLIC_KEY"])
def test_production_refuses_to_start_without_the_admin_address_or_the_reports_key(name):
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org"},
        without=[name],
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


@pytest.mark.parametrize(
    "address", ["  ", "cms.example.org", "ftp://cms.example.org", "https://", "javascript:x"]
)
def test_production_refuses_an_admin_address_that_is_not_http(address):
    result = run_production(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "www.example.org",
            "WAGTAILADMIN_BASE_URL": address,
        }
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "WAGTAILADMIN_BASE_URL" in result.stderr


def test_the_admin_address_is_read_without_its_trailing_slash():
    # Links append a path starting with "/" to it.
    result = run_production(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "www.example.org",
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000/",
        }
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["admin_base_url"] == "http://127.0.0.1:8000"


def test_the_admin_name_is_the_authenticator_app_issuer_too():
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org", "WAGTAIL_SITE_NAME": "Box 500"}
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["admin_name"] == values["totp_issuer"] == "Box 500"


def test_the_page_cache_and_the_process_tier_are_on_with_redis():
    result = run_production(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["page_cache"] == 300
    assert values["keep_in_process"] is True


def test_the_https_redirect_can_be_turned_off_for_tls_in_front():
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false"}
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ssl"] is False


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        # Each app server would keep a SQLite file of its own, its health check "ok".
        ("DATABASE_URL", None, "DATABASE_URL is required"),
        ("DATABASE_URL", " ", "DATABASE_URL is required"),
        ("DATABASE_URL", "postgres//db.internal/portal", "DATABASE_URL must be a database"),
        ("DATABASE_URL", "mongodb://db.internal/portal", "DATABASE_URL must be a database"),
        # redis-py would refuse it at the first request: every page a 500.
        ("REDIS_URL", "cache.internal:6379", "REDIS_URL must start with redis://"),
        ("ALLOWED_HOSTS", ",", "ALLOWED_HOSTS must name"),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS must name"),
        # Reports sealed to it could never be opened; each would fail with a 500.
        ("REPORTS_PUBLIC_KEY", "notakey", "REPORTS_PUBLIC_KEY is not valid"),
        ("LOG_LEVEL", "verbose", "LOG_LEVEL must be one of DEBUG, INFO"),
        # The daily job would empty the append-only log.
        ("SECURITY_LOG_RETENTION_DAYS", "0", "SECURITY_LOG_RETENTION_DAYS must be at least 1"),
        # The daily job deleted every report exported or handled, minutes after.
        ("REPORTS_RETENTION_DAYS", "-1", "REPORTS_RETENTION_DAYS must be at least 1"),
        # Compared false with every time: a worker never found its generation unconfirmed.
        ("SERVING_UNCONFIRMED_SECONDS", "nan", "SERVING_UNCONFIRMED_SECONDS must be a finite"),
        # The mirror worker stopped after its first pass, again at each restart.
        ("MIRROR_INTERVAL_SECONDS", "-5", "MIRROR_INTERVAL_SECONDS must be at least 0.1"),
        # Every report refused as too large; 0 alike.
        ("REPORTS_MAX_REQUEST_MB", "-5", "REPORTS_MAX_REQUEST_MB must be at least 1"),
        # A lockout of no time: five wrong passwords, then five more, without end.
        ("AXES_COOLOFF_MINUTES", "0", "AXES_COOLOFF_MINUTES must be at least 1"),
        # No setting reads a negative number.
        ("CONN_MAX_AGE", "-1", "CONN_MAX_AGE must be at least 0"),
        # A date before year 1: the daily job stopped with an OverflowError.
        ("REPORTS_RETENTION_DAYS", "999999", "REPORTS_RETENTION_DAYS must be at most 36500"),
        # Django refused the pair only at the first mail: a password reset lost.
        ("EMAIL_USE_SSL", "true", "Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL"),
        # Half a CDN: ignored, or a traceback at each change (an operator's probe).
        ("CLOUDFLARE_ZONE_ID", "abc123", "Set both CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONE"),
        ("CLOUDFLARE_BEARER_TOKEN", "t0k3n", "Set both CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE"),
        ("FRONTEND_CACHE_PURGE_URL", "notaurl", "FRONTEND_CACHE_PURGE_URL must be an http://"),
        # A limit of 0 refused every first try, saying "several" (an operator's probe).
        ("REPORTS_PER_CLIENT_PER_HOUR", "0", "REPORTS_PER_CLIENT_PER_HOUR must be at least 1"),
        ("QUIZ_ANSWERS_PER_CLIENT_PER_DAY", "0", "QUIZ_ANSWERS_PER_CLIENT_PER_DAY must be at"),
        ("PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR", "0", "PAGE_PASSWORD_TRIES_PER_CLIENT_PER"),
        ("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", "0", "PASSWORD_RESETS_PER_EMAIL_PER_HOUR must"),
        ("PASSWORD_RESETS_PER_CLIENT_PER_HOUR", "0", "PASSWORD_RESETS_PER_CLIENT_PER_HOUR must"),
    ],
)
def test_production_refuses_a_value_it_cannot_use_and_says_which(name, value, said):
    # STARTTLS is on (good alone): EMAIL_USE_SSL beside it is the mistake.
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org", "EMAIL_USE_TLS": "true"}
    if value is not None:
        env[name] = value
    result = run_production(env, without=[name] if value is None else [])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    # The last line says what to mend, in words.
    assert said.replace(" is required", "") in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # A password with a ":" or "/" not URL-encoded: the likeliest address refused.
        ("DATABASE_URL", "postgres://portal:S3cret:PW/x@db.internal:5432/portal"),
        ("REDIS_URL", "redis:/:S3cret:PW@cache.internal:6379/0"),
    ],
)
def test_an_address_refused_is_named_without_its_password(name, value):
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "www.example.org", name: value}
    result = run_production(env)

    assert result.returncode != 0
    said = result.stderr.strip().splitlines()[-1]
    assert f"{name} must" in said
    assert "S3cret" not in result.stderr and "PW" not in result.stderr
    assert "***@cache.internal" in said or "***@db.internal" in said


def test_good_values_of_those_are_taken():
    result = run_production(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "www.example.org",
            "DATABASE_URL": "postgres://portal:p%40ss@db.internal:5432/portal",
            "REDIS_URL": "rediss://cache.internal:6380/2",
            "LOG_LEVEL": "warning",
            "EMAIL_USE_SSL": "true",
            "REPORTS_PUBLIC_KEY": f"{REPORTS_KEY}, {REPORTS_KEY}",
        }
    )

    assert result.returncode == 0, result.stderr


def test_a_misspelt_boolean_is_refused_not_guessed():
    result = run_production(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "nope"}
    )

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


@pytest.mark.parametrize(
    "https_redirect", [None, "false"], ids=["redirecting", "redirect left to the front"]
)
def test_deployment_checks_find_nothing_under_production_settings(https_redirect):
    """With the redirect to HTTPS turned off as documented (TLS ends in front), the
    release's first step failed on Django's warning that it is off."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECURE_SSL_REDIRECT", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.org",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
        REPORTS_PUBLIC_KEY=REPORTS_KEY,
        DATABASE_URL=DATABASE,
    )
    if https_redirect is not None:
        env["SECURE_SSL_REDIRECT"] = https_redirect

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # A command's log holds what it did: not django-axes' line at every start, which
    # filled the log of a command cron runs each minute.
    assert "AXES" not in result.stderr, result.stderr


def test_media_goes_to_object_storage_when_a_bucket_is_named():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "from django.core.files.storage import default_storage; "
        "print(settings.STORAGES['default']['BACKEND'], default_storage.bucket_name)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.org",
        WAGTAILADMIN_BASE_URL=ADMIN_ADDRESS,
        REPORTS_PUBLIC_KEY=REPORTS_KEY,
        DATABASE_URL=DATABASE,
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_REGION_NAME="eu-west-2",
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "portal-media"]


def statement_timeout_env(gunicorn_timeout=None):
    """DATABASE_STATEMENT_TIMEOUT as gunicorn.conf.py leaves it, read in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DATABASE_"))}
    if gunicorn_timeout is not None:
        env["GUNICORN_TIMEOUT"] = str(gunicorn_timeout)
    code = (
        "import os, runpy; runpy.run_path('gunicorn.conf.py'); "
        "print(os.environ['DATABASE_STATEMENT_TIMEOUT'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        # gunicorn said "Listening" and started no worker: every request hung.
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be a whole number of at least 1"),
        ("WEB_CONCURRENCY", "abc", "WEB_CONCURRENCY must be a whole number"),
        # gunicorn's "no timeout", and the database's 1 s.
        ("GUNICORN_TIMEOUT", "0", "GUNICORN_TIMEOUT must be a whole number of at least 1"),
        ("GUNICORN_PRELOAD", "maybe", "GUNICORN_PRELOAD must be true or false"),
        ("GUNICORN_LOG_LEVEL", "loud", "GUNICORN_LOG_LEVEL must be debug, info"),
    ],
)
def test_gunicorn_refuses_a_value_it_cannot_use_and_says_which(name, value, said):
    """Found by an operator's probe: each was taken, or a traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    env[name] = value
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('gunicorn.conf.py')"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == said or result.stderr.strip().startswith(said)
    assert "Traceback" not in result.stderr


def test_web_workers_give_a_query_up_before_gunicorn_kills_them():
    """A query held by a lock (a migration's) held the worker until gunicorn's timeout:
    a SIGKILL, the client's connection dropped, nothing in the log but the kill."""
    assert statement_timeout_env() == "25"
    assert statement_timeout_env(gunicorn_timeout=12) == "7"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's statement_timeout: run with `make test-postgres`",
)
def test_postgresql_cancels_a_query_past_the_statement_timeout():
    code = (
        "import django; django.setup(); from django.db import connection, OperationalError\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(5)')\n"
        "except OperationalError as error:\n"
        "    print('cancelled:', error)\n"
    )
    # The server's own maintenance database: the suite's may not exist yet.
    server = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": server,
        "DATABASE_STATEMENT_TIMEOUT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert "cancelled: canceling statement due to statement timeout" in result.stdout, result.stderr


# Read for tests alone, or no longer read (production refuses it, saying what replaced it).
NOT_FOR_OPERATORS = {"PYTEST_XDIST_WORKER", "TRUSTED_PROXY_COUNT"}


def test_every_variable_the_settings_read_is_documented():
    """The README's table and .env.example name every variable the settings and
    gunicorn.conf.py read (two added this session were missing from .env.example)."""
    import re

    sources = [
        *(PROJECT_ROOT / "portal" / "settings").glob("*.py"),
        PROJECT_ROOT / "gunicorn.conf.py",
    ]
    read = set()
    for source in sources:
        text = source.read_text()
        read |= set(re.findall(r"env_\w+\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']", text))
        read |= set(re.findall(r"os\.environ\.(?:get|setdefault)\(\s*[\"']([A-Z][A-Z0-9_]+)", text))
    read -= NOT_FOR_OPERATORS
    assert {"DATABASE_URL", "DATABASE_STATEMENT_TIMEOUT", "PORT"} <= read  # the patterns work

    example = (PROJECT_ROOT / ".env.example").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert not {n for n in read if not re.search(rf"^#? ?{n}=", example, re.MULTILINE)}
    assert not {n for n in read if f"`{n}`" not in readme}
