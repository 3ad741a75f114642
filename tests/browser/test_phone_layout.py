"""On a 320 px-wide phone with the menu closed, the emergency strip, the header and the
threat level bar take at most 160 px, with 16 px text and 44 px tap targets, and still
say everything: the numbers, the level and its meaning, the way to the threat levels
page."""

import json
import re
from itertools import pairwise

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

MAX_HEIGHT = 160
MIN_TEXT = 16
MIN_TARGET = 44


def box(locator):
    return locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            return {top: box.top, bottom: box.bottom, height: box.height, width: box.width,
                    font: parseFloat(getComputedStyle(element).fontSize)};
        }"""
    )


@pytest.mark.parametrize("width", [320, 390])
def test_the_first_screen_keeps_room_for_the_page(browser, demo_site, width):
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    page.goto(demo_site.url + "/what-we-do/cyber/")

    strip = page.get_by_role("region", name="Emergency contacts")
    bar = page.get_by_role("region", name="National threat level", exact=True)
    assert box(bar)["bottom"] <= MAX_HEIGHT
    assert box(page.locator("h1"))["top"] < 320  # the page starts in the first screen

    # The numbers: buttons to call, side by side, named as before.
    emergency = strip.get_by_role("link", name="999")
    hotline = strip.get_by_role("link", name="Hotline 0800 789 321")
    for link in (emergency, hotline):
        assert box(link)["height"] >= MIN_TARGET and box(link)["font"] >= MIN_TEXT
    assert box(emergency)["top"] == box(hotline)["top"]
    assert hotline.get_attribute("href") == "tel:0800789321"
    # The sentences are still read out.
    assert "Anti-Terrorist Hotline" in strip.text_content()

    # The bar: the level in words, its meaning, all of it the link onwards.
    assert "SUBSTANTIAL" in bar.inner_text() and "an attack is likely" in bar.inner_text()
    assert box(bar.locator("p"))["font"] >= MIN_TEXT
    assert box(bar.locator("p"))["height"] >= MIN_TARGET
    # The link covers the bar: a tap on the meaning follows it.
    meaning = bar.locator(".threat-level-bar__meaning").bounding_box()
    page.mouse.click(meaning["x"] + meaning["width"] / 2, meaning["y"] + meaning["height"] / 2)
    page.wait_for_url(demo_site.url + "/threat-levels/")

    for target in (page.locator(".site-brand"), page.get_by_text("Menu", exact=True)):
        assert box(target)["height"] >= MIN_TARGET
    context.close()


def test_wide_screens_show_the_full_sentences(page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site.url + "/")

    strip = page.get_by_role("region", name="Emergency contacts")
    assert "Anti-Terrorist Hotline: 0800 789 321" in " ".join(strip.inner_text().split())
    assert strip.get_by_role("link", name="0800 789 321").is_visible()
    bar = page.get_by_role("region", name="National threat level", exact=True)
    assert "Current national threat level: SUBSTANTIAL" in " ".join(bar.inner_text().split())
    assert bar.get_by_role("link", name="Read more about threat levels").is_visible()


@pytest.mark.parametrize("width", [500, 768, 1024])
def test_the_hotline_s_name_and_number_stay_on_one_line(page, demo_site, width):
    """Found by an audit: at 768 px the number wrapped alone onto a second line, away
    from the name saying what it is."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url + "/")

    strip = page.get_by_role("region", name="Emergency contacts")
    name = strip.get_by_text("Anti-Terrorist Hotline:", exact=True)
    number = strip.get_by_role("link", name="0800 789 321")
    assert round(box(name)["top"]) == round(box(number)["top"])


def test_the_current_pages_link_does_not_move_the_others(page, demo_site):
    """On wide screens the menu is a row: moving from page to page leaves every link where
    it was, and the gaps between them are even (each link kept the width of its bold form,
    and the gaps ran from 19 to 32 px, found by an audit: the current page's link is marked
    by a thicker underline there now, bold in the phone's list)."""
    page.set_viewport_size({"width": 1280, "height": 800})

    def link_boxes(path):
        page.goto(demo_site.url + path)
        links = page.locator(".main-nav__list a")
        return [links.nth(i).bounding_box() for i in range(links.count())]

    on_home = link_boxes("/")
    on_careers = link_boxes("/careers/")
    assert page.locator('.main-nav__list a[aria-current="page"]').inner_text() == "Careers"
    assert len(on_home) >= 5
    assert [(b["x"], b["width"]) for b in on_careers] == [(b["x"], b["width"]) for b in on_home]
    assert {round(b["height"]) for b in on_home} == {round(on_home[0]["height"])}
    # Between the words as drawn (each link's text, not its box).
    texts = page.locator(".main-nav__list a").evaluate_all(
        """links => links.map(link => {
            const range = document.createRange();
            range.selectNodeContents(link);
            const box = range.getBoundingClientRect();
            return {left: box.left, right: box.right, top: Math.round(box.top)};
        })"""
    )
    row = [text for text in texts if text["top"] == texts[0]["top"]]
    gaps = [right["left"] - left["right"] for left, right in pairwise(row)]
    assert max(gaps) - min(gaps) <= 1, gaps


