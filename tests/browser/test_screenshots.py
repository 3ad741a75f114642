"""Full-page screenshots of every page type at 320, 390 and 1280 px, for a person to look
at (`make screenshots`); nothing is compared. Skipped unless SCREENSHOTS names the folder
to write them to, as <type>-<width>.png."""

import os
from pathlib import Path

import pytest

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
