"""Small readers for environment variables, shared by every settings module."""

import math
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _env_number(name, default, parse, kind):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return parse(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, not {raw!r}.") from None


def env_int(name, default, *, minimum=0, maximum=None):
    """A whole number, never below `minimum`: 0 unless said (none of the settings reads a
    negative one: a negative request size refused every report, a negative cool-off
    locked nobody out)."""
    value = _env_number(name, default, int, "a whole number")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_float(name, default, *, minimum=0):
    """A number of seconds, say, never below `minimum` (0 unless said), and never NaN or
    infinite: "nan" compared false with every time, so a worker would never find its
    cache generation unconfirmed."""
    value = _env_number(name, default, float, "a number")
    if not math.isfinite(value):
        raise ImproperlyConfigured(f"{name} must be a finite number, not {value}.")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name, default, choices):
    """One of `choices` (compared in capitals, as logging levels are written)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.upper() not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")
    return raw.upper()


def without_credentials(url):
    """`url` to show in an error: what comes before its last "@" (a user and password,
    perhaps not URL-encoded, which is why it could not be read) masked."""
    credentials, at, rest = url.rpartition("@")
    if not at:
        return url
    scheme, separator, _ = credentials.partition(":")
    return f"{scheme}{separator}//***@{rest}" if separator else f"***@{rest}"


def env_database(name, default, **options):
    """Django's DATABASES entry for the address in `name` (dj-database-url), or for
    `default` where it is unset or blank; a value it cannot read is named, not a
    KeyError deep in Django."""
    raw = os.environ.get(name, "").strip() or default
    try:
        config = dj_database_url.parse(raw, **options)
    except ValueError as error:
        config, reason = {}, str(error)
    else:
        reason = "no database engine for it"
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            f"{name} must be a database address such as "
            f"postgres://user:password@host:5432/name (password URL-encoded), "
            f"not {without_credentials(raw)!r}: {reason}."
        )
    return config


def env_required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production and is not set."
        )
    return value


def env_required_url(name):
    """A required http(s) address, without a trailing slash: links append their path."""
    value = env_required(name)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be an http:// or https:// address such as "
            f"https://www.example.org, not {value!r}."
        ) from None
    return value.rstrip("/")
