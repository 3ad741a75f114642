"""Never stale, whatever Redis does: two gunicorn servers (one worker each) share a Redis
that this suite starts on a port of its own, and break: hung (SIGSTOP), killed, flushed,
restarted empty. A change is made from another process while Redis is broken; every page
type, asked of both servers 2 s or more after the commit, shows it, during the fault and
after it heals. Speed is measured in `make bench`, not here.
"""

import json
import re
import time

import pytest

from tests.serving.servers import Deployment, redis_server_or_skip

pytestmark = pytest.mark.multiprocess

# The promise: every request sent this long after the commit shows the change.
SECONDS_AFTER_COMMIT = 2.0
# The workers stop trying Redis for this long after a failure (3 s in production; shorter
# here, so that each scenario waits less for Redis to be used again).
BREAKER_SECONDS = 1.0

PAGE_TYPES_CODE = """
import json
from wagtail.models import Page
urls = {}
for page in Page.objects.live().filter(depth__gte=2).specific().order_by("path"):
    urls.setdefault(type(page).__name__, page.url)
print(json.dumps(urls))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    redis = redis_server_or_skip(root)
    deployment = Deployment(
        root,
        redis_url=redis.url,
        PAGE_CACHE_SECONDS="300",
        REDIS_BREAKER_SECONDS=str(BREAKER_SECONDS),
    )
    deployment.redis = redis
    deployment.set_up()
    pages = json.loads(deployment.run_python(PAGE_TYPES_CODE).strip().splitlines()[-1])
    assert len(pages) >= 10, pages
    deployment.pages = sorted(pages.values())
    deployment.start()
    deployment.breaker_closed_by = 0.0  # when the workers' breakers are closed at the latest
    yield deployment
    deployment.stop()
    redis.stop()


@pytest.fixture
def healthy(site):
    """Each scenario starts with Redis up and every page cached with what was before."""
    if site.redis.process.poll() is not None:
        site.redis.start()
    site.redis.resume()
    # Past the workers' breaker (they use Redis again), unless the last scenario waited.
    time.sleep(max(0.0, site.breaker_closed_by - time.monotonic()))
    for _round in range(2):
        for path in site.pages:
            site.everywhere(path)
    started = time.monotonic()
    yield site
    if site.breaker_closed_by < started:
        # A request during the test may have opened a breaker: closed this long after.
        site.breaker_closed_by = time.monotonic() + BREAKER_SECONDS + 1


def national_level_shown(path, body):
    if path == "/api/threat-level.json":
        return json.loads(body)["national"]["level"]
    if path == "/embed/threat-level.svg":
        return re.search(r"\b(LOW|MODERATE|SUBSTANTIAL|SEVERE|CRITICAL)\b", body).group(1)
    found = re.search(r'class="threat-level threat-level--\w+">(\w+)</strong>', body)
    return found.group(1) if found else None


def stale_answers(site, paths, shows):
    """(server, path, status) of every answer that does not show the change."""
    stale = []
    for path in paths:
        for url, (status, _headers, body) in zip(site.urls, site.everywhere(path), strict=True):
            if status != 200 or not shows(path, body):
                stale.append((url, path, status))
    return stale


def wait_until_due(committed):
    time.sleep(max(0.0, committed + SECONDS_AFTER_COMMIT - time.monotonic()))


# How each fault starts and heals.
FAULTS = {
    "hung": (lambda redis: redis.hang(), lambda redis: redis.resume()),
    "killed": (lambda redis: redis.kill(), lambda redis: redis.start()),
    "restarted empty": (lambda redis: (redis.kill(), redis.start()), lambda redis: None),
    "flushed": (lambda redis: None, lambda redis: redis.flush()),
}

LEVELS = iter(["SEVERE", "SUBSTANTIAL"] * 20)


def change_level(site):
    level = next(LEVELS)
    site.run_python(
        "from threats.models import ThreatLevelSettings as T;"
        f"T.load().change('national', '{level}')"
    )
    paths = [*site.pages, "/api/threat-level.json", "/embed/threat-level.svg", "/search/?q=cyber"]
    return paths, lambda path, body: national_level_shown(path, body) == level


def publish_page(site):
    title = f"Published during a fault {time.monotonic_ns()}"
    site.run_python(
        "from wagtail.models import Site; from core.models import StandardPage as S;"
        "home = Site.objects.get(is_default_site=True).root_page;"
        f"p = S(title='{title}', slug='p-{time.monotonic_ns()}', show_in_menus=True);"
        "home.add_child(instance=p); p.save_revision().publish()"
    )
    # A page under home joins the navigation of every page.
    return site.pages, lambda path, body: title in body


def change_setting(site):
    label = f"Hotline renamed {time.monotonic_ns()}"
    site.run_python(
        "from core.models import SiteSettings as S; s = S.load();"
        f"s.hotline_label = '{label}'; s.save()"
    )
    return site.pages, lambda path, body: label in body


CHANGES = {"threat level": change_level, "page": publish_page, "site setting": change_setting}
SCENARIOS = [("threat level", fault) for fault in FAULTS] + [
    (change, fault) for change in ("page", "site setting") for fault in ("hung", "killed")
]


@pytest.mark.parametrize(("change", "fault"), SCENARIOS, ids=[" / ".join(s) for s in SCENARIOS])
def test_a_change_shows_everywhere_whatever_redis_does(healthy, change, fault):
    site = healthy
    break_redis, heal_redis = FAULTS[fault]

    break_redis(site.redis)
    paths, shows = CHANGES[change](site)
    committed = time.monotonic()
    if fault == "flushed":
        heal_redis(site.redis)  # right after the commit: the announcement is lost
    wait_until_due(committed)

    assert stale_answers(site, paths, shows) == [], f"stale while Redis is {fault}"
    if fault != "flushed":
        heal_redis(site.redis)
    assert stale_answers(site, paths, shows) == [], f"stale once Redis {fault} has healed"
    # The breaker closes: Redis (which may still hold old pages) is used again.
    time.sleep(BREAKER_SECONDS + 1)
    site.breaker_closed_by = time.monotonic()  # closed: Redis answers from now on
    assert stale_answers(site, paths, shows) == [], f"stale once Redis is used again ({fault})"


def test_the_health_check_reports_a_hung_cache_without_failing(healthy):
    site = healthy
    site.redis.hang()
    try:
        for status, _headers, body in site.everywhere("/healthz"):
            assert status == 200
            assert json.loads(body) == {"status": "degraded", "database": "ok", "cache": "degraded"}
    finally:
        site.redis.resume()


CLOSE_A_ROLE_SOON = """
from datetime import timedelta
from django.utils import timezone
from careers.models import RoleProfilePage as R
role = R.objects.live().order_by("path").first()
role.closes_at = timezone.now() + timedelta(seconds=10)
role.save_revision().publish()
print(role.url, role.closes_at.timestamp())
"""


def test_a_role_closes_on_time_while_redis_is_hung(healthy):
    """A moment that is no commit: nothing is run when the role closes, yet 2 s after it
    no server lists the role, with the Redis that knew the moment hung."""
    site = healthy
    role_url, closes_at = site.run_python(CLOSE_A_ROLE_SOON).strip().splitlines()[-1].split()
    for _round in range(2):
        for path in ("/careers/", role_url):
            for status, _headers, _body in site.everywhere(path):
                assert status == 200
    assert all(f'href="{role_url}"' in body for _s, _h, body in site.everywhere("/careers/"))

    site.redis.hang()
    try:
        time.sleep(max(0.0, float(closes_at) + SECONDS_AFTER_COMMIT - time.time()))
        for _status, _headers, body in site.everywhere("/careers/"):
            assert f'href="{role_url}"' not in body
        for _status, _headers, body in site.everywhere(role_url):
            assert "This vacancy is now closed" in body
    finally:
        site.redis.resume()
