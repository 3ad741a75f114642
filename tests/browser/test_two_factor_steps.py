"""The steps between the password and the admin, in a real browser on a 320 px phone:
enrolment, a refused code, the recovery codes, then the code at the next sign-in. Each is
one page (nothing of another step inside it), says its errors where they show, and fits
the screen, its buttons' words and its links within reach."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import roles
from tests import factories
from tests.browser.test_accessibility import OVERFLOW_CHECK
from tests.browser.test_editor_journeys import SLOW, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MIN_TARGET = 24


def fits_and_is_one_page(page):
    page.wait_for_load_state("networkidle", timeout=SLOW)  # the admin's icons, fetched by script
    assert page.locator("main").count() == 1
    assert page.evaluate(OVERFLOW_CHECK) == []


def test_a_recruiter_turns_on_two_factor_sign_in_on_a_phone(page, demo_site):
    user = factories.user("phone", roles.RECRUITERS)
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, demo_site, user)

    page.goto(demo_site.url + "/admin/account/two-factor/setup/")
    fits_and_is_one_page(page)
    code_field = page.get_by_role("textbox", name=re.compile("code", re.IGNORECASE))
    turn_on = page.get_by_role("button", name="Turn on two-factor sign-in")
    code_field.fill("12ab")
    turn_on.click()
    alert = page.locator("#id_code_error")
    assert "Enter the six digits your app shows." in alert.inner_text(timeout=SLOW)
    assert alert.is_visible()
    fits_and_is_one_page(page)

    code_field.fill(factories.totp_code(TOTPDevice.objects.get(user=user)))
    turn_on.click()
    page.get_by_role("heading", name="Your recovery codes").wait_for(timeout=SLOW)
    fits_and_is_one_page(page)

    sign_in(page, demo_site, user, to_admin=False)
    page.get_by_role("heading", name="Enter your sign-in code").wait_for(timeout=SLOW)
    fits_and_is_one_page(page)
    other_way = page.get_by_role("link", name=re.compile("Use a recovery code instead"))
    assert other_way.bounding_box()["height"] >= MIN_TARGET
    # The next time step's code: the one enrolment took may not be used again.
    code_field.fill(factories.totp_code(TOTPDevice.objects.get(user=user), steps=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(demo_site.url + "/admin/", timeout=SLOW)
