"""Editors in the real admin: news through Comms review, a role posted, the level changed."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial import roles
from tests import factories
from tests.browser.test_accessibility import OVERFLOW_CHECK

pytestmark = pytest.mark.django_db(transaction=True)

SLOW = 20_000


def sign_out(page):
    """Leave the admin page first: a request it still has in flight could otherwise set
    the previous user's session cookie again after the cookies are cleared."""
    page.goto("about:blank")
    page.context.clear_cookies()


def sign_in(page, site, user, *, to_admin=True):
    """Sign in with the password (and, `to_admin`, wait for the dashboard)."""
    sign_out(page)
    page.goto(site.url + "/admin/login/", timeout=SLOW)
    # Generous: the live server answers one request at a time, on a loaded machine.
    page.get_by_label("Username").fill(user.username, timeout=SLOW)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if to_admin:
        page.wait_for_url(site.url + "/admin/", timeout=SLOW)


def textbox(page, label):
    """A text field by its label (Wagtail also labels the panel around it)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{label}", re.IGNORECASE)).first


def open_more_actions(page):
    """The action menu's other actions sit behind a toggle beside the main button."""
    page.get_by_role("button", name="More actions").click()


def page_id_of(model, **lookup):
    return model.objects.get(**lookup).pk


def test_a_comms_editor_submits_an_article_and_an_approver_approves_it(page, demo_site):
    from news.models import NewsIndexPage

    writer = factories.user("writer", roles.COMMS_EDITORS)
    approver = factories.user("checker", roles.COMMS_APPROVERS)
    news_id = page_id_of(NewsIndexPage)

    sign_in(page, demo_site, writer)
    page.goto(demo_site.url + "/admin/")
    assert page.locator(".w-dashboard").get_by_role("search").count() == 1  # its page search
    page.goto(f"{demo_site.url}/admin/pages/add/news/newsarticlepage/{news_id}/")
    textbox(page, "Title").fill("Security Service opens its archive")
    textbox(page, "Summary").fill("Records from the Cold War are now open to historians.")
    # Wagtail's script makes the slug from the title a moment after it is typed: sent
    # before that, the form came back "slug: This field is required" (seen on a quick
    # machine), as it would for an editor who pressed Submit at once.
    expect(page.locator("#id_slug")).to_have_value("security-service-opens-its-archive")
    open_more_actions(page)
    page.get_by_role("button", name="Submit to Comms review").click()
    # "Created and submitted", or "submitted" where Wagtail's autosave made the page
    # first (half a second after the typing stops: on a busy machine, between the two
    # fields), and the form became the page's edit form.
    page.get_by_text("submitted for moderation", exact=False).first.wait_for(timeout=SLOW)

    sign_in(page, demo_site, approver)
    awaiting = page.locator("#awaiting-review-section")
    row = awaiting.get_by_role("row").filter(has_text="Security Service opens its archive")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    # The dashboard reloads saying what the approval did, and nothing of it awaits review.
    expect(page.locator(".messages")).to_contain_text(
        "'Security Service opens its archive' has been approved and published.", timeout=SLOW
    )
    expect(awaiting.get_by_text("Security Service opens its archive")).to_have_count(0)

    page.goto(demo_site.url + "/")
    latest = page.locator("section.latest-news")
    assert "Security Service opens its archive" in latest.inner_text()
    feed = page.request.get(demo_site.url + "/feeds/news.atom")
    assert feed.ok
    assert "Security Service opens its archive" in feed.text()


def test_a_comms_editor_submits_the_home_page_and_an_approver_approves_it(page, demo_site):
    from core.models import HomePage

    writer = factories.user("homewriter", roles.COMMS_EDITORS)
    approver = factories.user("homechecker", roles.COMMS_APPROVERS)
    home_id = page_id_of(HomePage)
    summary = "Keeping the country safe, reviewed by a second pair of eyes."

    sign_in(page, demo_site, writer)
    page.goto(f"{demo_site.url}/admin/pages/{home_id}/edit/")
    textbox(page, "Summary").fill(summary)
    open_more_actions(page)
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Submit to Comms review").click()
    page.get_by_text("submitted for moderation", exact=False).first.wait_for(timeout=SLOW)
    sign_out(page)
    page.goto(demo_site.url + "/")
    assert summary not in page.content()

    # The approver reviews the page in its editor and approves it there, changing
    # nothing: that must be an approval, not a change of the approver's own (which an
    # independent review refuses to let them approve).
    sign_in(page, demo_site, approver)
    page.goto(f"{demo_site.url}/admin/pages/{home_id}/edit/")
    open_more_actions(page)
    page.get_by_role("button", name=re.compile(r"^Approve")).first.click()
    expect(page.locator(".messages")).to_contain_text("published", timeout=SLOW)
    home = HomePage.objects.get()
    assert home.get_latest_revision().user == writer  # no version of the approver's
    assert home.current_workflow_state is None  # the review is over

    sign_out(page)
    page.goto(demo_site.url + "/")
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description == summary


