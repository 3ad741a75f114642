"""A keyboard-only visitor: skip link, the navigation (also the 320 px menu), the quiz
and search, without a mouse."""

import pytest

from tests.browser.tabs import visitor

pytestmark = pytest.mark.django_db(transaction=True)


def tab_until(page, predicate_js, limit=60):
    """Press Tab until the focused element satisfies `predicate_js` (a JS arrow function)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {predicate_js}")


def focused_text(page):
    return page.evaluate("document.activeElement.textContent").strip()


def test_skip_link_then_focus_is_visible(page, demo_site):
    page.goto(demo_site.url + "/news/")

    page.keyboard.press("Tab")
    assert focused_text(page) == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab goes on from the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_menu_opens_with_the_keyboard_at_320px(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(demo_site.url + "/")
        menu_link = tab.locator(".main-nav a", has_text="Careers")
        assert not menu_link.is_visible()

        tab_until(tab, "el => el.tagName === 'SUMMARY'")
        assert focused_text(tab) == "Menu"
        box = tab.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        assert box["width"] >= 24 and box["height"] >= 24
        tab.keyboard.press("Enter")
        assert menu_link.is_visible()

        tab_until(tab, "el => el.textContent.trim() === 'Careers'", limit=10)
        tab.keyboard.press("Enter")
        tab.wait_for_url(demo_site.url + "/careers/")
        assert tab.get_by_role("heading", level=1).inner_text() == "Careers"

        # Space opens it too, and Escape closes it again.
        tab_until(tab, "el => el.tagName === 'SUMMARY'")
        tab.keyboard.press("Space")
        assert tab.locator(".main-nav a", has_text="News").is_visible()
        tab.keyboard.press("Escape")
        assert not tab.locator(".main-nav a", has_text="News").is_visible()
        assert focused_text(tab) == "Menu"

        # Tabbing on past the last link closes it: the menu lies over the page, and
        # what has the focus next must not be under it (WCAG 2.4.11).
        tab.keyboard.press("Enter")
        tab_until(tab, "el => el.textContent.trim() === 'Search'", limit=12)
        tab.keyboard.press("Tab")
        assert not tab.locator(".main-nav a", has_text="News").is_visible()
        assert not tab.evaluate("!!document.activeElement.closest('.main-nav')")
    finally:
        context.close()


def test_menu_works_without_javascript_at_320px(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(demo_site.url + "/")
        tab_until(tab, "el => el.tagName === 'SUMMARY'")
        tab.keyboard.press("Enter")
        tab_until(tab, "el => el.textContent.trim() === 'News'", limit=10)
        tab.keyboard.press("Enter")
        tab.wait_for_url(demo_site.url + "/news/")

        # Nothing closes it as focus leaves it, so it pushes the page down rather than
        # lying over it: what Tab reaches after its last link is not under it (2.4.11).
        tab_until(tab, "el => el.tagName === 'SUMMARY'")
        tab.keyboard.press("Enter")
        tab_until(tab, "el => el.textContent.trim() === 'Search'", limit=12)
        tab.keyboard.press("Tab")
        assert tab.evaluate("!!document.activeElement.closest('.threat-level-bar')")
        hidden = tab.evaluate(
            """() => {
                const el = document.activeElement, box = el.getBoundingClientRect();
                const hit = document.elementFromPoint(
                    box.x + box.width / 2, box.y + box.height / 2);
                return !hit || !(el === hit || el.contains(hit));
            }"""
        )
        assert not hidden
    finally:
        context.close()


def test_navigation_is_always_shown_on_wide_screens(page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site.url + "/")

    assert not page.locator(".main-nav__toggle").is_visible()
    for name in ("Home", "What we do", "Careers", "News", "Video transcripts", "Search"):
        assert page.locator(".main-nav").get_by_role("link", name=name, exact=True).is_visible()


def test_quiz_is_answered_with_the_keyboard_and_the_result_announced(page, demo_site):
    page.goto(demo_site.url + "/")

    tab_until(page, "el => el.tagName === 'BUTTON' && el.textContent.trim() === 'True'")
    page.keyboard.press("Tab")
    assert focused_text(page) == "False"
    page.keyboard.press("Enter")

    region = page.locator(".quiz [aria-live='polite']")
    region.get_by_text("Correct!").wait_for()
    assert "The answer: False. It is fiction." in region.inner_text()
    assert page.url == demo_site.url + "/"


def test_search_with_the_keyboard(page, demo_site):
    page.goto(demo_site.url + "/")

    tab_until(page, "el => el.closest('.main-nav') && el.textContent.trim() === 'Search'")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site.url + "/search/")
    tab_until(page, "el => el.id === 'search-query'")
    page.keyboard.type("counter-terrorism")
    page.keyboard.press("Enter")

    page.wait_for_url("**/search/?q=counter-terrorism")
    assert page.get_by_role("heading", level=1).inner_text() == "Search"
    results = page.locator(".search-results")
    assert results.get_by_role("link", name="Counter-terrorism").is_visible()
    assert page.console_errors == []


REGIONS = ".table-scroll"
REGION_STATES = """() => [...document.querySelectorAll(".table-scroll")].map(
    (region) => ({scrolls: region.scrollWidth > region.clientWidth + 1,
                  stop: region.getAttribute("tabindex") === "0"}))"""


@pytest.mark.parametrize("width", [320, 1280])
def test_a_region_is_a_tab_stop_only_where_it_scrolls(browser, demo_site, width):
    """The threat level history tables: a Tab stop lets a keyboard scroll them, but one
    that does not scroll at this width leads nowhere (static/js/scroll-regions.js);
    without JavaScript every region keeps its stop. The timelines fit every width, with
    their level names in view (on a phone they scrolled, the names out of view)."""
    with visitor(browser, width=width) as tab:
        tab.goto(demo_site.url + "/threat-levels/")
        tab.wait_for_load_state("load")
        states = tab.evaluate(REGION_STATES)
        charts = tab.evaluate(
            """() => [...document.querySelectorAll(".timeline")].map((chart) => ({
                fits: chart.scrollWidth <= chart.clientWidth + 1
                    && chart.getBoundingClientRect().right <= window.innerWidth,
                names: [...chart.querySelectorAll(".timeline__level")]
                    .filter((name) => name.getBoundingClientRect().left >= 0).length,
            }))"""
        )
    assert len(states) >= 2
    assert all(state["stop"] == state["scrolls"] for state in states), states
    assert any(not state["scrolls"] for state in states), states  # one at least is spared
    assert len(charts) == 2
    assert all(chart == {"fits": True, "names": 5} for chart in charts), charts

    with visitor(browser, width=width, javascript=False) as tab:
        tab.goto(demo_site.url + "/threat-levels/")
        regions = tab.locator(REGIONS)
        stops = tab.locator(".table-scroll[tabindex]")
        assert regions.count() == stops.count() == len(states)
