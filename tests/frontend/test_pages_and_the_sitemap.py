"""On the demo content: pages are only read (any other method is a 405), and every
address the sitemap lists is one search engines may index."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.page_types import NOT_FOUND, PAGE_TYPES

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Wagtail pages of every type (search is a view, and the 404 no page).
PAGES = {
    name: path
    for name, path in PAGE_TYPES.items()
    if name != NOT_FOUND and not path.startswith("/search/")
}


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo content, loaded once for this module (tests/conftest.py)."""


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_pages_refuse_every_method_but_reading(client, demo, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    options = client.options(path)
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_every_page_in_the_sitemap_may_be_indexed(client, demo):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    paths = [urlsplit(loc.text).path for loc in sitemap.iter(SITEMAP + "loc")]

    assert set(PAGES.values()) <= set(paths)  # the report form too: people look for it
    for path in paths:
        html = client.get(path).content.decode()
        assert not re.search(r'<meta name="robots" content="[^"]*noindex', html), path