def test_a_recruiter_posts_a_role_with_a_closing_date(page, demo_site):
    from careers.models import CareerArea, CareersIndexPage

    recruiter = factories.user("hiring", roles.RECRUITERS)
    careers_id = page_id_of(CareersIndexPage)
    area = CareerArea.objects.order_by("name").first().name
    closes = timezone.localtime() + datetime.timedelta(days=30)

    sign_in(page, demo_site, recruiter)
    page.goto(f"{demo_site.url}/admin/pages/add/careers/roleprofilepage/{careers_id}/")
    textbox(page, "Title").fill("Russian linguist")
    textbox(page, "Summary").fill("Translate and interpret for investigations.")
    textbox(page, "Reference").fill("LING-2030")
    page.get_by_role("button", name=re.compile("^Choose (a )?career area", re.I)).click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name=area, exact=True).click()
    expect(page.locator("#id_career_area-title")).to_have_text(area, timeout=SLOW)
    # Typed the UK way, as the help text shows: the date picker replaced what it could
    # not read with the present moment when the field lost focus (the role went live
    # closed). It keeps what is typed, and reads this.
    typed = closes.strftime("%d/%m/%Y %H:%M")
    textbox(page, "Closing date and time").fill(typed)
    textbox(page, "Application address").click()
    expect(textbox(page, "Closing date and time")).to_have_value(typed)
    textbox(page, "Application address").fill("https://apply.example.org/LING-2030")
    expect(page.locator("#id_slug")).to_have_value("russian-linguist")  # made by the script
    open_more_actions(page)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"), timeout=SLOW)

    page.goto(demo_site.url + "/careers/")
    role = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=re.compile("Russian linguist"))
    )
    expect(role).to_have_count(1)
    when = f"Closes at {closes:%H:%M} on {closes.day} {closes:%B %Y} (UK time)"
    assert when in " ".join(role.inner_text().split())


def test_on_a_phone_the_date_picker_lies_within_the_screen(page, demo_site):
    """It was placed partly off the left edge: Monday, Tuesday and the previous month out
    of reach (static/css/admin.css)."""
    from careers.models import RoleProfilePage

    recruiter = factories.user("hiring", roles.RECRUITERS)
    role_id = page_id_of(RoleProfilePage, slug="administrative-assistants")
    sign_in(page, demo_site, recruiter)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{demo_site.url}/admin/pages/{role_id}/edit/")

    textbox(page, "Closing date and time").click()
    picker = page.locator(".xdsoft_datetimepicker").filter(has=page.locator(".xdsoft_timepicker"))
    picker = picker.locator("visible=true")
    expect(picker).to_have_count(1, timeout=SLOW)
    box = picker.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    expect(picker.get_by_text("Mon", exact=True)).to_be_visible()


def test_a_threat_level_manager_changes_the_level_and_every_page_shows_it(page, demo_site):
    manager = factories.user("levels", roles.THREAT_LEVEL_MANAGERS)

    sign_in(page, demo_site, manager)
    page.goto(demo_site.url + "/admin/")
    # No page is theirs to search: the dashboard offers no box that says so when used.
    assert page.locator(".w-dashboard").get_by_role("search").count() == 0
    page.goto(demo_site.url + "/admin/threat-level/")
    page.get_by_role("radio", name="National", exact=True).check()
    page.get_by_role("radio", name=re.compile(r"^SEVERE")).check()
    page.get_by_role("button", name="Review the change").click()
    page.get_by_text("You are about to change", exact=False).wait_for(timeout=SLOW)
    page.get_by_role("button", name="Confirm the change").click()
    page.get_by_text("is now SEVERE", exact=False).first.wait_for(timeout=SLOW)
    # On a phone the history scrolls sideways, its buttons within reach: the admin hides
    # whatever overflows its main area, and cut off the table's last columns.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site.url + "/admin/threat-level/")
    assert page.evaluate(OVERFLOW_CHECK) == []
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_out(page)
    for path in ("/", "/careers/"):
        page.goto(demo_site.url + path)
        bar = page.get_by_role("region", name="National threat level", exact=True)
        assert "SEVERE" in bar.inner_text()
