"""Django's Redis cache, made optional: a fault in Redis costs a request at most one short
timeout, and then nothing for a few seconds.

Django's backend raises on any Redis error, so an outage would be a 500 on every page; and
a hung Redis would hold every request for the whole socket timeout. Here an error opens a
breaker: for `SERVING_REDIS_BREAKER_SECONDS` every call answers "nothing cached" at once,
then one request tries Redis again. Failures are logged at most once a minute per process.

Why our own breaker: pybreaker (1.4), the well-kept one, holds its lock for the whole
guarded call, so in a threaded worker every cache call would wait for the one stuck on a
hung Redis; this breaker only takes its lock to record a failure.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60

# Sets KEYS[1] to ARGV[1] only if that is higher than the number stored: two announcements
# sent in the wrong order can never move the generation back.
SET_IF_GREATER = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tonumber(ARGV[1]) > current then
    redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
    return 1
end
return 0
"""


class _Breaker:
    """Per process: Django keeps a cache object per thread, the breaker is shared."""

    def __init__(self):
        self.open_until = 0.0
        self.last_logged = float("-inf")
        self.lock = threading.Lock()

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, operation, error):
        now = time.monotonic()
        with self.lock:
            self.open_until = now + settings.SERVING_REDIS_BREAKER_SECONDS
            log = now - self.last_logged >= LOG_EVERY_SECONDS
            if log:
                self.last_logged = now
        if log:
            logger.warning(
                "Cache unavailable (%s failed: %s); serving without it for %s s",
                operation,
                error,
                settings.SERVING_REDIS_BREAKER_SECONDS,
            )

    def close(self):
        self.open_until = 0.0


breaker = _Breaker()


def _guarded(operation, fallback=lambda *args, **kwargs: False):
    """`operation` of the cache, answering `fallback(*its arguments)` at once while the
    breaker is open, or when Redis fails (which opens it)."""

    def guarded(self, *args, **kwargs):
        if not breaker.is_open():
            try:
                return operation(self, *args, **kwargs)
            except RedisError as error:
                breaker.trip(operation.__name__, error)
        return fallback(*args, **kwargs)

    return guarded


def _set_if_greater(self, key, number, timeout):
    client = self._cache.get_client(write=True)
    return bool(client.eval(SET_IF_GREATER, 1, self.make_and_validate_key(key), number, timeout))


class ResilientRedisCache(RedisCache):
    get = _guarded(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _guarded(RedisCache.get_many, lambda *args, **kwargs: {})
    set_many = _guarded(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    has_key = _guarded(RedisCache.has_key)
    set = _guarded(RedisCache.set)
    add = _guarded(RedisCache.add)
    touch = _guarded(RedisCache.touch)
    delete = _guarded(RedisCache.delete)
    delete_many = _guarded(RedisCache.delete_many)
    clear = _guarded(RedisCache.clear)
    # None: Redis did not answer (core.ratelimit tells that from a count).
    incr = _guarded(RedisCache.incr, lambda *args, **kwargs: None)

    # What serving.generation needs beyond Django's cache API.
    # Stores the integer `number` under `key` unless a higher one is there already.
    set_if_greater = _guarded(_set_if_greater)

    def ping(self):
        """Whether Redis answers now (the breaker is not consulted, nor changed)."""
        try:
            return bool(self._cache.get_client().ping())
        except RedisError:
            return False
