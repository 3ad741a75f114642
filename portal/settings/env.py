"""Small readers for environment variables, shared by every settings module."""

import os

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


def env_int(name, default):
    return _env_number(name, default, int, "a whole number")


def env_float(name, default):
    return _env_number(name, default, float, "a number")


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


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
