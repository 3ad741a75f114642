import datetime
import io

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.two_factor import new_recovery_codes
from tests import factories


def test_reset_two_factor_removes_a_lost_device(threat_level_manager):
    factories.totp_device(threat_level_manager)
    new_recovery_codes(threat_level_manager)

    call_command("reset_two_factor", "threatlevel", stdout=io.StringIO())

    assert not TOTPDevice.objects.exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_REMOVED).exists()


def test_old_security_events_are_deleted_the_rest_kept(comms_editor, settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    old, recent = (
        SecurityEvent.objects.create(kind=SecurityEvent.Kind.SIGN_IN, created_at=now - age)
        for age in (datetime.timedelta(days=31), datetime.timedelta(days=29))
    )
    output = io.StringIO()

    call_command("delete_old_security_events", stdout=output)

    # (Making the user recorded its joining a group, just now: kept too.)
    assert list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN)) == [recent]
    assert "1 security events older than 30 days deleted" in output.getvalue()
    # Otherwise the log still refuses to lose an event.
    with pytest.raises(ValidationError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(ValidationError):
        recent.delete()
    assert old.pk is not None


def test_reset_two_factor_says_when_there_was_nothing_to_remove(threat_level_manager):
    """Found by a probe: it said "removed" and logged a removal that never was."""
    output = io.StringIO()

    call_command("reset_two_factor", "threatlevel", stdout=output)

    assert "had no two-factor sign-in set up: nothing removed" in output.getvalue()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_REMOVED).exists()


def test_reset_two_factor_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named"):
        call_command("reset_two_factor", "nobody")


def test_the_deploy_check_warns_when_two_factor_is_off(settings):
    settings.TWO_FACTOR_REQUIRED = False
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "accounts.W001" in ids

    settings.TWO_FACTOR_REQUIRED = True
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert "accounts.W001" not in ids


def test_the_deploy_check_says_first_that_it_reads_the_development_settings(settings):
    """Found by a probe: run without DJANGO_SETTINGS_MODULE, the check read the
    development settings, and said only to unset TWO_FACTOR_REQUIRED, which was unset."""
    settings.SETTINGS_MODULE = "portal.settings.dev"
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "core.W001" in ids

    settings.SETTINGS_MODULE = "portal.settings.production"
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "core.W001" not in ids


@pytest.mark.parametrize(
    ("base_url", "warned"),
    [
        ("http://portal.example.org", True),
        ("https://portal.example.org", False),
        ("http://localhost:8000", False),
    ],
)
def test_the_deploy_check_warns_when_emailed_links_are_plain_http(settings, base_url, warned):
    """Found by a probe: an http:// WAGTAILADMIN_BASE_URL passed, and password reset links
    went out over plain HTTP."""
    settings.WAGTAILADMIN_BASE_URL = base_url
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert ("core.W002" in ids) is warned


@pytest.mark.parametrize(
    ("networks", "warned"),
    [
        (["0.0.0.0/0"], True),
        (["127.0.0.1/32", "::/0"], True),
        (["8.0.0.0/7"], True),
        (["127.0.0.1/32"], False),
        (["10.0.0.0/8", "192.0.2.0/24"], False),
        ([], False),
    ],
)
def test_the_deploy_check_warns_of_proxies_as_wide_as_the_internet(settings, networks, warned):
    """Found by an operator's probe: 0.0.0.0/0 let any client choose the address the
    lockout counts, and `check --deploy` said nothing."""
    import ipaddress

    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(network) for network in networks]
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert ("core.W003" in ids) is warned
