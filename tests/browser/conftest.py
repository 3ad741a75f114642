"""Browser journeys in Debian's Chromium, driven by Playwright (never its own browsers)."""

import os

import pytest

from tests.conftest import put_the_demo_in_place
from tools.chromium import CHROMIUM, CHROMIUM_ARGS


def pytest_configure(config):
    """The live server answers one request at a time. The test database is SQLite in
    memory, one connection that the server's request threads share; two requests at once
    (the admin's autosave beside a click on Publish) would run their transactions on it
    together, which no real deployment does (each worker has its own connection). Django
    closes each connection after its request on a server without threads, so the
    browser's parallel requests queue rather than wait on one another."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # Requests run in the live server's own thread, which uses those connections.
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = OneRequestAtATime


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI needs Chromium at {CHROMIUM} for the browser tests; none is installed."
            )
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django
    # would take for async code; the test's own database calls are synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    console_errors = []
    tab.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    tab.console_errors = console_errors
    yield tab
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The live server with the demo content: the same content for every journey, each
    starting from it afresh (a journey that edits leaves nothing for the next)."""
    put_the_demo_in_place()
    return live_server
