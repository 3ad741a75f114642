"""The home page is light, serves every asset itself and blocks rendering on no script."""

import re

import pytest
from django.contrib.staticfiles import finders

HOME_BUDGET_BYTES = 60 * 1024


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo content, loaded once for this module (tests/conftest.py)."""


def asset_paths(html):
    """The site's own stylesheets and scripts the page loads (not feeds, icons)."""
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    return stylesheets + scripts


def test_home_page_html_css_and_js_fit_in_60_kb(client, demo):
    html = client.get("/").content.decode()

    assets = asset_paths(html)
    assert any(path.endswith(".css") for path in assets)
    assert any(path.endswith(".js") for path in assets)
    sizes = {"html": len(html.encode())}
    for path in assets:
        found = finders.find(path.removeprefix("/static/"))
        assert found, f"{path} is not a static file of the site"
        with open(found, "rb") as asset:
            sizes[path] = len(asset.read())
    assert sum(sizes.values()) <= HOME_BUDGET_BYTES, sizes


def test_every_asset_comes_from_the_site_itself(client, demo):
    for path in ("/", "/news/", "/what-we-do/cyber/", "/careers/"):
        html = client.get(path).content.decode()
        for tag in re.findall(r"<(?:script|link|img|source)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href|srcset)="([^"]*)"', tag):
                if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{path}: {tag}"


def test_no_script_blocks_rendering(client, demo):
    html = client.get("/").content.decode()

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " defer" in tag or 'type="application/ld+json"' in tag, tag


@pytest.mark.parametrize(
    "path",
    [
        "img/emblem.svg",
        "img/favicon.svg",
        "img/favicon-32.png",
        "img/apple-touch-icon.png",
        "img/icon-512.png",
        "img/social.png",
    ],
)
def test_icons_are_served(client, demo, path):
    html = client.get("/").content.decode()

    assert finders.find(path)
    assert path in html or path == "img/icon-512.png"


def test_favicon_ico_points_at_the_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_listing_images_are_responsive_and_lazy(client, demo):
    html = client.get("/news/").content.decode()

    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert pictures
    for picture in pictures:
        assert 'type="image/webp"' in picture
        assert "srcset=" in picture and "800w" in picture
        img = re.search(r"<img [^>]*>", picture).group(0)
        assert 'loading="lazy"' in img
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
