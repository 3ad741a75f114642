"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page type, wide and 320 px
narrow, plus checks axe leaves out: unique ids and headings that never skip a level."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_TYPES = {
    "home": "/",
    "standard page": "/contact-and-reporting/",
    "mission": "/what-we-do/",
    "threat category": "/what-we-do/cyber/",
    "threat levels": "/threat-levels/",
    "news index": "/news/",
    "article": "/news/mi5-commemorates-ve-day-75/",
    "speech": "/news/director-general-andrew-parker-speech-october-2017/",
    "transcript index": "/video-transcripts/",
    "transcript": "/video-transcripts/being-mi5/",
    "careers index": "/careers/",
    "role profile": "/careers/administrative-assistants/",
    "staff story": "/careers/samira-occupational-psychologist/",
    "search results": "/search/?q=security",
    "not found": "/no-such-page/",
}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}
# Duplicate ids, and each heading's level against the one before it.
DOM_CHECK = """() => {
    const seen = new Map();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
        .map((h) => Number(h.tagName[1]));
    return {duplicates, levels, h1s: document.querySelectorAll("h1").length};
}"""


def heading_problems(levels):
    problems = []
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is h{levels[0] if levels else '-'}, not h1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after}")
    return problems


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "320px"])
def test_every_page_type_passes_axe_and_dom_checks(browser, demo_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    console_errors = []
    tab.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    axe = Axe()
    problems = {}
    try:
        for name, path in PAGE_TYPES.items():
            response = tab.goto(demo_site.url + path)
            assert response.status == (404 if name == "not found" else 200), path
            found = [
                f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
                for violation in axe.run(tab, options=AXE_OPTIONS).response["violations"]
            ]
            dom = tab.evaluate(DOM_CHECK)
            found += [f"duplicate id {value!r}" for value in dom["duplicates"]]
            found += heading_problems(dom["levels"])
            if dom["h1s"] != 1:
                found.append(f"{dom['h1s']} h1 elements")
            if found:
                problems[name] = found
    finally:
        context.close()

    assert problems == {}
    # Only the 404 page's own status is reported; nothing else fails to load.
    assert [e for e in console_errors if "404" not in e] == []
    assert len(console_errors) <= 1


def test_heading_check_catches_skipped_levels():
    assert heading_problems([1, 2, 3, 2, 3]) == []
    assert heading_problems([1, 2, 4]) == ["h2 is followed by h4"]
    assert heading_problems([2, 3]) == ["the first heading is h2, not h1"]
