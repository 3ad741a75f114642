"""Admin sessions: idle expiry, end with the browser, all signed out on a password change."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY, SIGNED_IN_AT_KEY
from accounts.models import SecurityEvent
from tests import factories

from .conftest import account_form_data, admin_home, sign_in

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def set_last_activity(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_an_admin_session_idle_too_long_is_signed_out(client, comms_editor, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    client.force_login(comms_editor)
    assert client.get(admin_home()).status_code == 200

    set_last_activity(client, 31 * 60)
    response = client.get(reverse("wagtailadmin_explore_root"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")
    assert client.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED).exists()


def test_a_session_idle_too_long_opens_no_private_page_either(client, comms_editor, settings, home):
    """Only the admin's addresses were watched: a page private to signed-in users still
    opened for a session idle for hours."""
    from wagtail.models import PageViewRestriction

    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    page = factories.standard_page(home, "Staff notice")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(comms_editor)
    client.get(admin_home())
    assert "Staff notice" in client.get(page.url).content.decode()

    set_last_activity(client, 4 * 3600)
    response = client.get(page.url)

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))


def test_activity_keeps_the_session(client, comms_editor, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    client.force_login(comms_editor)
    client.get(admin_home())

    set_last_activity(client, 29 * 60)

    assert client.get(admin_home()).status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5


def test_an_open_editor_tab_pinging_is_not_activity(client, comms_editor, settings, home):
    """Found by a review: Wagtail's editor pings every 10 s while its tab is visible, and
    a tab left open never signed out."""
    settings.ADMIN_SESSION_IDLE_MINUTES = 30
    client.force_login(comms_editor)
    client.get(admin_home())
    set_last_activity(client, 29 * 60)
    ping = f"/admin/editing-sessions/ping/wagtailcore/page/{home.pk}/0/"

    client.post(ping)
    assert client.session[LAST_ACTIVITY_KEY] <= int(time.time()) - 29 * 60  # not refreshed

    set_last_activity(client, 31 * 60)
    response = client.post(ping)
    assert response.status_code == 302  # expired: sent to sign in
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_activity_is_written_at_most_once_a_minute(client, comms_editor):
    """Background admin requests do not save the session (and send a cookie) each time."""
    client.force_login(comms_editor)
    client.get(admin_home())
    set_last_activity(client, 10)

    response = client.get(admin_home())

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert client.session[LAST_ACTIVITY_KEY] <= int(time.time()) - 10


def set_signed_in_at(client, seconds_ago):
    session = client.session
    session[SIGNED_IN_AT_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_a_busy_session_ends_at_its_longest(client, comms_editor, settings, home):
    """Found by a probe: a session kept busy never ended, so a cookie taken from a
    browser left open worked for as long as someone kept using it."""
    settings.ADMIN_SESSION_MAX_HOURS = 12
    client.force_login(comms_editor)
    assert client.session[SIGNED_IN_AT_KEY] >= int(time.time()) - 5  # set at the sign-in
    assert client.get(admin_home()).status_code == 200

    set_signed_in_at(client, 11 * 3600 + 59 * 60)
    assert client.get(admin_home()).status_code == 200  # busy, and within the day
    set_signed_in_at(client, 12 * 3600 + 60)
    response = client.get(admin_home())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login") + "?next=")
    assert client.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))
    event = SecurityEvent.objects.filter(user=comms_editor).latest("created_at")
    assert event.kind == SecurityEvent.Kind.SESSION_ENDED


def test_a_session_from_before_the_limit_counts_from_its_next_request(client, comms_editor):
    client.force_login(comms_editor)
    session = client.session
    del session[SIGNED_IN_AT_KEY]
    session.save()

    assert client.get(admin_home()).status_code == 200
    assert client.session[SIGNED_IN_AT_KEY] >= int(time.time()) - 5


def test_signing_in_again_starts_a_new_day(client, comms_editor, settings):
    settings.ADMIN_SESSION_MAX_HOURS = 1
    client.force_login(comms_editor)
    set_signed_in_at(client, 3601 + 60)
    assert client.get(admin_home()).status_code == 302

    client.force_login(comms_editor)

    assert client.get(admin_home()).status_code == 200


def test_the_idle_time_is_configurable(client, comms_editor, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 5
    client.force_login(comms_editor)
    client.get(admin_home())

    set_last_activity(client, 6 * 60)

    assert client.get(admin_home()).status_code == 302


def test_public_pages_do_not_touch_the_session(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_session_cookie_ends_with_the_browser(client, comms_editor):
    response = sign_in(client, "comms")

    cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expire_at_browser_close()


def test_remember_me_is_gone_and_ignored(client, comms_editor):
    page = client.get(reverse("wagtailadmin_login"))
    assert 'name="remember"' not in page.content.decode()

    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "comms", "password": factories.TEST_PASSWORD, "remember": "on"},
    )

    assert not response.cookies["sessionid"]["max-age"]
    assert client.session.get_expire_at_browser_close()


def test_a_password_change_signs_out_every_other_session(comms_editor):
    here, elsewhere = Client(), Client()
    sign_in(here, "comms")
    sign_in(elsewhere, "comms", address="192.0.2.99")
    assert elsewhere.get(admin_home()).status_code == 200

    response = here.post(
        reverse("wagtailadmin_account"),
        account_form_data(
            here,
            **{
                "password-old_password": factories.TEST_PASSWORD,
                "password-new_password1": "a-new-and-much-longer-passphrase",
                "password-new_password2": "a-new-and-much-longer-passphrase",
            },
        ),
    )

    assert response.status_code == 302
    comms_editor.refresh_from_db()
    assert comms_editor.check_password("a-new-and-much-longer-passphrase")
    assert here.get(admin_home()).status_code == 200
    assert elsewhere.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))


def waiting_for_a_code(user, username):
    """A session signed in with `username`'s password alone, held at the code step."""
    factories.totp_device(user)
    waiting = Client()
    sign_in(waiting, username, address="192.0.2.99")
    assert "two-factor/verify" in waiting.get(admin_home())["Location"]
    return waiting


