"""A visitor opens the home page, finds the emergency numbers and the threat level."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_sees_emergency_numbers_and_follows_the_threat_level_link(page, demo_site):
    page.goto(demo_site.url + "/")

    strip = page.get_by_role("region", name="Emergency contacts")
    assert strip.get_by_role("link", name="999").get_attribute("href") == "tel:999"
    hotline = strip.get_by_role("link", name="0800 789 321")
    assert hotline.get_attribute("href") == "tel:0800789321"

    bar = page.get_by_role("region", name="National threat level", exact=True)
    assert "Current national threat level: SUBSTANTIAL" in " ".join(bar.inner_text().split())
    assert "an attack is likely" in bar.inner_text()

    bar.get_by_role("link", name="Read more about threat levels").click()
    page.wait_for_url(demo_site.url + "/threat-levels/")
    assert page.get_by_role("heading", level=1).inner_text() == "Threat levels"
    assert page.console_errors == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, demo_site):
    page.goto(demo_site.url + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_a_page_shown_again_by_the_back_button_shows_the_level_in_force(page, demo_site):
    from threats.models import ThreatLevelSettings

    page.goto(demo_site.url + "/news/")
    bar = page.get_by_role("region", name="National threat level", exact=True)
    assert "SUBSTANTIAL" in bar.inner_text()
    ThreatLevelSettings.load().change("national", "SEVERE")
    page.goto(demo_site.url + "/careers/")
    assert "SEVERE" in bar.inner_text()

    # The browser shows /news/ from its cache, unchecked; the page finds the level changed
    # and loads itself again.
    page.go_back()

    # (Playwright's expect, not wait_for_function: the page's CSP refuses eval.)
    expect(page.locator("[data-levels]")).to_have_attribute(
        "data-levels", re.compile("^SEVERE"), timeout=30_000
    )
    assert page.url == demo_site.url + "/news/"
    assert "SEVERE" in bar.inner_text()
    assert page.console_errors == []
