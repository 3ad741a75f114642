"""A CDN in front of the site is told what to drop (wagtail.contrib.frontend_cache)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.models import SiteSettings
from tests import factories


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


def test_publishing_purges_the_page_its_parents_and_listings(cdn, sections):
    factories.standard_page(sections["careers"], "Open day")

    assert "/careers/open-day/" in cdn
    assert "/careers/" in cdn
    assert "/" in cdn
    assert "/feeds/news.atom" in cdn
    assert "/sitemap.xml" in cdn


def test_a_site_setting_purges_every_live_page(cdn, sections):
    cdn.clear()
    site_settings = SiteSettings.load()
    site_settings.site_name = "Renamed"
    site_settings.save()

    assert {"/", "/careers/", "/news/", "/threat-levels/"} <= set(cdn)


def test_nothing_is_sent_without_a_cdn(settings, sections):
    settings.WAGTAILFRONTENDCACHE = {}
    PurgeRecorder.received = []

    factories.standard_page(sections["careers"], "Quiet day")

    assert PurgeRecorder.received == []
