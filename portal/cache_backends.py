"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Every page, and Wagtail itself, reads the cache; without this a Redis outage would turn
into a 500 on every request. Failures are logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis (and its table of reply parsers) for
    every call; one per connection pool does, as the connections come from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _failed(self, operation, error):
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning("Cache unavailable (%s failed: %s); serving uncached", operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._failed("has_key", error)
            return False

    def _write(self, operation, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return False

    def set(self, *args, **kwargs):
        return self._write("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._write("add", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._write("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._write("delete", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        try:
            return super().set_many(*args, **kwargs)
        except RedisError as error:
            self._failed("set_many", error)
            return list(args[0]) if args else []

    def delete_many(self, *args, **kwargs):
        return self._write("delete_many", *args, **kwargs)

    def clear(self):
        return self._write("clear")
