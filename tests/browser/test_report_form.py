"""A visitor reports information through the form, with and without JavaScript: the
emergency numbers first, the error summary, a photo attached, the reference; axe on
each state, wide and 320 px narrow; the honeypot out of the Tab order; and screenshots
of each state when REPORT_SHOTS is set (for a person to look at, never compared)."""

import os
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.browser.tabs import axe_problems, visitor

pytestmark = pytest.mark.django_db(transaction=True)

FORM_PATH = "/report-information/"
SEND_PATH = "/report/send/"
SLOW = 20_000
SHOTS = Path("/tmp/report-shots")  # noqa: S108 - screenshots for a person, asked for by name
# Crockford base32 leaves out I, L, O and U, which are easily misread.
REFERENCE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$")
WHAT = "A van has been parked outside the depot every night this week, engine running."
WHEN_WHERE = "Every night since Monday, about 11pm, Station Road."
SEND = {"role": "button", "name": "Send report"}

# Each tel: link of the urgent call-out, and whether it comes before the form.
NUMBERS_BEFORE_FORM = """() => {
    const form = document.querySelector("form.report-form");
    return [...document.querySelectorAll(".call-out--urgent a[href^='tel:']")].map((a) => ({
        href: a.getAttribute("href"),
        before: !!(a.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING),
    }));
}"""


def png_bytes():
    """A real one-pixel PNG, built here so that the test needs no file on disk."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xcc\x33\x33")  # one scanline: no filter, one red pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PHOTO = {"name": "van.png", "mimeType": "image/png", "buffer": png_bytes()}


def send(tab):
    """Press the button and wait for the answer, which is served at the post's address."""
    tab.get_by_role(**SEND).click()
    tab.wait_for_url("**" + SEND_PATH, timeout=SLOW)
    tab.wait_for_load_state("load")


def wait_out_the_minimum(shown_at):
    """The form refuses a post sent sooner than a person could type one; `shown_at` is
    a time after the server rendered the form (its token counts from the render)."""
    left = shown_at + django_settings.REPORTS_MIN_SECONDS_TO_FILL + 0.5 - time.monotonic()
    if left > 0:
        time.sleep(left)


def focused_field(tab):
    return tab.evaluate(
        "(() => { const el = document.activeElement;"
        " return el ? (el.name || el.id || el.tagName.toLowerCase()) : null; })()"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_visitor_corrects_the_form_and_sends_a_report_with_a_photo(
    browser, demo_site, javascript
):
    from reports.models import Report

    with visitor(browser, javascript=javascript, timeout=SLOW) as tab:
        response = tab.goto(demo_site.url + FORM_PATH)
        assert response.status == 200
        assert tab.get_by_role("heading", level=1).inner_text() == "Report information"
        numbers = tab.evaluate(NUMBERS_BEFORE_FORM)
        assert len(numbers) >= 2, numbers  # the emergency number and the hotline
        assert all(number["before"] for number in numbers), numbers

        tab.get_by_label("When and where did it happen? (optional)").fill(WHEN_WHERE)
        send(tab)
        # The error page carries a new token: the minimum counts from its render.
        shown_at = time.monotonic()

        summary = tab.locator(".error-summary")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        assert tab.title().startswith("Error:")
        link = summary.get_by_role("link", name="Enter what you want to tell us")
        assert link.get_attribute("href") == "#id_what"
        # What was typed is still there; the field in error says why.
        expect(tab.locator("#id_when_where")).to_have_value(WHEN_WHERE)
        expect(tab.locator("#id_what_error")).to_contain_text("Enter what you want to tell us")
        described = tab.locator("#id_what").get_attribute("aria-describedby").split()
        assert "id_what_error" in described

        link.click()
        assert tab.evaluate("document.querySelector(':target')?.id") == "id_what"
        assert focused_field(tab) == "what"
        # The field's label and its error, above it, are in view too.
        for above in ('label[for="id_what"]', "#id_what_error"):
            assert (
                tab.evaluate(f"document.querySelector('{above}').getBoundingClientRect().top") >= 0
            )
        # The summary's link leaves the cursor in the field: typing goes straight in.
        tab.keyboard.type(WHAT)
        expect(tab.locator("#id_what")).to_have_value(WHAT)
        tab.locator("#id_attachments").set_input_files([PHOTO])
        wait_out_the_minimum(shown_at)
        send(tab)

        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")
        reference = tab.locator(".confirmation-panel__reference").inner_text().strip()
        assert REFERENCE.match(reference), reference
        assert tab.locator(".error-summary").count() == 0
        assert tab.console_errors == []

    # The live server shares this process's test database.
    report = Report.objects.get(reference=reference)
    assert report.size > len(WHAT)
    assert report.handled_at is None and report.exported_at is None


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "320px"])
def test_the_form_its_errors_and_the_confirmation_pass_axe(browser, demo_site, settings, width):
    settings.REPORTS_MIN_SECONDS_TO_FILL = 0  # the journey above waits it out for real
    axe = Axe()
    problems = {}
    with visitor(browser, width=width, timeout=SLOW) as tab:
        tab.goto(demo_site.url + FORM_PATH)
        problems["form"] = axe_problems(tab, axe)

        send(tab)
        expect(tab.locator(".error-summary")).to_be_visible()
        problems["errors"] = axe_problems(tab, axe)

        tab.get_by_label("What do you want to tell us?").fill(WHAT)
        tab.locator("#id_attachments").set_input_files([PHOTO])
        send(tab)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")
        problems["confirmation"] = axe_problems(tab, axe)
        console_errors = tab.console_errors

    assert {state: found for state, found in problems.items() if found} == {}
    assert console_errors == []


