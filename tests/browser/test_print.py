"""A printout says what the screen says: the level in black (browsers leave backgrounds
out, and the badge was white on its colour), the way to apply, and where links lead."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BLACK = "rgb(0, 0, 0)"

# The text a link's ::after adds in print, or "none".
AFTER = "link => getComputedStyle(link, '::after').content"


def printed(page, url):
    page.emulate_media(media="print")
    page.goto(url)
    return page


def test_every_badge_of_the_level_prints_in_black(page, demo_site):
    for path in ("/", "/threat-levels/"):
        printed(page, demo_site.url + path)
        badges = page.locator("main .threat-level, .threat-level-bar .threat-level")
        assert badges.count() >= 2, path
        colours = badges.evaluate_all("bs => bs.map(b => getComputedStyle(b).color)")
        assert colours == [BLACK] * badges.count(), path


def test_a_printed_role_profile_says_where_to_apply(page, demo_site):
    printed(
        page, demo_site.url + "/careers/technology-graduate-development-programme-business-roles/"
    )
    apply = page.locator(".apply__link")
    assert apply.is_visible()
    assert apply.evaluate(AFTER) == '" (https://apply.example.org/TGDP-BUS)"'


def test_printed_links_in_the_text_say_where_they_lead(page, demo_site):
    printed(page, demo_site.url + "/threat-levels/")
    uses = page.locator(".link-list a")
    assert uses.count() == 4
    assert uses.first.evaluate(AFTER) == '" (/api/threat-level.json)"'

    printed(page, demo_site.url + "/who-we-are/frequently-asked-questions/")
    phone = page.locator('.faq-item__answer a[href^="tel:"]').first
    assert phone.evaluate(AFTER).startswith('" (tel:')
    # Links back up the page do nothing on paper.
    assert page.locator(".faq-item__back").count() > 0
    assert not page.locator(".faq-item__back").first.is_visible()

    # On screen, nothing is added.
    page.emulate_media(media="screen")
    assert phone.evaluate(AFTER) == "none"
