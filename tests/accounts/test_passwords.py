"""Password rules, and a reset flow that says nothing about which addresses exist."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories

from .conftest import account_form_data, sign_in

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Sh0rt-pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(db, password, reason):
    with pytest.raises(ValidationError) as error:
        validate_password(password)

    assert reason in " ".join(error.value.messages)


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("correct-horse-battery-staple")


@pytest.mark.parametrize("weak", ["Sh0rt-pass", "password1234"])
def test_the_admin_change_password_form_refuses_weak_passwords(client, comms_editor, weak):
    client.force_login(comms_editor)

    response = client.post(
        reverse("wagtailadmin_account"),
        account_form_data(
            client,
            **{
                "password-old_password": factories.TEST_PASSWORD,
                "password-new_password1": weak,
                "password-new_password2": weak,
            },
        ),
    )

    assert response.status_code == 200
    password_panel = next(
        panel
        for panels in response.context["panels_by_tab"].values()
        for panel in panels
        if panel.name == "password"
    )
    assert password_panel.get_form().errors["new_password2"]
    comms_editor.refresh_from_db()
    assert comms_editor.check_password(factories.TEST_PASSWORD)


def without_csrf_token(response):
    # The only difference between two renderings of a page is its masked CSRF token.
    return re.sub(r'"CSRF_TOKEN": "\w+"', "", response.content.decode())


def reset(client, email):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email})


def link_opened_after(client, link, monkeypatch, minutes):
    """Open `link` as if `minutes` had passed (the clock Django's reset tokens read)."""
    later = datetime.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    client.cookies.clear()
    return client.get(link, follow=True)


def test_a_reset_link_works_for_an_hour_and_says_so(client, comms_editor, monkeypatch):
    """Django's default, three days, left a mailbox read later a way in for days."""
    reset(client, "comms@example.org")
    body = mail.outbox[0].body
    assert "The link works for 60 minutes, and only once." in body
    link = re.search(r"https?://[^\s]+/password_reset/confirm/[^\s]+", body).group(0)

    assert link_opened_after(client, link, monkeypatch, 59).context["validlink"] is True
    refused = link_opened_after(client, link, monkeypatch, 61)
    assert refused.status_code == 200
    assert refused.context["validlink"] is False


def test_the_reset_request_looks_the_same_whether_or_not_the_address_exists(client, comms_editor):
    known = reset(client, "comms@example.org")
    unknown = reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("wagtailadmin_password_reset_done")
    assert without_csrf_token(client.get(known["Location"])) == without_csrf_token(
        client.get(unknown["Location"])
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["comms@example.org"]


def test_the_reset_link_sets_a_new_password_that_obeys_the_rules(client, comms_editor):
    reset(client, "comms@example.org")
    link = re.search(r"https?://[^\s]+/password_reset/confirm/[^\s]+", mail.outbox[0].body)
    form_url = client.get(link.group(0)).url

    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200
    assert weak.context["form"].errors["new_password2"]

    done = client.post(
        form_url,
        {"new_password1": "a-fresh-long-passphrase", "new_password2": "a-fresh-long-passphrase"},
    )
    assert done["Location"] == reverse("wagtailadmin_password_reset_complete")
    assert sign_in(client, "comms", "a-fresh-long-passphrase").status_code == 302


def test_wrong_current_passwords_on_the_account_page_count_and_the_fifth_signs_out(
    client, comms_editor
):
    """Found by a probe: the account page's password change took guesses at the current
    password without end, logging none, where the security page signs out at the fifth."""
    from accounts.models import SecurityEvent

    client.force_login(comms_editor)

    def change(old):
        fields = {
            "password-old_password": old,
            "password-new_password1": "a-new-long-passphrase",
            "password-new_password2": "a-new-long-passphrase",
        }
        return client.post(reverse("wagtailadmin_account"), account_form_data(client, **fields))

    for _ in range(4):
        wrong = change("a guess")
        assert wrong.status_code == 200
        assert "Your old password was entered incorrectly" in wrong.content.decode()
    assert change("a guess")["Location"] == reverse("wagtailadmin_login")

    assert client.get(reverse("wagtailadmin_account"))["Location"].startswith(
        reverse("wagtailadmin_login")
    )
    refused = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_REFUSED)
    assert refused.filter(user=comms_editor).count() == 5
    comms_editor.refresh_from_db()
    assert comms_editor.check_password(factories.TEST_PASSWORD)

    # Signed in again, the right one changes it (and the count starts afresh).
    client.force_login(comms_editor)
    assert change(factories.TEST_PASSWORD).status_code == 302
    comms_editor.refresh_from_db()
    assert comms_editor.check_password("a-new-long-passphrase")
