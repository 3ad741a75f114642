"""Two gunicorn servers sharing one Redis: a change shows at once on both.

Each server is a separate gunicorn master with one worker, so that a request can be
sent to a chosen worker. They share a SQLite file and a Redis database, as several
machines share PostgreSQL and Redis in production. Changes are made by a third
process, as an editor's request or a management command would.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.serving.test_redis_cache import REDIS_URL, redis_is_up

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.multiprocess


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(base, path):
    """GET with the public host name, as a load balancer forwards it; no redirects followed."""
    request = urllib.request.Request(base + path, headers={"Host": "localhost"})  # noqa: S310
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Deployment:
    def __init__(self, root, page_cache_seconds):
        self.root = root
        self.page_cache_seconds = page_cache_seconds
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{root / 'portal.sqlite3'}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": f"workers-{uuid.uuid4().hex}",
            "PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "off",
        }
        self.servers = []
        self.urls = []

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args, "-v0"],
            cwd=PROJECT_ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def run_python(self, code):
        """Make a change the way a command or the shell would, in another process."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    def start(self, count=2):
        for _ in range(count):
            port = free_port()
            self.servers.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(GUNICORN),
                        "portal.wsgi:application",
                        "-c",
                        "gunicorn.conf.py",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=PROJECT_ROOT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=(self.root / f"gunicorn-{port}.log").open("w"),
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        for url in self.urls:
            while fetch_or_none(url) != 200:
                assert time.monotonic() < deadline, f"{url} did not start: " + "".join(
                    log.read_text() for log in self.root.glob("gunicorn-*.log")
                )
                time.sleep(0.2)

    def stop(self):
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            server.wait(timeout=10)


def fetch_or_none(url):
    try:
        return fetch(url, "/healthz")[0]
    except OSError:
        return None


# With the page cache, and without it: then each worker renders every page, and only
# what pages share is kept per process (portal.shared_data), which must follow too.
@pytest.fixture(scope="module", params=[300, 0], ids=["page-cache", "shared-data-only"])
def deployment(request, tmp_path_factory):
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}.")
        pytest.skip(f"Redis is not running at {REDIS_URL}.")
    site = Deployment(tmp_path_factory.mktemp("deployment"), request.param)
    site.manage("migrate", "--noinput")
    site.manage("collectstatic", "--noinput")
    site.manage("load_demo_content")
    site.start()
    yield site
    site.stop()


def everywhere(deployment, path):
    """The page from each worker, after the change (each request warms the cache)."""
    return [fetch(url, path) for url in deployment.urls]


def test_a_page_cached_by_one_worker_is_served_by_the_other(deployment):
    first, second = deployment.urls
    fetch(first, "/what-we-do/")

    status, headers, _body = fetch(second, "/what-we-do/")

    assert status == 200
    if deployment.page_cache_seconds:
        assert headers["X-Page-Cache"] == "hit"
    else:
        assert "X-Page-Cache" not in headers


def test_a_threat_level_change_shows_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from threats.models import ThreatLevelSettings as T; T.load().change('national', 'SEVERE')"
    )

    for status, _headers, body in everywhere(deployment, "/"):
        assert status == 200
        assert ">SEVERE</strong>" in body
    for _status, _headers, body in everywhere(deployment, "/api/threat-level.json"):
        assert '"level": "SEVERE"' in body


def test_publish_unpublish_move_and_delete_show_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from wagtail.models import Site; from portal.models import StandardPage as S;"
        "home = Site.objects.get(is_default_site=True).root_page;"
        "p = S(title='Freshly published', slug='freshly-published', show_in_menus=True);"
        "home.add_child(instance=p); p.save_revision().publish()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Freshly published" in body

    deployment.run_python(
        "from portal.models import StandardPage as S;"
        "S.objects.get(slug='freshly-published').unpublish()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Freshly published" not in body

    everywhere(deployment, "/contact-and-reporting/")
    deployment.run_python(
        "from wagtail.models import Page;"
        "page = Page.objects.get(slug='contact-and-reporting');"
        "page.move(Page.objects.get(slug='what-we-do').specific, pos='last-child')"
    )
    # The old address redirects to the new one (Wagtail records a redirect on a move).
    for status, headers, _body in everywhere(deployment, "/contact-and-reporting/"):
        assert status == 301
        assert headers["Location"].endswith("/what-we-do/contact-and-reporting/")
    for status, _headers, body in everywhere(deployment, "/what-we-do/contact-and-reporting/"):
        assert status == 200
        assert "<h1>Contact and reporting</h1>" in body

    deployment.run_python(
        "from wagtail.models import Page; Page.objects.get(slug='contact-and-reporting').delete()"
    )
    for status, _headers, _body in everywhere(deployment, "/what-we-do/contact-and-reporting/"):
        assert status == 404


def test_news_published_shows_in_latest_news_and_feeds_on_both_workers(deployment):
    everywhere(deployment, "/")
    everywhere(deployment, "/feeds/news.atom")
    deployment.run_python(
        "import datetime; from news.models import NewsIndexPage, NewsArticlePage as A;"
        "index = NewsIndexPage.objects.get();"
        "a = A(title='Breaking test story', slug='breaking-test-story', kind='news',"
        " summary='A story.', published_date=datetime.date.today());"
        "index.add_child(instance=a); a.save_revision().publish()"
    )

    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Breaking test story" in body
    for _status, _headers, body in everywhere(deployment, "/news/"):
        assert "Breaking test story" in body
    for _status, _headers, body in everywhere(deployment, "/feeds/news.atom"):
        assert "Breaking test story" in body


def test_site_settings_and_quiz_changes_show_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from portal.models import SiteSettings as S; s = S.load();"
        "s.hotline_label = 'Renamed hotline'; s.save()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Renamed hotline" in body

    deployment.run_python(
        "from portal.models import FactOrFiction as F;"
        "F.objects.create(statement='A brand new quiz statement.', answer='fact',"
        " explanation='Because.')"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "A brand new quiz statement." in body


def test_a_view_restriction_shows_on_both_workers(deployment):
    everywhere(deployment, "/careers/")
    deployment.run_python(
        "from wagtail.models import Page, PageViewRestriction as R;"
        "R.objects.create(page=Page.objects.get(slug='careers'), restriction_type='login')"
    )
    for status, headers, _body in everywhere(deployment, "/careers/"):
        assert status == 302
        assert "login" in headers["Location"]
    for _status, _headers, body in everywhere(deployment, "/"):
        assert 'href="/careers/"' not in body

    deployment.run_python(
        "from wagtail.models import PageViewRestriction as R; R.objects.all().delete()"
    )
    for status, _headers, _body in everywhere(deployment, "/careers/"):
        assert status == 200
