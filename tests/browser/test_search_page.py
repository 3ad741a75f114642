"""The search page on a 320 px phone and a wide screen: nothing wider than the screen,
the kinds to filter by a wrapping row of 44 px links that keep the query, matched words
readable, the correction's way back to the words typed, axe on each state, and all of
it without JavaScript. Screenshots of each state when SEARCH_SHOTS names a folder (for a
person to look at, never compared)."""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.tabs import axe_problems, visitor

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [320, 1280]
MIN_TARGET = 44
# Each state a visitor meets, as the query string of /search/.
STATES = {
    "starting-points": "",
    "results": "?q=terror",
    "corrected": "?q=terrorsm",
    "did-you-mean": "?q=terrorsm&exact=1",
    "kind-chosen": "?q=careers&kind=role",
    "no-results": "?q=zzzzqqq",
    "page-2": "?q=security&page=2",
}
KIND_LINKS = "nav.search-kinds a"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The contrast of an element's text on its own background (WCAG 2.2's formula); None
# when the background is not opaque, as a highlight's must be.
CONTRAST = """element => {
    const channels = (value) => value.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const linear = [r, g, b].map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    };
    const style = getComputedStyle(element);
    const background = channels(style.backgroundColor);
    if (background.length > 3 && background[3] < 1) return null;
    const [a, b] = [luminance(channels(style.color)), luminance(background)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def count_in(label):
    """The count a filter link shows: "Threat categories (4)" → 4."""
    return int(re.search(r"\((\d+)\)$", label.strip()).group(1))


def result_count(tab):
    """The count the results heading gives: "14 results" → 14."""
    return int(tab.locator("#results-heading").inner_text().split()[0])


def tab_to_kinds(tab):
    """Tab from the search box to the first filter link, as a keyboard user would."""
    tab.locator("#search-query").focus()
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.closest('nav.search-kinds') !== null"):
            return
    raise AssertionError("no filter link in the Tab order")


def assert_fits(tab):
    assert tab.evaluate(OVERFLOW) <= 0, f"wider than the screen at {tab.url}"


@pytest.mark.parametrize("width", WIDTHS)
def test_results_fit_and_filter_by_kind(browser, demo_site, width):
    with visitor(browser, width=width) as tab:
        tab.goto(demo_site.url + "/search/?q=terror")
        assert_fits(tab)

        kinds = tab.locator(KIND_LINKS)
        assert kinds.count() > 2
        boxes = [kinds.nth(i).bounding_box() for i in range(kinds.count())]
        assert all(box["height"] >= MIN_TARGET for box in boxes), boxes
        # A row of links, not a bulleted list: the first two side by side.
        assert boxes[0]["y"] == boxes[1]["y"]
        assert boxes[1]["x"] > boxes[0]["x"]
        everything = kinds.first
        assert everything.get_attribute("aria-current") == "page"
        total = count_in(everything.inner_text())
        assert result_count(tab) == total

        # Matched words are marked, and readable on their highlight.
        mark = tab.locator(".search-results mark").first
        assert mark.inner_text().lower().startswith("terror")
        contrast = mark.evaluate(CONTRAST)
        assert contrast is not None and contrast >= 4.5, contrast

        # A filter link shows where the keyboard is.
        tab_to_kinds(tab)
        assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

        chosen = kinds.nth(1)
        label, href = chosen.inner_text(), chosen.get_attribute("href")
        chosen.click()
        tab.wait_for_url(re.compile(r"kind="))
        assert query_of(tab.url) == {"q": "terror", "kind": query_of(href)["kind"]}
        assert tab.locator("#search-query").input_value() == "terror"
        assert result_count(tab) == count_in(label) < total
        assert tab.locator("ol.search-results .card").count() == min(count_in(label), 10)
        current = tab.locator(f'{KIND_LINKS}[aria-current="page"]')
        assert current.count() == 1 and current.inner_text() == label
        assert_fits(tab)
        assert tab.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_correction_leads_back_to_the_words_typed(browser, demo_site, width):
    with visitor(browser, width=width) as tab:
        tab.goto(demo_site.url + "/search/?q=terrorsm")
        correction = tab.locator("p.search-correction")
        assert "Showing results for terrorism." in correction.inner_text()
        assert result_count(tab) > 0
        assert_fits(tab)

        correction.get_by_role("link", name="Search for “terrorsm” instead").click()
        tab.wait_for_url(re.compile(r"exact=1"))
        assert query_of(tab.url) == {"q": "terrorsm", "exact": "1"}
        assert tab.locator("#search-query").input_value() == "terrorsm"
        assert tab.title().startswith("Search results for “terrorsm”")
        # The words as typed, and the correction offered instead of applied.
        assert " ".join(correction.inner_text().split()) == "Did you mean terrorism?"
        assert_fits(tab)
        assert tab.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_works_without_javascript(browser, demo_site, width):
    with visitor(browser, width=width, javascript=False) as tab:
        tab.goto(demo_site.url + "/search/")
        assert tab.get_by_role("heading", name="Popular starting points").is_visible()
        assert tab.locator(".signpost").count() > 0
        assert_fits(tab)

        tab.get_by_label("Search this site").fill("zzzzqqq")
        tab.get_by_role("button", name="Search", exact=True).click()
        tab.wait_for_url(re.compile(r"q=zzzzqqq"))
        assert tab.get_by_text("No pages matched your search.").is_visible()
        assert tab.locator(KIND_LINKS).count() == 0

        tab.get_by_label("Search this site").fill("terror")
        tab.get_by_label("Search this site").press("Enter")
        tab.wait_for_url(re.compile(r"q=terror$"))
        assert tab.locator("ol.search-results .card").count() == 10
        assert_fits(tab)

        tab.get_by_role("link", name="Next page").click()
        tab.wait_for_url(re.compile(r"page=2"))
        assert query_of(tab.url) == {"q": "terror", "page": "2"}
        assert tab.get_by_text("Page 2 of").is_visible()

        # A filter from page 2 starts the kind's results from their first page.
        chosen = tab.locator(KIND_LINKS).nth(1)
        label = chosen.inner_text()
        chosen.click()
        tab.wait_for_url(re.compile(r"kind="))
        assert set(query_of(tab.url)) == {"q", "kind"}
        assert result_count(tab) == count_in(label)
        assert tab.locator(f'{KIND_LINKS}[aria-current="page"]').inner_text() == label
        assert_fits(tab)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_state_passes_axe_and_fits(browser, demo_site, width):
    axe = Axe()
    problems = {}
    with visitor(browser, width=width) as tab:
        for name, query in STATES.items():
            assert tab.goto(demo_site.url + "/search/" + query).status == 200
            found = axe_problems(tab, axe)
            if tab.evaluate(OVERFLOW) > 0:
                found.append("wider than the screen")
            if found:
                problems[name] = found
    assert problems == {}


@pytest.mark.skipif(not os.environ.get("SEARCH_SHOTS"), reason="set SEARCH_SHOTS to a folder")
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_screenshots_of_each_state(browser, demo_site, width):
    """Saved for a person to look at; nothing is compared."""
    shots = Path(os.environ["SEARCH_SHOTS"])
    shots.mkdir(parents=True, exist_ok=True)
    with visitor(browser, width=width) as tab:
        for name, query in STATES.items():
            tab.goto(demo_site.url + "/search/" + query)
            tab.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        # Where the keyboard is, on a filter link.
        tab.goto(demo_site.url + "/search/?q=terror")
        tab_to_kinds(tab)
        tab.keyboard.press("Tab")
        tab.screenshot(path=shots / f"focus-{width}.png")
