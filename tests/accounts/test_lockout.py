"""Brute force: five failures lock the username-and-address pair out; unlocking."""

import io
import ipaddress
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from accounts.models import SecurityEvent

from .conftest import admin_home, sign_in

pytestmark = pytest.mark.usefixtures("site_for_the_module")

ATTACKER = "198.51.100.7"
MANAGER = "203.0.113.5"


def fail(client, username, times, address=ATTACKER, **extra):
    return [sign_in(client, username, "wrong-password", address, **extra) for _ in range(times)]


def test_four_failures_leave_the_form_and_the_fifth_locks_out(client, comms_editor, caplog):
    responses = fail(client, "comms", 5)

    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert "Too many failed sign-ins" in responses[4].content.decode()
    # What unlocks it, said as it is (nothing in the admin does; a reset leaves the pause).
    assert "they do it on the server, not in the admin" in responses[4].content.decode()
    # Logged for the operators (its start line is not: portal.settings.base's LOGGING).
    assert any(
        record.name.startswith("axes.") and "Locking out" in record.getMessage()
        for record in caplog.records
    )


def test_the_lockout_holds_with_the_cache_down(client, comms_editor, settings):
    from tests.serving.test_redis_cache import closed_port, redis_settings

    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    fail(client, "comms", 5)

    # django-axes counts in the database: still locked, even with the right password.
    assert sign_in(client, "comms", address=ATTACKER).status_code == 429


def test_while_locked_the_right_password_is_refused_too(client, comms_editor):
    fail(client, "comms", 5)

    response = sign_in(client, "comms", address=ATTACKER)

    assert response.status_code == 429
    assert client.get(admin_home()).status_code == 302


def test_a_locked_username_still_signs_in_from_another_address(client, comms_editor):
    fail(client, "comms", 5)

    response = sign_in(client, "comms", address=MANAGER)

    assert response.status_code == 302
    assert response["Location"] == admin_home()
    assert client.get(admin_home()).status_code == 200


def test_the_addresses_of_one_ipv6_network_share_their_tries(client, comms_editor):
    """A /64 is one household's or server's: counted address by address, it had as many
    tries as it has addresses (24 wrong passwords from six of them, none locked)."""
    for last in range(1, 6):
        response = sign_in(client, "comms", "wrong-password", f"2001:db8:1:2::{last}")

    assert response.status_code == 429
    assert sign_in(client, "comms", address="2001:db8:1:2::99").status_code == 429
    # Another network is someone else.
    assert sign_in(client, "comms", address="2001:db8:1:3::1").status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(client, comms_editor, settings):
    fail(client, "comms", 5)
    assert sign_in(client, "comms", address=ATTACKER).status_code == 429

    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)

    assert sign_in(client, "comms", address=ATTACKER).status_code == 302


def test_axes_reset_username_unlocks_the_account(client, comms_editor):
    fail(client, "comms", 5)
    assert sign_in(client, "comms", address=ATTACKER).status_code == 429

    call_command("axes_reset_username", "comms", stdout=io.StringIO())

    assert sign_in(client, "comms", address=ATTACKER).status_code == 302


def test_an_unknown_username_is_locked_out_like_a_real_one(client, sections):
    # The lockout page says nothing about whether the account exists.
    responses = fail(client, "nobody", 5)

    assert responses[4].status_code == 429


def test_failures_and_the_lockout_are_in_the_security_log(client, comms_editor):
    fail(client, "comms", 5, HTTP_USER_AGENT="curl/8" + "x" * 400)

    failed = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
    lockouts = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT)
    assert failed.count() == 5
    assert lockouts.count() == 1
    event = lockouts.get()
    assert (event.username, event.ip_address) == ("comms", ATTACKER)
    assert len(event.user_agent) == 255


class TestBehindProxies:
    """Behind a proxy of ours, the client is the last X-Forwarded-For entry it added."""

    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/24")]

    def via_proxy(self, client_address, spoofed="10.9.9.9"):
        return {"HTTP_X_FORWARDED_FOR": f"{spoofed}, {client_address}"}

    def test_the_lockout_is_keyed_on_the_forwarded_client_address(self, client, comms_editor):
        proxy = "10.0.0.2"
        # A different spoofed entry on every try changes nothing.
        for number in range(5):
            sign_in(
                client,
                "comms",
                "wrong-password",
                proxy,
                **self.via_proxy(ATTACKER, spoofed=f"10.1.1.{number}"),
            )

        locked = sign_in(client, "comms", address=proxy, **self.via_proxy(ATTACKER))
        assert locked.status_code == 429
        manager = sign_in(client, "comms", address=proxy, **self.via_proxy(MANAGER))
        assert manager.status_code == 302
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
        lockouts = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT)
        assert set(lockouts.values_list("ip_address", flat=True)) == {ATTACKER}

    def test_a_forged_header_on_a_direct_connection_does_not_dodge_the_lockout(
        self, client, comms_editor
    ):
        # Not a proxy of ours: a new made-up X-Forwarded-For on every try changes nothing.
        for number in range(5):
            sign_in(
                client, "comms", "wrong-password", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.1.1.{number}"
            )

        locked = sign_in(client, "comms", address=ATTACKER, HTTP_X_FORWARDED_FOR="10.1.1.99")
        assert locked.status_code == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