def test_resetting_two_factor_ends_a_session_waiting_for_a_code(comms_editor, settings):
    """Found by a probe: a session signed in with the password and held at the code step
    went on to enrol an app of its own once an operator reset the user's two-factor."""
    from django.core.management import call_command

    settings.TWO_FACTOR_REQUIRED = True
    waiting = waiting_for_a_code(comms_editor, "comms")

    call_command("reset_two_factor", "comms", stdout=None)

    assert waiting.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))


def test_removing_one_s_app_ends_one_s_other_sessions(comms_editor, settings):
    """Where the role needs no second factor, a session held at the code step would have
    walked in once the app was gone."""
    settings.TWO_FACTOR_REQUIRED = False
    waiting = waiting_for_a_code(comms_editor, "comms")
    here = Client()
    here.force_login(comms_editor)
    session = here.session
    session["otp_device_id"] = comms_editor.totpdevice_set.get().persistent_id
    session.save()
    assert here.get(admin_home()).status_code == 200

    removed = here.post(
        reverse("accounts_two_factor_remove"), {"password": factories.TEST_PASSWORD}
    )

    assert removed.status_code == 302
    assert here.get(admin_home()).status_code == 200  # the session that removed it stays
    assert waiting.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_deactivated_user_s_sessions_do_not_come_back_with_reactivation(client, comms_editor):
    client.force_login(comms_editor)
    assert client.get(admin_home()).status_code == 200

    comms_editor.is_active = False
    comms_editor.save()
    comms_editor.is_active = True
    comms_editor.save()

    assert client.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(comms_editor)  # signing in again works
    assert client.get(admin_home()).status_code == 200


def test_a_new_email_address_is_told_to_the_old_one(
    client, comms_editor, mailoutbox, django_capture_on_commit_callbacks
):
    """The account page changes it without the password, and password resets go to the
    new one: a session that was not its user's took the account over unseen."""
    old = comms_editor.email
    sign_in(client, "comms")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_account"),
            account_form_data(client, **{"name_email-email": "someone.else@example.org"}),
        )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == [old]
    assert "was changed to someone.else@example.org" in mail.body
    # A sign-in, which saves the user too, tells nobody anything.
    sign_in(Client(), "comms")
    assert len(mailoutbox) == 1


def test_the_sign_in_fields_say_what_a_password_manager_fills_in(client, db):
    form = client.get(reverse("wagtailadmin_login")).content.decode()

    assert 'autocomplete="username"' in form
    assert 'autocomplete="current-password"' in form


def test_only_a_post_signs_out(client, comms_editor):
    """Found by a probe: a link to /admin/logout/ on another site answered 405, but took
    the session's cookie away and said "logged out" at the next page."""
    from django.conf import settings

    client.force_login(comms_editor)

    refused = client.get(reverse("wagtailadmin_logout"))

    assert refused.status_code == 405
    kept = refused.cookies.get(settings.SESSION_COOKIE_NAME)
    assert kept is None or kept.value  # not taken away (written again, at most)
    page = client.get(admin_home())
    assert page.status_code == 200
    assert "successfully logged out" not in page.content.decode()
    signed_out = client.post(reverse("wagtailadmin_logout"))
    assert signed_out.status_code == 302
    assert client.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))
