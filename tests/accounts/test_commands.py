import io

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
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
