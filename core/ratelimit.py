"""Rate limits: how often one client may do something, counted in the shared cache.

Why our own: django-ratelimit (the well-kept choice) keys its counters by a plain hash of
the address, which anyone can reverse by hashing every IPv4 address; and it has no
answer for "the cache is down" beyond failing one way for every caller.

- Counters live in the cache (Redis in production) for one window (an hour, a day).
  Each window has a random key of its own, kept in the cache only until the window
  ends; a counter is named by an HMAC of the scope and the client under that key. Once
  the window is over, nothing can tell which clients its counters were for.
- IPv6 clients are counted per /64 (one household or customer network), IPv4 per
  address (`client_key`).
- `hit()` answers None when the cache does not: each caller decides. Public pages and
  the quiz let the request through; password resets count in the database instead.
"""

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.core.cache import cache

KEY_PREFIX = "ratelimit"


def client_key(address):
    """What a client is counted as: its IPv4 address, or its IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return str(address or "unknown")
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _window(seconds):
    """(the current window's number, seconds until it ends)."""
    now = time.time()
    return int(now // seconds), seconds - (now % seconds)


def _window_secret(seconds, number, left):
    """The random key of the current window, made by the first request that needs it."""
    name = f"{KEY_PREFIX}:secret:{seconds}:{number}"
    cache.add(name, secrets.token_hex(32), timeout=int(left) + 1)
    return cache.get(name)


def hit(scope, who, limit, seconds):
    """Count one more for `who` (a client_key, an email address…) in `scope` over the
    current window of `seconds`. True while the count is within `limit`, False past it,
    None when the cache does not answer."""
    number, left = _window(seconds)
    secret = _window_secret(seconds, number, left)
    if secret is None:
        return None
    digest = hmac.new(secret.encode(), f"{scope}\n{who}".encode(), hashlib.sha256)
    name = f"{KEY_PREFIX}:{scope}:{number}:{digest.hexdigest()[:32]}"
    cache.add(name, 0, timeout=int(left) + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # gone between add() and incr(): the cache lost it
        return None
    if count is None:
        return None
    return count <= limit
