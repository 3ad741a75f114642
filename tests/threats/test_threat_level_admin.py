"""Changing a level in the admin: who may, the confirmation step, and bad input."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from threats.models import ThreatLevelChange, ThreatLevelCorrection, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")

CHANGE_URL = "threats_admin:change"
ROLES = [
    "anonymous",
    "recruiter",
    "comms_editor",
    "comms_approver",
    "threat_level_manager",
    "administrator",
    "superuser",
]
MAY_CHANGE = {"threat_level_manager", "administrator", "superuser"}


def signed_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def state():
    levels = ThreatLevelSettings.load()
    return (
        levels.national_level,
        levels.ni_level,
        levels.show_ni_level,
        ThreatLevelChange.objects.count(),
    )


def change(client, **fields):
    data = {"scope": "national", "level": "SEVERE", "took_effect_on": "", "note": ""}
    data.update(fields)
    return client.post(reverse(CHANGE_URL), data)


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_superusers_open_the_form(client, request, sections, role):
    response = signed_in(client, request, role).get(reverse(CHANGE_URL))

    if role in MAY_CHANGE:
        assert response.status_code == 200
        assert "Levels in force" in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
    else:
        # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_superusers_change_a_level(client, request, sections, role):
    before = state()
    client = signed_in(client, request, role)

    response = change(client, confirm="yes")
    visibility = client.post(reverse("threats_admin:visibility"), {})

    if role in MAY_CHANGE:
        assert response.status_code == 302
        assert ThreatLevelSettings.load().national_level == "SEVERE"
        assert ThreatLevelSettings.load().show_ni_level is False
    else:
        assert response.status_code in (302, 403)
        assert visibility.status_code in (302, 403)
        assert state() == before


def recent_history():
    """SEVERE since two days ago, then CRITICAL today by mistake."""
    levels = ThreatLevelSettings.load()
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    earlier = levels.change("national", "SEVERE", changed_at=two_days_ago)
    return earlier, ThreatLevelSettings.load().change("national", "CRITICAL")


def corrections_state():
    return (
        state(),
        list(ThreatLevelChange.objects.order_by("pk").values()),
        list(ThreatLevelCorrection.objects.values()),
        ThreatLevelSettings.load().national_changed_at,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_superusers_are_offered_corrections(client, request, sections, role):
    earlier, mistake = recent_history()
    client = signed_in(client, request, role)
    withdraw_url = reverse("threats_admin:withdraw", args=[mistake.pk])
    correct_date_url = reverse("threats_admin:correct_date", args=[earlier.pk])

    screen = client.get(reverse(CHANGE_URL))
    forms = [client.get(withdraw_url), client.get(correct_date_url)]

    if role in MAY_CHANGE:
        assert withdraw_url in screen.content.decode()
        assert correct_date_url in screen.content.decode()
        assert [form.status_code for form in forms] == [200, 200]
    else:
        assert screen.status_code == 302
        for form in forms:
            assert form.status_code == 302
            assert form["Location"] in (
                reverse("wagtailadmin_home"),
                f"{reverse('wagtailadmin_login')}?next={form.wsgi_request.path}",
            )


@pytest.mark.parametrize("role", ROLES)
def test_only_managers_and_superusers_correct_the_history(client, request, sections, role):
    earlier, mistake = recent_history()
    before = corrections_state()
    client = signed_in(client, request, role)
    reason = {"reason": "Entered by mistake.", "confirm": "yes"}

    dated = client.post(
        reverse("threats_admin:correct_date", args=[earlier.pk]),
        {"took_effect_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()}
        | reason,
    )
    withdrawn = client.post(reverse("threats_admin:withdraw", args=[mistake.pk]), reason)

    if role in MAY_CHANGE:
        assert (dated.status_code, withdrawn.status_code) == (302, 302)
        assert ThreatLevelCorrection.objects.count() == 2
        assert ThreatLevelSettings.load().national_level == "SEVERE"
    else:
        assert dated.status_code in (302, 403)
        assert withdrawn.status_code in (302, 403)
        assert corrections_state() == before


def test_the_menu_shows_the_threat_level_only_to_those_who_may_change_it(
    client, threat_level_manager, comms_approver
):
    client.force_login(threat_level_manager)
    assert reverse(CHANGE_URL) in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(comms_approver)
    assert reverse(CHANGE_URL) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_change_asks_for_confirmation_before_it_takes_effect(client, threat_level_manager):
    client.force_login(threat_level_manager)
    before = state()

    review = change(client, note="Raised after an attack.")

    assert review.status_code == 200
    html = review.content.decode()
    assert "You are about to change the National threat level from SUBSTANTIAL to SEVERE" in html
    assert 'name="confirm" value="yes"' in html
    assert state() == before


def test_a_confirmed_change_is_recorded_with_who_and_why(client, threat_level_manager):
    client.force_login(threat_level_manager)

    response = change(client, confirm="yes", note="Raised after an attack.")

    assert response.status_code == 302
    entry = ThreatLevelChange.objects.get()
    assert (entry.scope, entry.level, entry.previous_level) == ("national", "SEVERE", "SUBSTANTIAL")
    assert entry.changed_by == threat_level_manager
    assert entry.note == "Raised after an attack."
    assert abs((timezone.now() - entry.changed_at).total_seconds()) < 60
    assert ">SEVERE</strong>" in Client().get("/").content.decode()


def test_an_earlier_date_may_be_entered(client, threat_level_manager):
    client.force_login(threat_level_manager)
    day = timezone.localdate() - datetime.timedelta(days=3)

    change(
        client, confirm="yes", scope="northern_ireland", level="LOW", took_effect_on=day.isoformat()
    )

    levels = ThreatLevelSettings.load()
    assert levels.ni_level == "LOW"
    assert timezone.localtime(levels.ni_changed_at).date() == day
    assert ThreatLevelChange.objects.get().scope == "northern_ireland"


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"level": "APOCALYPTIC"}, "level"),
        ({"level": ""}, "level"),
        ({"scope": "mars"}, "scope"),
        ({"level": "SUBSTANTIAL"}, "level"),
        ({"took_effect_on": "2999-01-01"}, "took_effect_on"),
        ({"took_effect_on": "not a date"}, "took_effect_on"),
        ({"note": "x" * 501}, "note"),
        # Published as a stray full stop and nothing on the page, in the feeds and API.
        ({"note": "\u200b\u200b\u200b"}, "note"),
    ],
)
def test_bad_input_is_refused_with_a_form_error(client, threat_level_manager, fields, error_field):
    client.force_login(threat_level_manager)
    before = state()

    response = change(client, confirm="yes", **fields)

    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert state() == before
    # Said first, focused and announced, each error linking to its field.
    html = response.content.decode()
    assert "<title>Error: Threat level" in html
    summary = html.split('role="alert"')[1].split("</div>")[0]
    field = response.context["form"][error_field]
    # A group of radio buttons: its first, which the link can focus (not the group's div).
    target = f"{field.auto_id}_0" if field.use_fieldset else field.auto_id
    assert f'<a href="#{target}">{field.label}: {field.errors[0]}' in summary
    assert f'id="{target}"' in html


def test_each_error_is_tied_to_its_field_and_each_group_named_by_a_legend(
    client, threat_level_manager
):
    client.force_login(threat_level_manager)

    html = change(client, scope="", level="", took_effect_on="2999-01-01").content.decode()

    # A group of radio buttons is a fieldset its legend names, described by its error.
    # Each error says what to do ("This field is required." said nothing of it).
    for name, label, told in (
        ("scope", "Which level", "Choose which level changes: national or Northern Ireland."),
        ("level", "New level", "Choose the new level."),
    ):
        fieldset = rf'<fieldset class="w-pb-0" aria-describedby="id_{name}_error">'
        group = re.search(rf"{fieldset}\s*<legend[^>]*>(.*?)<", html)
        assert group is not None and group[1] == label
        error = re.search(rf'id="id_{name}_error">(.*?)</div>', html, flags=re.S)
        assert told in error[1]
    # A single input points at its error and help text, which carry those ids.
    date_input = re.search(r'<input type="date"[^>]*>', html)[0]
    described_by = re.search(r'aria-describedby="([^"]*)"', date_input)[1].split()
    assert set(described_by) == {"id_took_effect_on_error", "id_took_effect_on_helptext"}
    error = re.search(r'id="id_took_effect_on_error">(.*?)</div>', html, flags=re.S)
    assert "A level cannot take effect in the future." in error[1]
    assert 'id="id_took_effect_on_helptext"' in html


def test_a_change_cannot_take_effect_before_the_previous_one(client, threat_level_manager):
    levels = ThreatLevelSettings.load()
    levels.change("national", "SEVERE")
    client.force_login(threat_level_manager)
    before = state()

    response = change(client, confirm="yes", level="LOW", took_effect_on="2001-01-01")

    assert "took_effect_on" in response.context["form"].errors
    assert state() == before


def test_two_managers_changing_at_once_keep_both_changes(threat_level_manager):
    # Each read the levels before the other saved (two requests, on two servers).
    first, second = ThreatLevelSettings.load(), ThreatLevelSettings.load()

    first.change("national", "SEVERE", author=threat_level_manager)
    second.change("northern_ireland", "MODERATE")

    levels = ThreatLevelSettings.load()
    assert (levels.national_level, levels.ni_level) == ("SEVERE", "MODERATE")
    assert list(
        ThreatLevelChange.objects.order_by("pk").values_list("scope", "level", "previous_level")
    ) == [("national", "SEVERE", "SUBSTANTIAL"), ("northern_ireland", "MODERATE", "SUBSTANTIAL")]


def test_hiding_the_ni_level_keeps_a_change_made_meanwhile():
    read_before = ThreatLevelSettings.load()
    ThreatLevelSettings.load().change("national", "SEVERE")

    read_before.set_ni_shown(False)

    levels = ThreatLevelSettings.load()
    assert (levels.national_level, levels.show_ni_level) == ("SEVERE", False)
    assert ThreatLevelChange.objects.count() == 1


def test_a_confirmation_another_manager_was_quicker_with_shows_why(client, threat_level_manager):
    client.force_login(threat_level_manager)
    assert change(client).status_code == 200  # the confirmation, for SEVERE
    ThreatLevelSettings.load().change("national", "SEVERE")  # another manager, meanwhile

    response = change(client, confirm="yes")

    assert response.status_code == 200
    assert "The level is already SEVERE." in response.context["form"].errors["level"]
    assert ThreatLevelChange.objects.count() == 1


def test_a_level_dated_by_a_server_whose_clock_is_ahead_blocks_no_change(
    client, threat_level_manager
):
    ahead = timezone.now() + datetime.timedelta(minutes=3)
    ThreatLevelSettings.load().change("national", "SEVERE", changed_at=ahead)
    client.force_login(threat_level_manager)

    assert change(client, confirm="yes", scope="northern_ireland", level="LOW").status_code == 302
    assert change(client, confirm="yes", level="CRITICAL").status_code == 302
    hidden = client.post(reverse("threats_admin:visibility"), {}, follow=True)
    assert (
        "The Northern Ireland level is now hidden from the public site" in hidden.content.decode()
    )

    levels = ThreatLevelSettings.load()
    assert (levels.national_level, levels.ni_level, levels.show_ni_level) == (
        "CRITICAL",
        "LOW",
        False,
    )
    # Made now, it follows the change dated ahead: the newest in the history and feeds.
    latest = ThreatLevelChange.objects.public("national").first()
    assert (latest.level, latest.took_effect_at) == ("CRITICAL", ahead)


def test_a_forged_post_without_the_csrf_token_is_refused(threat_level_manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(threat_level_manager)
    before = state()

    response = change(client, confirm="yes")

    assert response.status_code == 403
    assert state() == before


def test_other_methods_are_refused(client, threat_level_manager):
    client.force_login(threat_level_manager)

    assert client.put(reverse(CHANGE_URL)).status_code == 405
    assert client.get(reverse("threats_admin:visibility")).status_code == 405
