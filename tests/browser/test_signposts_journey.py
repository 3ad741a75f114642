"""A keyboard-only visitor goes from the home page to each signpost it shows (What we do,
Threat levels, Careers, Report information or Contact): Tab to it, see where focus is,
follow it with Enter, land on the page it names, and come back, on a wide screen and a
320 px phone."""

import pytest

from tests.browser.tabs import visitor

pytestmark = pytest.mark.django_db(transaction=True)

SIGNPOST_LINKS = ".signpost-list .signpost__link"
# The sections the issue names; Report information stands in for Contact once it exists.
SECTIONS = ["What we do", "Threat levels", "Careers"]
REPORTING = {"Report information", "Contact and reporting"}
# Whether the focused element shows it: an outline or a shadow drawn round it.
FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {outline, shadow: style.boxShadow !== "none", visible: el.matches(":focus-visible")};
}"""


def home_signposts():
    """[(title, url)] of the home page's signposts block, as editors set them: the title
    given, or the page's own."""
    from core.models import HomePage

    home = HomePage.objects.get()
    return [
        (signpost["title"] or signpost["page"].specific.title, signpost["page"].url)
        for block in home.body
        if block.block_type == "signposts"
        for signpost in block.value["signposts"]
        if signpost["page"] is not None and signpost["page"].live
    ]


def tab_to(tab, url, limit=80):
    """Press Tab until the focus is on the signpost linking to `url`; the presses taken."""
    for presses in range(1, limit + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate(
            "(url) => document.activeElement.matches('.signpost__link') "
            "&& document.activeElement.getAttribute('href') === url",
            url,
        ):
            return presses
    raise AssertionError(f"Tab never reached the signpost to {url}")


def focused_href(tab):
    return tab.evaluate("document.activeElement.getAttribute('href')")


@pytest.mark.parametrize("width", [1280, 320])
def test_each_signpost_by_keyboard(browser, demo_site, width):
    signposts = home_signposts()
    titles = [title for title, _ in signposts]
    assert titles[:3] == SECTIONS and titles[3] in REPORTING and len(titles) == 4, titles

    with visitor(browser, width=width) as tab:
        tab.goto(demo_site.url + "/")
        shown = tab.locator(SIGNPOST_LINKS).evaluate_all(
            "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
        )
        assert [tuple(link) for link in shown] == signposts

        # The signposts are neighbours in the Tab order, both ways round.
        urls = [url for _, url in signposts]
        tab_to(tab, urls[0])
        for before, after in zip(urls, urls[1:], strict=False):
            tab.keyboard.press("Tab")
            assert focused_href(tab) == after
            tab.keyboard.press("Shift+Tab")
            assert focused_href(tab) == before
            tab.keyboard.press("Tab")

        for title, url in signposts:
            tab.goto(demo_site.url + "/")
            tab_to(tab, url)
            focus = tab.evaluate(FOCUS_SHOWN)
            assert focus["visible"] and (focus["outline"] or focus["shadow"]), (title, focus)
            assert tab.evaluate("document.activeElement.textContent.trim()") == title

            tab.keyboard.press("Enter")
            tab.wait_for_url(demo_site.url + url)
            assert tab.get_by_role("heading", level=1).inner_text() == title

            tab.go_back()
            tab.wait_for_url(demo_site.url + "/")
            assert tab.locator(SIGNPOST_LINKS).count() == len(signposts)
        assert tab.console_errors == []
