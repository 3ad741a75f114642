"""The shared cache on a real Redis, and what happens when Redis goes away."""

import os
import socket
import uuid

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def worker_redis_url(base):
    """A Redis database of this test worker's own (pytest-xdist runs one per core), so
    that one worker's flush never empties another's: the base database, then the ones
    below it two at a time (the PostgreSQL run's base sits one below the SQLite run's)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    server, database = base.rsplit("/", 1)
    return f"{server}/{int(database) - 2 * int(worker.removeprefix('gw'))}"


REDIS_URL = worker_redis_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


def redis_is_up():
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        return False
    return True


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_settings(url):
    return {
        "default": {
            "BACKEND": "serving.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "template_fragments": {"BACKEND": "serving.process.FragmentCache"},
        "listing_fragments": {
            "BACKEND": "serving.process.FragmentCache",
            "LOCATION": "listing-fragments",
        },
    }


@pytest.fixture
def on_redis(settings, sections, commits_at_once):
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}.")
        pytest.skip(f"Redis is not running at {REDIS_URL}.")
    settings.CACHES = redis_settings(REDIS_URL)
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    yield sections
    cache.clear()


def test_pages_are_cached_in_redis_and_purged(client, on_redis):
    from threats.models import Scope, ThreatLevelSettings

    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")

    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert ">SEVERE</strong>" in response.content.decode()


def test_pages_are_served_uncached_when_redis_is_down(client, settings, sections):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    settings.SERVING_PAGE_CACHE_SECONDS = 300

    for path in ("/", "/careers/", "/threat-levels/", "/api/threat-level.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


def test_the_health_check_says_the_cache_answers(client, on_redis):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_the_resilient_backend_reports_misses_not_errors(settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")

    assert cache.get("anything", "fallback") == "fallback"
    assert cache.set("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}


def stored_pages():
    """How many pages the cache holds under this test's key prefix (Redis's own count)."""
    import redis

    prefix = settings_prefix()
    client = redis.Redis.from_url(REDIS_URL)
    return sum(1 for _key in client.scan_iter(match=f"{prefix}:*page-cache:*", count=1000))


def settings_prefix():
    from django.conf import settings

    return settings.CACHES["default"]["KEY_PREFIX"]


def test_random_query_strings_add_no_entries(client, on_redis):
    """1,000 requests with tracking or made-up parameters: one page stored, not 1,000."""
    names = ["utm_source", "utm_campaign", "fbclid", "gclid", "x", "page_size", "q"]
    for number in range(1_000):
        name = names[number % len(names)]
        response = client.get(f"/?{name}={uuid.uuid4().hex}&{uuid.uuid4().hex[:6]}=1")
        assert response.status_code == 200

    assert stored_pages() == 1


def test_parameters_a_page_does_not_use_are_not_stored_per_value(client, on_redis):
    # `page` means something on the news index, nothing on the home page.
    for number in range(1, 30):
        assert client.get(f"/?page={number}").status_code == 200

    assert stored_pages() == 0
    client.get("/")
    assert stored_pages() == 1


def test_a_planted_parameter_never_reaches_another_visitors_links(client, on_redis):
    import datetime

    from tests import factories

    index = factories.news_index(on_redis["home"])
    for day in range(1, 14):
        factories.news_article(index, f"Story {day}", datetime.date(2024, 1, day))
    planted = client.get("/news/?kind=news&evil=planted-value&area=elsewhere")
    assert planted.status_code == 200
    assert "planted-value" not in planted.content.decode()
    assert "elsewhere" not in planted.content.decode()

    for path in ("/news/?kind=news", "/news/?kind=news&page=2", "/news/"):
        body = client.get(path).content.decode()
        assert "planted" not in body and "elsewhere" not in body
        assert "evil" not in body


def test_every_entry_in_redis_has_a_lifetime(client, on_redis):
    """Redis is run with allkeys-lru and may be small: nothing the site stores is forever."""
    import redis

    from threats.models import Scope, ThreatLevelSettings

    for path in ("/", "/careers/", "/threat-levels/", "/api/threat-level.json"):
        client.get(path)
    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")  # announces a generation
    client.get("/")

    raw = redis.Redis.from_url(REDIS_URL)
    keys = list(raw.scan_iter(match=f"{settings_prefix()}:*", count=1000))
    assert len(keys) >= 4
    assert {key: raw.ttl(key) for key in keys if raw.ttl(key) <= 0} == {}


def test_a_cdn_keeps_a_page_a_short_while_as_its_purge_can_fail(client, on_redis, settings, caplog):
    """Redis keeps a page while its generation lasts; a CDN learns of a change only from
    a purge, so it keeps a page CDN_CACHE_SECONDS (10) and serves it stale 5 more at most:
    where a purge fails, an old threat level stays there 15 s, not the page cache's 300."""
    import redis

    from threats.models import Scope, ThreatLevelSettings

    settings.WAGTAILFRONTENDCACHE = {  # a CDN whose purge endpoint refuses connections
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{closed_port()}",
        }
    }
    assert client.get("/")["X-Page-Cache"] == "miss"
    stored = client.get("/")

    assert stored["X-Page-Cache"] == "hit"
    assert "s-maxage=10," in stored["Cache-Control"]
    assert "stale-while-revalidate=5" in stored["Cache-Control"]
    raw = redis.Redis.from_url(REDIS_URL)
    [key] = raw.scan_iter(match=f"{settings_prefix()}:*page-cache:*", count=1000)
    assert 290 <= raw.ttl(key) <= 300

    ThreatLevelSettings.load().change(Scope.NATIONAL, "CRITICAL")
    after = client.get("/")

    assert any(r.name == "wagtail.frontendcache" for r in caplog.records)  # purge failed

    assert after["X-Page-Cache"] == "miss"
    assert "CRITICAL" in after.content.decode()
    assert "s-maxage=10," in after["Cache-Control"]


class HungRedis:
    """A port that accepts connections and never answers, as a Redis under SIGSTOP does;
    it counts the connections made to it."""

    def __init__(self):
        import threading

        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def test_after_a_timeout_the_breaker_leaves_redis_alone(settings):
    from serving.cache_backends import breaker

    hung = HungRedis()
    try:
        settings.CACHES = redis_settings(f"redis://127.0.0.1:{hung.port}/0")
        settings.SERVING_REDIS_BREAKER_SECONDS = 60

        assert cache.get("a-key", "fallback") == "fallback"  # waited for the timeout
        assert breaker.is_open()
        tried = len(hung.accepted)
        for _call in range(20):
            assert cache.get("a-key", "fallback") == "fallback"
            assert cache.set("a-key", "value") is False
        assert len(hung.accepted) == tried == 1

        breaker.close()  # what the end of the breaker's time does
        cache.get("a-key")
        assert breaker.is_open()
    finally:
        hung.close()
