"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page type, wide and 320 px
narrow, plus checks axe leaves out: unique ids and headings that never skip a level; and
at 320 px, a page no wider than the screen, with no text spilling out of its box."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.tabs import axe_problems, heading_problems, visitor
from tests.page_types import NOT_FOUND, PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = 320
# What spills out: the page wider than the window (a sideways scroll), an element
# with text of its own whose content is wider or taller than its box (cut off, or drawn
# over its neighbours), and a line of text that runs past either edge of the window.
# Left out, as meant: what is not drawn, what is hidden for all but screen readers (a
# clip or a box of 1 px), and what sits in a box that scrolls (a wide table or chart).
OVERFLOW_CHECK = """() => {
    const width = window.innerWidth;
    const slack = 1;
    const problems = [];
    const scrolls = (value) => value === "auto" || value === "scroll";
    const name = (el) => {
        const classes = [...el.classList].map((c) => "." + c).join("");
        const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
        return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> "${text}"`;
    };
    const hiddenOnPurpose = (el) => {
        for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.clipPath !== "none" || (style.clip && style.clip !== "auto")) return true;
            const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
            if (clips && (node.clientWidth <= 1 || node.clientHeight <= 1)) return true;
        }
        return false;
    };
    const inScrollingBox = (el) => {
        for (let node = el.parentElement; node !== document.body; node = node.parentElement) {
            if (scrolls(getComputedStyle(node).overflowX)) return true;
        }
        return false;
    };

    const page = document.scrollingElement;
    if (page.scrollWidth > width) {
        problems.push(`the page is ${page.scrollWidth}px wide in a ${width}px window`);
    }
    for (const el of document.body.querySelectorAll("*")) {
        const texts = [...el.childNodes].filter(
            (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
        );
        if (!texts.length || !el.getClientRects().length || hiddenOnPurpose(el)) continue;
        const style = getComputedStyle(el);
        // An inline element has no box of its own to measure (its client size is 0),
        // nor has a drawing's text: their lines are measured below.
        const boxed = !(el instanceof SVGElement) && (el.clientWidth > 0 || el.clientHeight > 0);
        if (boxed) {
            if (!scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + slack) {
                const [content, box] = [el.scrollWidth, el.clientWidth];
                problems.push(`${name(el)}: content ${content}px wide in a box ${box}px wide`);
            }
            if (!scrolls(style.overflowY) && el.scrollHeight > el.clientHeight + slack) {
                const [content, box] = [el.scrollHeight, el.clientHeight];
                problems.push(`${name(el)}: content ${content}px high in a box ${box}px high`);
            }
        }
        if (inScrollingBox(el)) continue;
        for (const text of texts) {
            const range = document.createRange();
            range.selectNodeContents(text);
            const beyond = [...range.getClientRects()].filter(
                (line) => line.width > 0 && (line.left < -slack || line.right > width + slack)
            );
            if (beyond.length) {
                const line = beyond[0];
                problems.push(
                    `${name(el)}: a line from ${Math.round(line.left)}px to ` +
                    `${Math.round(line.right)}px in a ${width}px window`
                );
            }
        }
    }
    return problems;
}"""
# Each deliberate fault, and a look-alike that is meant (hidden, or scrolling sideways).
OVERFLOW_FIXTURE = """<!doctype html>
<html lang="en"><head><meta name="viewport" content="width=device-width">
<style>
  body { margin: 0; font: 16px/1.5 sans-serif; }
  .narrow { width: 100px; }
  .clipped { width: 100px; overflow: hidden; white-space: nowrap; }
  .short { width: 300px; height: 20px; overflow: hidden; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                     clip-path: inset(50%); white-space: nowrap; }
  .scroll { overflow-x: auto; }
  .scroll p { width: 900px; }
</style></head><body>
  <p class="narrow" id="spills">Supercalifragilisticexpialidocious</p>
  <p class="clipped" id="cut">A sentence far too long for its box</p>
  <p class="short" id="squashed">One line, then a second line, then a third line of words
     in a box 20 px high</p>
  <p><span id="runs-off" style="white-space: nowrap">A line with no breaks that runs far
     past the right edge of a narrow window</span></p>
  <svg width="300" height="20">
    <text id="label" x="250" y="15">A label drawn past the edge</text>
  </svg>
  <p class="visually-hidden">Read out, never drawn, so never overflowing at all</p>
  <div class="scroll"><p>A wide table scrolls sideways on purpose, past the window's edge</p></div>
  <p hidden>Not drawn at all, however long its words are: Supercalifragilisticexpialidocious</p>
  <p>Short, and fits.</p>
</body></html>"""


