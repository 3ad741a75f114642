"""A CDN in front of the site is told what to drop, once per transaction, after the commit,
through the backends of wagtail.contrib.frontend_cache (a real HTTP purge endpoint here)."""

import collections
import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from wagtail.models import ReferenceIndex

import serving
from core.models import SiteSettings
from serving import changes as serving_changes
from serving.changes import EVERYTHING, Change, affected_urls
from tests import factories
from threats.models import Scope, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")

ROOT = "http://localhost"


class PurgeRecorder(BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    PurgeRecorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.received
    server.shutdown()


def test_a_publish_purges_once_after_the_commit(cdn, sections, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.standard_page(sections["careers"], "Open day")
        assert cdn == [], "nothing is sent before the commit"

    assert {"/careers/open-day/", "/careers/", "/feeds/news.atom", "/sitemap.xml"} <= set(cdn)
    # The feeds the news app names (serving_addresses_listing_pages), of every kind.
    assert {"/feeds/news/blog.rss", "/feeds/news/speech.atom"} <= set(cdn)
    # One batch: each address once, though the page was saved, revised and published.
    assert [path for path, count in collections.Counter(cdn).items() if count > 1] == []


def test_a_threat_level_change_purges_everything_once(
    cdn, sections, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # The settings row and a history row: two changes, one transaction.
        ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")

    assert {"/", "/careers/", "/threat-levels/", "/api/threat-level.json"} <= set(cdn)
    assert {"/embed/threat-level.svg", "/feeds/threat-level.rss", "/feeds/news.rss"} <= set(cdn)
    assert [path for path, count in collections.Counter(cdn).items() if count > 1] == []


def test_a_site_setting_purges_every_live_page(cdn, sections, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site_settings = SiteSettings.load()
        site_settings.site_name = "Renamed"
        site_settings.save()

    assert {"/", "/careers/", "/news/", "/threat-levels/", "/privacy/"} <= set(cdn)


def test_a_transaction_that_rolls_back_purges_nothing(
    cdn, sections, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        factories.standard_page(sections["careers"], "Never published")
        raise RuntimeError("the editor's request failed")

    assert callbacks == []
    assert cdn == []


def test_nothing_is_sent_without_a_cdn(settings, sections, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    PurgeRecorder.received = []

    with django_capture_on_commit_callbacks(execute=True):
        factories.standard_page(sections["careers"], "Quiet day")

    assert PurgeRecorder.received == []


def test_what_a_page_change_affects(sections):
    home, careers = sections["home"], sections["careers"]
    open_day = factories.standard_page(careers, "Open day")
    linking = factories.standard_page(
        sections["privacy"],
        "See also",
        body=[("paragraph", f'<p><a linktype="page" id="{open_day.pk}">Open day</a></p>')],
    )
    ReferenceIndex.create_or_update_for_object(linking)  # done by a task after the commit

    urls = serving.affected_urls(open_day)

    assert f"{ROOT}/careers/open-day/" in urls
    assert f"{ROOT}/careers/" in urls  # the page above lists it
    assert f"{ROOT}/privacy/see-also/" in urls  # it links to it
    assert f"{ROOT}/feeds/news.atom" in urls and f"{ROOT}/sitemap.xml" in urls
    assert f"{ROOT}/feeds/news/blog.rss" in urls  # every feed the news app names
    assert f"{ROOT}/privacy/" not in urls
    assert f"{ROOT}/api/threat-level.json" not in urls  # it lists no pages
    # The navigation lists the pages under home; every page shows the site settings.
    assert serving.affected_urls(careers) == EVERYTHING
    assert serving.affected_urls(home) == EVERYTHING
    assert affected_urls(Change("test")) == EVERYTHING


def test_a_moved_page_is_purged_at_its_old_address_too(sections):
    page = factories.standard_page(sections["careers"], "Open day")

    urls = serving.affected_urls(page, url_path_before="/test-home/privacy/open-day/")

    assert f"{ROOT}/privacy/open-day/" in urls
    assert f"{ROOT}/careers/open-day/" in urls


def test_news_shows_beside_every_page(sections):
    index = factories.news_index(sections["home"])
    article = factories.news_article(index, "A story", datetime.date(2024, 1, 1))

    assert serving.affected_urls(article) == EVERYTHING


class HungPurge(BaseHTTPRequestHandler):
    """A CDN that takes a purge and answers only when told to."""

    arrived = threading.Event()
    release = threading.Event()
    answered = threading.Event()

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        HungPurge.arrived.set()
        HungPurge.release.wait(30)
        self.send_response(200)
        self.end_headers()
        HungPurge.answered.set()

    def log_message(self, *args):
        pass


def test_a_hung_cdn_does_not_hold_the_change(
    settings, monkeypatch, sections, django_capture_on_commit_callbacks, caplog
):
    """Wagtail's backends have no timeout: a CDN that never answered held the manager's
    request until gunicorn killed it, a committed change reported as failed."""
    for event in (HungPurge.arrived, HungPurge.release, HungPurge.answered):
        event.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), HungPurge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    monkeypatch.setattr(serving_changes, "PURGE_WAIT_SECONDS", 0.5)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")

        assert HungPurge.arrived.wait(30), "the purge was sent"
        assert not HungPurge.answered.is_set(), "the change returned while the CDN held it"
        assert "CDN purge of" in caplog.text and "still running" in caplog.text
        assert ThreatLevelSettings.load().national_level == "SEVERE"
    finally:
        HungPurge.release.set()
        server.shutdown()
