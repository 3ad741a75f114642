"""What browser journeys share: a visitor's tab, and the page checks axe and the DOM make
(axe-core on WCAG 2.0, 2.1 and 2.2, A and AA; unique ids; headings that skip no level;
regions named apart)."""

from contextlib import contextmanager

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
    # Also what Wagtail's Checks panel runs in the editor's preview (wagtail.admin.userbar
    # axe_run_only), outside those tags, so that editors see no issue the templates make.
    "rules": {
        rule: {"enabled": True}
        for rule in ("p-as-heading", "empty-heading", "empty-table-header", "heading-order")
    },
}
# Duplicate ids, each heading's level against the one before it, and names that two
# named regions (landmarks and sections) share, whatever their roles: axe compares a
# name only within one role, so a sidebar and the section in it, both "Related pages",
# were read out alike.
DOM_CHECK = """() => {
    const repeated = (values) => {
        const seen = new Map();
        for (const value of values) seen.set(value, (seen.get(value) || 0) + 1);
        return [...seen].filter(([, n]) => n > 1).map(([value]) => value);
    };
    const duplicates = repeated([...document.querySelectorAll("[id]")].map((el) => el.id));
    const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
        .map((h) => Number(h.tagName[1]));
    const named = "aside, nav, main, header, footer, form, section, [role]";
    const labelledBy = (el) => (el.getAttribute("aria-labelledby") || "")
        .split(/\\s+/).filter(Boolean)
        .map((id) => (document.getElementById(id) || {textContent: ""}).textContent)
        .join(" ");
    const nameOf = (el) => (el.getAttribute("aria-label") || labelledBy(el))
        .replace(/\\s+/g, " ").trim().toLowerCase();
    const regionNames = repeated(
        [...document.querySelectorAll(named)].map(nameOf).filter(Boolean)
    );
    return {duplicates, levels, h1s: document.querySelectorAll("h1").length, regionNames};
}"""


def heading_problems(levels):
    problems = []
    if not levels or levels[0] != 1:
        problems.append(f"the first heading is h{levels[0] if levels else '-'}, not h1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after}")
    return problems


@contextmanager
def visitor(browser, *, width=1280, javascript=True, timeout=10_000):
    """A tab of its own context (no cookies shared), its console errors collected."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    tab = context.new_page()
    tab.set_default_timeout(timeout)
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    try:
        yield tab
    finally:
        context.close()


def axe_problems(tab, axe):
    """axe's violations on the tab's page, each node with axe's own reason (a contrast
    ratio, say), then duplicate ids, skipped heading levels and a missing or second h1."""
    found = [
        f"{violation['id']}: {node['target']} {[check['message'] for check in node['any']]}"
        for violation in axe.run(tab, options=AXE_OPTIONS).response["violations"]
        for node in violation["nodes"]
    ]
    dom = tab.evaluate(DOM_CHECK)
    found += [f"duplicate id {value!r}" for value in dom["duplicates"]]
    found += [f"two regions named {name!r}" for name in dom["regionNames"]]
    found += heading_problems(dom["levels"])
    if dom["h1s"] != 1:
        found.append(f"{dom['h1s']} h1 elements")
    return found
