"""/.well-known/security.txt (RFC 9116): whom to tell about a flaw in the site, as the
site settings say; edited by those who may change the settings, never stale."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import SiteSettings
from tests import factories

ADDRESS = "/.well-known/security.txt"


def settings_form(**changes):
    row = SiteSettings.load()
    fields = {
        "site_name": row.site_name,
        "emergency_text": row.emergency_text,
        "emergency_number": row.emergency_number,
        "hotline_label": row.hotline_label,
        "hotline_number": row.hotline_number,
        "hotline_short_label": row.hotline_short_label,
        "footer_links-count": "0",
        "security_contact_page": row.security_contact_page_id or "",
        "security_contact_email": row.security_contact_email,
        "security_txt_expires": row.security_txt_expires.isoformat()
        if row.security_txt_expires
        else "",
    }
    return {**fields, **changes}


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def fields(response):
    return [line.split(": ", 1) for line in response.content.decode().splitlines()]


def test_not_found_until_the_settings_name_a_contact(client, sections):
    response = client.get(ADDRESS)

    assert response.status_code == 404
    assert "<html" in response.content.decode()  # the site's own 404 page


def test_the_contact_page_and_email_with_the_date_they_hold_until(client, sections):
    SiteSettings.objects.update(
        security_contact_page=sections["privacy"],
        security_contact_email="security@example.org",
        security_txt_expires=datetime.date(2027, 6, 30),
    )

    response = client.get(ADDRESS)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    # The end of the day in London (summer time: an hour ahead of UTC), in UTC.
    assert fields(response) == [
        ["Contact", "http://localhost/privacy/"],
        ["Contact", "mailto:security@example.org"],
        ["Expires", "2027-06-30T22:59:59Z"],
        ["Preferred-Languages", "en"],
        ["Canonical", "http://localhost/.well-known/security.txt"],
    ]
    assert client.post(ADDRESS).status_code == 405


def test_a_contact_page_no_longer_public_is_left_out(client, sections):
    SiteSettings.objects.update(
        security_contact_page=sections["privacy"], security_txt_expires=in_days(30)
    )
    sections["privacy"].unpublish()

    assert client.get(ADDRESS).status_code == 404

    SiteSettings.objects.update(security_contact_email="security@example.org")
    assert [value for name, value in fields(client.get(ADDRESS)) if name == "Contact"] == [
        "mailto:security@example.org"
    ]


def test_a_change_of_contact_shows_at_once(client, cached_site, comms_approver):
    SiteSettings.objects.update(
        security_contact_email="old@example.org", security_txt_expires=in_days(30)
    )
    client.get(ADDRESS)
    assert client.get(ADDRESS)["X-Page-Cache"] == "hit"

    client.force_login(comms_approver)
    saved = client.post(
        factories.settings_edit_url(SiteSettings.load()),
        settings_form(security_contact_email="new@example.org"),
    )
    client.logout()

    assert saved.status_code == 302
    assert "mailto:new@example.org" in client.get(ADDRESS).content.decode()


@pytest.mark.parametrize(
    "changes, errors",
    [
        ({"security_contact_email": "security@example.org"}, {"security_txt_expires"}),
        ({"security_txt_expires": in_days(30).isoformat()}, {"security_contact_page"}),
        (
            {"security_contact_email": "a@example.org", "security_txt_expires": in_days(0)},
            {"security_txt_expires"},
        ),
        (
            {"security_contact_email": "a@example.org", "security_txt_expires": in_days(367)},
            {"security_txt_expires"},
        ),
        (
            {"security_contact_email": "not an address", "security_txt_expires": in_days(30)},
            {"security_contact_email"},
        ),
        (
            {"security_contact_email": "a@example.org", "security_txt_expires": "31/02/2027"},
            {"security_txt_expires"},
        ),
    ],
    ids=["no-date", "no-contact", "today", "past-a-year", "bad-email", "no-such-day"],
)
def test_a_contact_that_cannot_be_published_is_a_form_error(
    client, sections, comms_approver, changes, errors
):
    client.force_login(comms_approver)
    url = factories.settings_edit_url(SiteSettings.load())

    response = client.post(url, settings_form(**changes))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == errors
    row = SiteSettings.objects.get()
    assert (row.security_contact_email, row.security_txt_expires) == ("", None)


def test_a_date_that_has_passed_does_not_stop_other_changes(client, sections, comms_approver):
    """The hotline must stay changeable the day the security contact expires."""
    SiteSettings.objects.update(
        security_contact_email="security@example.org", security_txt_expires=in_days(-1)
    )
    client.force_login(comms_approver)

    response = client.post(
        factories.settings_edit_url(SiteSettings.load()),
        settings_form(hotline_number="0800 111 222"),
    )

    assert response.status_code == 302
    assert SiteSettings.objects.get().hotline_number == "0800 111 222"


def test_only_those_who_may_change_the_settings_change_the_contact(
    client, sections, comms_editor, recruiter
):
    url = factories.settings_edit_url(SiteSettings.load())
    for user in (comms_editor, recruiter):
        client.force_login(user)
        response = client.post(
            url,
            settings_form(
                security_contact_email="x@example.org",
                security_txt_expires=in_days(30).isoformat(),
            ),
        )
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert SiteSettings.objects.get().security_contact_email == ""


def test_the_dashboard_reminds_those_who_may_renew_it_a_month_ahead(
    client, sections, comms_approver, comms_editor
):
    dashboard = reverse("wagtailadmin_home")
    SiteSettings.objects.update(
        security_contact_email="security@example.org", security_txt_expires=in_days(31)
    )

    def panel(user):
        client.force_login(user)
        html = client.get(dashboard).content.decode()
        return "security.txt expire" in html, "expired on" in html

    shown = {"31 days ahead": panel(comms_approver)}
    SiteSettings.objects.update(security_txt_expires=in_days(30))
    shown["30 days ahead"] = panel(comms_approver)
    shown["to an editor"] = panel(comms_editor)
    SiteSettings.objects.update(security_txt_expires=in_days(-1))
    shown["passed"] = panel(comms_approver)

    assert shown == {
        "31 days ahead": (False, False),
        "30 days ahead": (True, False),
        "to an editor": (False, False),
        "passed": (True, True),
    }