@pytest.mark.parametrize("width", [1280, NARROW], ids=["desktop", "320px"])
def test_every_page_type_passes_axe_and_dom_checks(browser, demo_site, width):
    axe = Axe()
    problems = {}
    with visitor(browser, width=width) as tab:
        for name, path in PAGE_TYPES.items():
            response = tab.goto(demo_site.url + path)
            assert response.status == (404 if name == NOT_FOUND else 200), path
            found = axe_problems(tab, axe)
            if width == NARROW:
                found += tab.evaluate(OVERFLOW_CHECK)
            if found:
                problems[name] = found
        console_errors = tab.console_errors

    assert problems == {}
    # Only the 404 page's own status is reported; nothing else fails to load.
    assert [e for e in console_errors if "404" not in e] == []
    assert len(console_errors) <= 1


def test_overflow_check_catches_what_spills_and_spares_what_is_meant(browser):
    context = browser.new_context(viewport={"width": NARROW, "height": 640})
    try:
        tab = context.new_page()
        tab.set_content(OVERFLOW_FIXTURE)
        found = tab.evaluate(OVERFLOW_CHECK)
        flagged = {problem.split(">")[0] + ">" for problem in found if problem.startswith("<")}
        assert flagged == {
            "<p#spills.narrow>",
            "<p#cut.clipped>",
            "<p#squashed.short>",
            "<span#runs-off>",
            "<text#label>",
        }
        assert any("#spills" in p and "wide in a box 100px wide" in p for p in found)
        assert any("#squashed" in p and "high in a box 20px high" in p for p in found)
        assert any(p.startswith("the page is") for p in found)  # the span and the word

        # Once the faults are mended, nothing is left to report.
        tab.evaluate(
            """() => {
                for (const id of ["spills", "cut", "squashed", "runs-off", "label"]) {
                    document.getElementById(id).remove();
                }
            }"""
        )
        assert tab.evaluate(OVERFLOW_CHECK) == []
    finally:
        context.close()


def test_heading_check_catches_skipped_levels():
    assert heading_problems([1, 2, 3, 2, 3]) == []
    assert heading_problems([1, 2, 4]) == ["h2 is followed by h4"]
    assert heading_problems([2, 3]) == ["the first heading is h2, not h1"]


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_threat_level_chart_takes_the_system_s_colours_in_forced_colours(
    browser, demo_site, scheme
):
    """Forced colours (Windows' contrast themes) do not reach an SVG's fills and strokes:
    the chart's line and labels, in the site's dark blue, were all but invisible on a dark
    theme's black. They take the theme's text colour, as the page's text does."""
    context = browser.new_context(color_scheme=scheme, forced_colors="active")
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + "/threat-levels/")
        colours = tab.evaluate(
            """() => {
                const style = (selector) => getComputedStyle(document.querySelector(selector));
                return {
                    text: style("main").color,
                    level: style(".timeline__level").color,
                    year: style(".timeline__year").fill,
                    line: style(".timeline__line").stroke,
                };
            }"""
        )
        assert colours["level"] == colours["year"] == colours["line"] == colours["text"], colours
    finally:
        context.close()


def test_the_phone_menu_over_the_page_ends_with_an_edge_in_forced_colours(browser, demo_site):
    """Found by an audit: in forced colours the menu opened over the page has the page's
    background, and the page's text under "Search" read as part of the menu."""
    context = browser.new_context(forced_colors="active", viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        tab.goto(demo_site.url + "/what-we-do/")
        tab.get_by_text("Menu", exact=True).click()
        menu = tab.locator(".main-nav__list")
        expect(menu).to_be_visible()
        assert tab.locator(".main-nav__disclosure[data-overlay]").count() == 1
        assert menu.evaluate("list => parseFloat(getComputedStyle(list).borderBottomWidth)") >= 2
    finally:
        context.close()


def test_the_scale_marks_the_current_level_by_more_than_bold_type(page, demo_site):
    """The current step of the five-level scale has a bar beside it (1.4.1: not bold type
    alone); the others leave room for one, so their texts line up."""
    page.goto(demo_site.url + "/threat-levels/")

    borders = page.locator(".threat-scale li").evaluate_all(
        """steps => steps.map(step => [
            step.classList.contains("threat-scale__step--current"),
            getComputedStyle(step).borderInlineStartColor,
        ])"""
    )

    current = [colour for is_current, colour in borders if is_current]
    others = {colour for is_current, colour in borders if not is_current}
    assert len(current) == 1 and others == {"rgba(0, 0, 0, 0)"}
    assert current[0] != "rgba(0, 0, 0, 0)"
