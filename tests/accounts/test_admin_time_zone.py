"""Every date and time in the admin is UK time, as the public site shows them: no zone is
offered in one's account, and one chosen before is forgotten (a threat level dated
2 December in Tokyo's zone showed as 1 December on the site)."""

import importlib

from django.apps import apps
from django.urls import reverse
from wagtail.users.models import UserProfile

from threats.models import ThreatLevelChange, ThreatLevelSettings

forget = importlib.import_module("accounts.migrations.0006_admin_in_uk_time")


def test_no_time_zone_is_offered(client, comms_editor):
    client.force_login(comms_editor)

    html = client.get(reverse("wagtailadmin_account")).content.decode()

    assert "Preferences" in html or "Profile" in html
    assert "current_time_zone" not in html


def test_a_zone_chosen_before_is_forgotten_and_dates_are_uk_dates(
    client, threat_level_manager, settings
):
    settings.TWO_FACTOR_REQUIRED = False
    profile = UserProfile.get_for_user(threat_level_manager)
    profile.current_time_zone = "Asia/Tokyo"
    profile.save()

    forget.forget_chosen_time_zones(apps, None)

    assert UserProfile.get_for_user(threat_level_manager).current_time_zone == ""
    ThreatLevelSettings.load()
    client.force_login(threat_level_manager)
    data = {"scope": "national", "level": "SEVERE", "took_effect_on": "2026-12-02"}
    response = client.post(reverse("threats_admin:change"), {**data, "confirm": "yes"})
    assert response["Location"] == reverse("threats_admin:change")
    took_effect = ThreatLevelChange.objects.get().changed_at
    assert took_effect.isoformat() == "2026-12-02T00:00:00+00:00"
