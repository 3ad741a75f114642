"""Every page type of the demo content, in one load of it:

- valid HTML to the Nu HTML checker (vnu.jar, installed by `make test` from npm into
  .local/vnu; run with Java): no errors, once per page type in one run of the checker.
  Outside CI the test skips where Java or the checker is missing; in CI it fails;
- only read: any method but GET, HEAD and OPTIONS is a 405;
- open to search engines wherever the sitemap lists it."""

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from core.views import server_error
from tests.page_types import NOT_FOUND, PAGE_TYPES

VNU_JAR = Path(
    os.environ.get("VNU_JAR")
    or settings.BASE_DIR / ".local/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)

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


def checker():
    """The command that runs the checker, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    missing = [
        what
        for what, there in (
            ("Java", java),
            (f"the Nu HTML checker at {VNU_JAR}", VNU_JAR.is_file()),
        )
        if not there
    ]
    if missing:
        message = (
            f"The HTML check needs {' and '.join(missing)} "
            "(`make html-checker`; Java: apt-get install -y default-jre-headless)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def errors_in(command, folder):
    """The checker's errors for each file in the folder, by file name."""
    # --exit-zero-always: errors are read from the report; a non-zero exit is the
    # checker itself failing.
    run = subprocess.run(
        [*command, "--exit-zero-always", *sorted(str(p) for p in folder.iterdir())],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found = {}
    for message in json.loads(run.stderr)["messages"]:
        name = Path(message.get("url", "")).stem
        found.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return found


def test_every_page_type_has_no_html_errors(client, demo, tmp_path):
    command = checker()
    for name, path in PAGE_TYPES.items():
        response = client.get(path)
        assert response.status_code == (404 if name == NOT_FOUND else 200), path
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    # The error pages made from the settings alone (error.html).
    bad_host = client.get("/", HTTP_HOST="forged.example")
    assert bad_host.status_code == 400
    (tmp_path / "error-400.html").write_bytes(bad_host.content)
    (tmp_path / "error-500.html").write_bytes(server_error(RequestFactory().get("/")).content)
    # A page an editor made private with a password shows its form (templates/wagtailcore).
    private = Page.objects.get(url_path__endswith=PAGES["standard page"])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    password_form = client.get(PAGES["standard page"])
    assert b"Password required" in password_form.content
    (tmp_path / "password-required.html").write_bytes(password_form.content)

    assert errors_in(command, tmp_path) == {}


def test_the_checker_reports_an_error_it_is_shown(tmp_path):
    """The check above would see a broken page: the checker and the reading of its report
    both work."""
    command = checker()
    (tmp_path / "broken.html").write_text(
        "<!doctype html><html lang=en><title>x</title><p><div>a</p></span>"
    )
    (tmp_path / "fine.html").write_text("<!doctype html><html lang=en><title>x</title><p>a</p>")

    found = errors_in(command, tmp_path)

    assert list(found) == ["broken"]
    assert any("span" in error for error in found["broken"])


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