@pytest.mark.parametrize("width", [768, 800, 1280])
def test_the_demo_menu_is_one_row_on_wider_screens(page, demo_site, width):
    """From 768 px the menu is shown whole: the demo's links fit one row (from 768 to about
    805 px "Search" wrapped alone onto a second)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url + "/")

    links = page.locator(".main-nav__list a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert links.count() == 7
    assert len(tops) == 1, tops


@pytest.mark.parametrize("width", [700, 900, 1280])
def test_the_latest_news_leave_no_row_half_empty(page, demo_site, width):
    """Three latest news in two columns (640 to 959 px) left half a row empty: the odd last
    card takes the whole row, its picture beside its text; three columns are one row."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url + "/")

    cards = page.locator(".latest-news .card")
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    rows = {}
    for card in boxes:
        rows.setdefault(round(card["y"]), []).append(card)
    list_width = page.locator(".latest-news .card-list").bounding_box()["width"]

    assert len(boxes) == 3
    for row in rows.values():  # every row is filled, edge to edge
        right = max(card["x"] + card["width"] for card in row)
        assert right - min(card["x"] for card in row) == pytest.approx(list_width, abs=2)
    if len(rows) == 2:  # the wide last card: its picture beside its text, not above it
        last = cards.nth(2)
        picture, body = last.locator(".card__media").bounding_box(), last.locator(".card__body")
        assert body.bounding_box()["x"] >= picture["x"] + picture["width"]


