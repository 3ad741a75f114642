"""What browser journeys share: a visitor's tab, and the page checks axe and the DOM make."""

from contextlib import contextmanager

from tests.browser.test_accessibility import AXE_OPTIONS, DOM_CHECK, heading_problems


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
    found += heading_problems(dom["levels"])
    if dom["h1s"] != 1:
        found.append(f"{dom['h1s']} h1 elements")
    return found
