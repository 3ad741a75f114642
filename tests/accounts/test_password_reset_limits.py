"""Password reset mails are limited per address and per client, and the answer says
nothing about whether an account exists, in its content or its time (the mail goes
after the response)."""

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import SecurityEvent
from tests import factories
from tests.serving.test_redis_cache import closed_port, redis_settings

from .test_passwords import reset, without_csrf_token

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def editors(sections):
    return [factories.user(f"editor{number}") for number in range(20)]


def test_ten_requests_for_one_address_send_at_most_the_limit(client, comms_editor, settings):
    responses = [reset(client, "comms@example.org") for _ in range(10)]

    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, reverse("wagtailadmin_password_reset_done"))
    }
    assert len({without_csrf_token(client.get(r["Location"])) for r in responses}) == 1
    requested = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED)
    assert requested.count() == 10


def test_one_client_asking_for_many_addresses_is_limited_too(client, editors, settings):
    for editor in editors:
        reset(client, editor.email)

    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR == 10


def test_another_client_is_not_held_back_by_the_first(client, editors):
    for editor in editors[:10]:
        reset(client, editor.email)

    reset(client, editors[10].email)  # the first client's eleventh
    client.defaults["REMOTE_ADDR"] = "203.0.113.50"
    reset(client, editors[11].email)

    assert [m.to for m in mail.outbox][-1] == [editors[11].email]
    assert len(mail.outbox) == 11


def test_with_the_cache_down_the_limits_are_counted_in_the_database(client, comms_editor, settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")

    for _ in range(10):
        assert reset(client, "comms@example.org").status_code == 302

    assert len(mail.outbox) == 3


def test_the_mail_goes_after_the_response(comms_editor):
    from wagtail.admin.views.account import PasswordResetView

    request = RequestFactory().post(
        reverse("wagtailadmin_password_reset"), {"email": "comms@example.org"}
    )
    request._dont_enforce_csrf_checks = True

    response = PasswordResetView.as_view()(request)

    assert response.status_code == 302
    assert mail.outbox == []  # the view has answered; nothing is sent yet
    # What the server does once the response is out (without closing the test's database
    # connection, as Django's test client does too).
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
        assert [m.to for m in mail.outbox] == [["comms@example.org"]]
        request_finished.send(sender=None)  # once only
        assert len(mail.outbox) == 1
    finally:
        request_finished.connect(close_old_connections)