def test_the_two_current_levels_line_up_side_by_side(page, demo_site):
    """The Northern Ireland card's heading wraps onto more lines: its level, meaning and
    date stood lower than the national card's."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site.url + "/threat-levels/")
    # Whatever the fonts, the second heading is the longer by a line or more.
    page.locator(".current-level h2").nth(1).evaluate(
        "h => { h.textContent += ' in the words of a long translation'; }"
    )

    tops = page.locator(".current-level").evaluate_all(
        """cards => cards.map(card => [...card.children].map(
            part => Math.round(part.getBoundingClientRect().top)))"""
    )
    headings = page.locator(".current-level h2").evaluate_all(
        """hs => hs.map(h => {  // the text's height (a grid row stretches the element)
            const text = document.createRange();
            text.selectNodeContents(h);
            return Math.round(text.getBoundingClientRect().height);
        })"""
    )

    assert len(tops) == 2 and headings[0] < headings[1]  # one heading wraps, one does not
    assert tops[0] == tops[1]


# How many lines an element's text takes.
LINES = """el => {
    const text = document.createRange();
    text.selectNodeContents(el);
    return new Set([...text.getClientRects()].map(r => Math.round(r.top))).size;
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_longest_level_keeps_to_one_line_in_the_home_page_s_card(page, demo_site, width):
    """At 320 px, SUBSTANTIAL broke in the middle of the word ("SUBSTANTIA", "L")."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url + "/")
    badge = page.locator(".level-card .threat-level")
    badge.evaluate("b => { b.textContent = 'SUBSTANTIAL'; }")  # whatever the demo's level
    assert badge.evaluate(LINES) == 1


@pytest.mark.parametrize(("width", "shown"), [(320, False), (1280, True)])
def test_on_a_phone_the_trail_ends_with_the_section_above_the_page_s_heading(
    page, demo_site, width, shown
):
    """The current page's crumb repeats the heading just below it: a long title filled
    several lines of a phone's first screen twice."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site.url + "/news/")
    page.get_by_role("link", name="Read full article").first.click()

    # The click returns before the article has loaded: wait for it.
    expect(page).to_have_url(re.compile(r"/news/[^/]+/$"), timeout=30_000)
    current = page.locator('.breadcrumbs [aria-current="page"]')
    expect(current).to_have_count(1, timeout=30_000)
    assert current.is_visible() is shown
    assert page.locator(".breadcrumbs").get_by_role("link", name="News").is_visible()


def test_at_twice_the_text_size_nothing_covers_the_numbers_nor_leaves_the_screen(
    browser, demo_site
):
    """Text at 200% (a phone's font setting): the skip link stays above the page until
    focused (a fixed offset let it cover 999), a hotline's short name as long as the
    settings allow wraps inside its button rather than run off the screen, and the brand
    keeps clear of the menu button."""
    from core.models import SiteSettings

    site_settings = SiteSettings.load()
    site_settings.hotline_short_label = "Anti-Terror Hotline"
    site_settings.save()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(demo_site.url + "/what-we-do/cyber/")
    page.evaluate("document.documentElement.style.fontSize = '200%'")

    skip = page.locator(".skip-link")
    assert box(skip)["bottom"] <= 0
    hotline = page.get_by_role("region", name="Emergency contacts").get_by_role(
        "link", name="Anti-Terror Hotline 0800 789 321"
    )
    edge = hotline.evaluate("link => link.getBoundingClientRect().right")
    assert edge <= 320
    # The menu button goes below the brand rather than over it.
    brand = page.locator(".site-brand").evaluate(
        """brand => {  // its text as drawn, wherever it runs
            const range = document.createRange();
            range.selectNodeContents(brand);
            const box = range.getBoundingClientRect();
            return {right: box.right, bottom: box.bottom, lines: range.getClientRects().length};
        }"""
    )
    menu = page.get_by_text("Menu", exact=True).bounding_box()
    assert brand["right"] <= menu["x"] or brand["bottom"] <= menu["y"]
    assert brand["lines"] <= 6  # "MI5", then the rest in words, not letter by letter
    page.keyboard.press("Tab")
    assert box(skip)["top"] >= 0
    context.close()


# WCAG 1.4.12's text spacing, as a reader's style sheet or bookmarklet applies it.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)


@pytest.mark.parametrize("width", [320, 1280])
def test_with_wider_text_spacing_the_skip_link_leaves_no_trace_until_focused(
    browser, demo_site, width
):
    """Its height then ends in half a pixel, and a gold line of it showed along the top
    of every page: the top rows are drawn the same with the link taken out."""
    # (The site's CSP refuses a style sheet added to the page, as it should.)
    context = browser.new_context(viewport={"width": width, "height": 640}, bypass_csp=True)
    page = context.new_page()
    page.goto(demo_site.url + "/")
    page.add_style_tag(content=TEXT_SPACING)
    top = {"x": 0, "y": 0, "width": width, "height": 4}
    with_link = page.screenshot(clip=top)
    page.locator(".skip-link").evaluate("link => { link.style.display = 'none'; }")
    without_link = page.screenshot(clip=top)
    page.locator(".skip-link").evaluate("link => { link.style.display = ''; }")

    assert with_link == without_link
    page.keyboard.press("Tab")
    assert box(page.locator(".skip-link"))["top"] >= 0
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_threat_level_bar_s_link_is_named_by_what_the_bar_says_read_once(
    browser, demo_site, width
):
    """On phones the whole bar is the link, and its name was "Read more about threat
    levels" alone: a voice user saying what they see ("SUBSTANTIAL") found no link (WCAG
    2.5.3). Its name is what the bar says, then where it leads; the words are read once."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    page.goto(demo_site.url + "/what-we-do/cyber/")
    bar = page.get_by_role("region", name="National threat level", exact=True)

    name = "Current national threat level: SUBSTANTIAL (an attack is likely)"
    link = bar.get_by_role("link", name=f"{name} Read more about threat levels", exact=True)
    assert link.count() == 1
    assert bar.aria_snapshot().count("SUBSTANTIAL") == 1
    # (its chevron on phones, its underline)
    look = """link => [getComputedStyle(link, "::before").content,
                       getComputedStyle(link).textDecorationLine]"""
    way_on = link.evaluate(look)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site.url + "/threat-levels/")
    # There it leads to the page itself: marked current, and it reads as text.
    here = page.locator(".threat-level-bar__link")
    assert here.get_attribute("aria-current") == "page"
    assert here.evaluate(look) == ["none", "none"] != way_on
    context.close()


def test_text_at_twice_its_size_keeps_every_page_within_a_phone_s_width(
    browser, demo_site, tmp_path
):
    """WCAG 1.4.4, found by an audit: with the browser's text at 200 % on a phone, the
    hotline's number widened the contact page to 411 px, a promotion's longest word the
    home page, and the threat levels chart shrank to 55 px with its years printed on one
    another. The chart now gives way to the table under it, which holds the same changes."""
    from tools.chromium import CHROMIUM, CHROMIUM_ARGS

    preferences = tmp_path / "Default" / "Preferences"
    preferences.parent.mkdir()
    preferences.write_text(json.dumps({"webkit": {"webprefs": {"default_font_size": 32}}}))
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    page = context.new_page()
    paths = ["/", "/contact-and-reporting/", "/threat-levels/", "/what-we-do/cyber/", "/news/"]
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            page.goto(demo_site.url + path)
            root_font = page.evaluate("getComputedStyle(document.documentElement).fontSize")
            assert root_font == "32px"  # the browser's text is twice its size
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)
        page.goto(demo_site.url + "/threat-levels/")
        assert page.locator(".timeline-figure").first.is_hidden()
        expect(page.get_by_role("table").first).to_be_visible()
    # At the usual size the chart is there.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site.url + "/threat-levels/")
    assert page.locator(".timeline-figure").first.is_visible()
    context.close()
