"""Full-page screenshots of every page type at 320, 390 and 1280 px, for a person to look
at (`make screenshots`); nothing is compared. Skipped unless SCREENSHOTS names the folder
to write them to, as <type>-<width>.png."""

import os
from pathlib import Path

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.browser.tabs import visitor
from tests.page_types import NOT_FOUND, PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [320, 390, 1280]
# Pictures below the fold load lazily, and a full-page screenshot scrolls nothing: they
# are asked for now, and awaited with the fonts, so the picture shows the whole page.
LOAD_EVERYTHING = """async () => {
    for (const img of document.querySelectorAll("img[loading='lazy']")) img.loading = "eager";
    await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
    await document.fonts.ready;
}"""


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS"), reason="set SCREENSHOTS to a folder")
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page_type(browser, demo_site, width):
    folder = Path(os.environ["SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    with visitor(browser, width=width) as tab:
        for name, path in PAGE_TYPES.items():
            response = tab.goto(demo_site.url + path)
            assert response.status == (404 if name == NOT_FOUND else 200), path
            tab.evaluate(LOAD_EVERYTHING)
            tab.screenshot(path=folder / f"{name.replace(' ', '-')}-{width}.png", full_page=True)
        # A page an editor made private with a password: its form.
        standard = PAGE_TYPES["standard page"]
        private = Page.objects.get(url_path__endswith=standard)
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        tab.goto(demo_site.url + standard)
        tab.screenshot(path=folder / f"password-required-{width}.png", full_page=True)
        restriction.delete()