def test_tab_never_reaches_the_honeypot(page, demo_site):
    page.goto(demo_site.url + FORM_PATH)
    assert not page.locator("[name=website_address]").is_visible()

    for state in ("form", "errors"):
        page.locator("body").focus()  # start from the top of the page
        reached = []
        for _ in range(120):
            page.keyboard.press("Tab")
            reached.append(focused_field(page))
            assert reached[-1] != "website_address", (state, reached)
            if page.evaluate("document.activeElement.type === 'submit'"):
                break
        else:
            raise AssertionError(f"Tab never reached the Send button ({state}): {reached}")
        # Every field was reached on the way, so the whole form was tabbed through.
        fields = [name for name in reached if name in {"what", "when_where", "contact"}]
        assert fields == ["what", "when_where", "contact"], (state, reached)
        assert "attachments" in reached, (state, reached)

        if state == "form":
            page.get_by_role(**SEND).click()
            page.wait_for_url("**" + SEND_PATH, timeout=SLOW)
            expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.skipif(not os.environ.get("REPORT_SHOTS"), reason="set REPORT_SHOTS to save them")
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_screenshots_of_each_state(browser, demo_site, settings, width):
    """Saved for a person to look at (REPORT_SHOTS=1); nothing is compared."""
    settings.REPORTS_MIN_SECONDS_TO_FILL = 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    with visitor(browser, width=width, timeout=SLOW) as tab:
        tab.goto(demo_site.url + FORM_PATH)
        tab.screenshot(path=SHOTS / f"form-{width}.png", full_page=True)

        tab.get_by_label("When and where did it happen? (optional)").fill(WHEN_WHERE)
        send(tab)
        expect(tab.locator(".error-summary")).to_be_visible()
        tab.screenshot(path=SHOTS / f"error-{width}.png", full_page=True)

        tab.get_by_label("What do you want to tell us?").fill(WHAT)
        send(tab)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")
        tab.screenshot(path=SHOTS / f"sent-{width}.png", full_page=True)


def test_going_back_after_sending_shows_nothing_that_was_typed(browser, demo_site):
    """On a shared device the next person must not read a report with the Back button:
    the browser restored the form's fields as they were typed, unless told not to."""
    with visitor(browser, timeout=SLOW) as tab:
        tab.goto(demo_site.url + FORM_PATH)
        shown_at = time.monotonic()
        tab.get_by_label("What do you want to tell us?").fill(WHAT)
        tab.get_by_label("When and where did it happen? (optional)").fill(WHEN_WHERE)
        wait_out_the_minimum(shown_at)
        send(tab)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")

        tab.go_back()
        tab.wait_for_load_state("load")

        assert tab.url.endswith(FORM_PATH)
        expect(tab.locator("#id_what")).to_have_value("")
        expect(tab.locator("#id_when_where")).to_have_value("")
