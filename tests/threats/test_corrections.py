"""Correcting the threat level history: a change withdrawn (alone, or with its reversal)
or its date corrected, within seven days, append-only, and shown everywhere at once."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.threats.corrections import (
    CORRECT_DATE,
    REASON,
    WITHDRAW,
    change,
    correct_date,
    days_ago,
    long_date,
    rows,
    start_of,
    withdraw,
)
from threats.models import (
    Scope,
    ThreatLevelChange,
    ThreatLevelCorrection,
    ThreatLevelSettings,
)

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def mistake(sections):
    """SEVERE three days ago, then CRITICAL today by mistake."""
    earlier = change("SEVERE", on=days_ago(3))
    return earlier, change("CRITICAL", note="Raised in error.")


@pytest.fixture
def manager(client, threat_level_manager):
    client.force_login(threat_level_manager)
    return client


# The admin, step by step.


def test_withdrawing_the_latest_change_asks_for_confirmation_first(manager, mistake):
    earlier, wrong = mistake
    before = rows()

    form = manager.get(reverse(WITHDRAW, args=[wrong.pk]))
    review = withdraw(manager, wrong)

    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    assert re.search(r"<h1[^>]*>(?:(?!</h1>).)*Withdraw a change", form.content.decode(), re.S)
    assert review.status_code == 200
    html = review.content.decode()
    assert (
        "You are about to withdraw the change of the National threat level from SEVERE to "
        "CRITICAL. The level goes back to SEVERE." in html
    )
    assert f"It will show as in force since {long_date(days_ago(3))}." in html
    assert 'name="confirm" value="yes"' in html
    assert REASON in html
    assert rows() == before


def test_withdrawing_the_latest_change_restores_the_level_and_the_date_it_took_effect(
    manager, mistake, threat_level_manager
):
    earlier, wrong = mistake
    recorded = list(ThreatLevelChange.objects.order_by("pk").values())

    response = withdraw(manager, wrong, confirm="yes")

    assert response.status_code == 302
    levels = ThreatLevelSettings.load()
    assert levels.national_level == "SEVERE"
    assert levels.national_changed_at == earlier.changed_at
    # The level went back through a change of its own, recorded as every change is.
    reversal = ThreatLevelChange.objects.order_by("pk").last()
    assert (reversal.level, reversal.previous_level) == ("SEVERE", "CRITICAL")
    assert reversal.changed_by == threat_level_manager
    correction = ThreatLevelCorrection.objects.get()
    assert (correction.kind, correction.change, correction.reversal) == (
        "withdrawn",
        wrong,
        reversal,
    )
    assert (correction.made_by, correction.reason) == (threat_level_manager, REASON)
    # Append-only: what was recorded before is as it was.
    assert list(ThreatLevelChange.objects.order_by("pk").values())[:-1] == recorded
    public = ThreatLevelChange.objects.history()
    assert [entry.pk for entry in public] == [earlier.pk]


def test_a_mistaken_change_is_withdrawn_with_its_reversal(manager, mistake):
    earlier, wrong = mistake
    reversal = change("SEVERE")
    screen = manager.get(reverse("threats_admin:change")).content.decode()

    review = withdraw(manager, wrong)
    response = withdraw(manager, wrong, confirm="yes")

    assert "Withdraw with its reversal" in screen
    assert "together with its reversal to SEVERE" in review.content.decode()
    assert response.status_code == 302
    correction = ThreatLevelCorrection.objects.get()
    assert (correction.change, correction.reversal) == (wrong, reversal)
    assert ThreatLevelChange.objects.count() == 3  # nothing new: the level stays
    levels = ThreatLevelSettings.load()
    assert levels.national_level == "SEVERE"
    assert levels.national_changed_at == earlier.changed_at
    assert [entry.pk for entry in ThreatLevelChange.objects.history()] == [earlier.pk]


def test_the_latest_reversal_may_be_withdrawn_alone(manager, mistake):
    earlier, wrong = mistake
    wrong_reversal = change("SEVERE")

    withdraw(manager, wrong_reversal, confirm="yes")

    levels = ThreatLevelSettings.load()
    assert levels.national_level == "CRITICAL"
    assert levels.national_changed_at == wrong.changed_at
    assert [entry.pk for entry in ThreatLevelChange.objects.history()] == [wrong.pk, earlier.pk]


def test_correcting_a_date_asks_for_confirmation_and_keeps_the_date_first_recorded(
    manager, mistake, threat_level_manager
):
    earlier, latest = mistake
    new_day = days_ago(1)

    review = correct_date(manager, latest, new_day)
    assert review.status_code == 200
    assert "You are about to correct the date the National threat level became CRITICAL" in (
        review.content.decode()
    )
    assert not ThreatLevelCorrection.objects.exists()

    response = correct_date(manager, latest, new_day, confirm="yes")

    assert response.status_code == 302
    correction = ThreatLevelCorrection.objects.get()
    assert (correction.kind, correction.old_date, correction.new_date) == (
        "date_corrected",
        latest.changed_at,
        start_of(new_day),
    )
    assert (correction.made_by, correction.reason) == (threat_level_manager, REASON)
    assert ThreatLevelChange.objects.get(pk=latest.pk).changed_at == latest.changed_at
    corrected = ThreatLevelChange.objects.history()[0]
    assert (corrected.took_effect_at, corrected.corrected_from) == (
        start_of(new_day),
        latest.changed_at,
    )
    # The latest change's date is the date the level in force took effect.
    assert ThreatLevelSettings.load().national_changed_at == start_of(new_day)


def test_correcting_an_earlier_date_leaves_the_date_of_the_level_in_force(manager, mistake):
    earlier, latest = mistake
    in_force_since = ThreatLevelSettings.load().national_changed_at

    response = correct_date(manager, earlier, days_ago(5), confirm="yes")

    assert response.status_code == 302
    assert ThreatLevelSettings.load().national_changed_at == in_force_since
    history = ThreatLevelChange.objects.history()
    assert [entry.took_effect_at for entry in history] == [latest.changed_at, start_of(days_ago(5))]


def test_the_admin_keeps_every_correction_with_who_when_and_why(manager, mistake):
    earlier, wrong = mistake
    correct_date(manager, earlier, days_ago(4), confirm="yes")
    withdraw(manager, wrong, confirm="yes")

    html = manager.get(reverse("threats_admin:change")).content.decode()

    corrections = html.split("<h2>Corrections</h2>", 1)[1].split("</table>", 1)[0]
    assert corrections.count(REASON) == 2
    assert corrections.count("<td>threatlevel</td>") == 2
    assert "Withdrawn: National threat level, SEVERE to CRITICAL" in corrections
    assert "the change back to SEVERE" in corrections
    assert "Date corrected: National threat level, to SEVERE" in corrections
    changes = html.split("<h2>Last changes</h2>", 1)[1].split("<h2>Corrections</h2>", 1)[0]
    assert "<del>CRITICAL</del>" in changes
    assert changes.count("<strong>Withdrawn</strong>") == 2
    assert "corrected from" in changes
    # What is left to offer: the date of the one change standing.
    assert reverse(WITHDRAW, args=[wrong.pk]) not in changes
    assert reverse(CORRECT_DATE, args=[earlier.pk]) in changes


# Bad input: a form error or a 4xx, and nothing changes.


def refused_on_the_form(response, field="__all__"):
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    # Said above the form too, focused and announced (components/error_summary.html).
    html = response.content.decode()
    assert "<title>Error: " in html
    assert escape(errors[field][0]) in html.split('role="alert"')[1].split("</div>")[0]
    return True


def test_a_change_recorded_more_than_seven_days_ago_is_not_offered_nor_corrected(manager, sections):
    old = change("SEVERE", recorded_days_ago=8)
    before = rows()

    screen = manager.get(reverse("threats_admin:change")).content.decode()
    form = manager.get(reverse(WITHDRAW, args=[old.pk])).content.decode()

    assert reverse(WITHDRAW, args=[old.pk]) not in screen
    assert reverse(CORRECT_DATE, args=[old.pk]) not in screen
    assert "Only a change recorded in the last 7 days can be corrected" in form
    assert 'name="reason"' not in form
    assert refused_on_the_form(withdraw(manager, old, confirm="yes"))
    assert refused_on_the_form(correct_date(manager, old, days_ago(9), confirm="yes"))
    assert rows() == before


def test_a_change_six_days_old_may_still_be_corrected(manager, sections):
    recent = change("SEVERE", recorded_days_ago=6)

    assert withdraw(manager, recent, confirm="yes").status_code == 302
    assert ThreatLevelSettings.load().national_level == "SUBSTANTIAL"


def test_only_the_latest_change_or_one_followed_by_its_reversal_is_withdrawn(manager, mistake):
    earlier, latest = mistake
    before = rows()

    response = withdraw(manager, earlier, confirm="yes")

    assert refused_on_the_form(response)
    assert "Only the latest change of a level" in response.content.decode()
    assert reverse(WITHDRAW, args=[earlier.pk]) not in (
        manager.get(reverse("threats_admin:change")).content.decode()
    )
    assert rows() == before


def test_the_first_published_level_cannot_be_withdrawn(manager, sections):
    first = ThreatLevelChange.objects.create(
        scope=Scope.NATIONAL, level="SUBSTANTIAL", changed_at=timezone.now()
    )
    before = rows()

    assert refused_on_the_form(withdraw(manager, first, confirm="yes"))
    assert rows() == before


def test_a_withdrawn_change_cannot_be_corrected_again(manager, mistake):
    earlier, wrong = mistake
    withdraw(manager, wrong, confirm="yes")
    reversal = ThreatLevelChange.objects.order_by("pk").last()
    before = rows()

    for entry in (wrong, reversal):
        assert refused_on_the_form(withdraw(manager, entry, confirm="yes"))
        assert refused_on_the_form(correct_date(manager, entry, days_ago(1), confirm="yes"))
    assert rows() == before


@pytest.mark.parametrize(
    ("target", "day", "message"),
    [
        ("latest", -1, "cannot take effect in the future"),
        ("latest", 4, "cannot take effect before the previous one"),
        ("earlier", 0, "cannot take effect after the next one"),
        ("earlier", 3, "already the date it took effect"),
        # Today's change, given today again: no correction, however the moment moved on.
        ("latest", 0, "already the date it took effect"),
        ("latest", "not a date", "Enter a valid date"),
        ("latest", "", "Enter the day the change really took effect."),
        # A year mistyped: the API and feeds gave a date browsers cannot read (a probe).
        ("earlier", "0001-01-01", "threat levels were first published on 1 August 2006"),
        ("earlier", "2006-07-31", "threat levels were first published on 1 August 2006"),
    ],
)
def test_a_corrected_date_keeps_the_order_of_the_history(manager, mistake, target, day, message):
    earlier, latest = mistake
    entry = {"earlier": earlier, "latest": latest}[target]
    before = rows()

    response = correct_date(
        manager, entry, days_ago(day) if isinstance(day, int) else day, confirm="yes"
    )

    assert refused_on_the_form(response, "took_effect_on")
    assert message in response.content.decode()
    assert rows() == before


@pytest.mark.parametrize("reason", ["", "   ", "\u200b", "\u2800\u3164"])
def test_a_correction_needs_a_reason(manager, mistake, reason):
    earlier, latest = mistake
    before = rows()

    assert refused_on_the_form(withdraw(manager, latest, confirm="yes", reason=reason), "reason")
    assert refused_on_the_form(
        correct_date(manager, latest, days_ago(1), confirm="yes", reason=reason), "reason"
    )
    assert refused_on_the_form(
        correct_date(manager, latest, days_ago(1), confirm="yes", reason="x" * 501), "reason"
    )
    assert rows() == before


def test_a_tampered_id_is_a_404(manager, mistake):
    before = rows()

    for name in (WITHDRAW, CORRECT_DATE):
        url = reverse(name, args=[999999])
        assert manager.get(url).status_code == 404
        assert manager.post(url, {"reason": REASON, "confirm": "yes"}).status_code == 404
    assert manager.get("/admin/threat-level/changes/abc/withdraw/").status_code == 404
    assert rows() == before


def test_a_get_never_corrects_anything(manager, mistake):
    earlier, latest = mistake
    before = rows()
    query = {"reason": REASON, "confirm": "yes", "took_effect_on": days_ago(1).isoformat()}

    assert manager.get(reverse(WITHDRAW, args=[latest.pk]), query).status_code == 200
    assert manager.get(reverse(CORRECT_DATE, args=[latest.pk]), query).status_code == 200
    assert manager.put(reverse(WITHDRAW, args=[latest.pk])).status_code == 405
    assert manager.delete(reverse(CORRECT_DATE, args=[latest.pk])).status_code == 405
    assert rows() == before


def test_a_forged_correction_without_the_csrf_token_is_refused(mistake, threat_level_manager):
    earlier, latest = mistake
    client = Client(enforce_csrf_checks=True)
    client.force_login(threat_level_manager)
    before = rows()

    assert withdraw(client, latest, confirm="yes").status_code == 403
    assert correct_date(client, latest, days_ago(1), confirm="yes").status_code == 403
    assert rows() == before


# The model: append-only, and the same rules whoever calls it.


def test_corrections_cannot_be_edited_or_deleted(mistake):
    earlier, wrong = mistake
    levels = ThreatLevelSettings.load()
    levels.withdraw(wrong, reason=REASON)
    correction = ThreatLevelCorrection.objects.get()

    correction.reason = "Rewritten"
    with pytest.raises(ValidationError):
        correction.save()
    with pytest.raises(ValidationError):
        correction.delete()
    with pytest.raises(ValidationError):
        ThreatLevelCorrection.objects.update(reason="Rewritten")
    with pytest.raises(ValidationError):
        ThreatLevelCorrection.objects.all().delete()

    assert ThreatLevelCorrection.objects.get().reason == REASON


def test_the_model_refuses_a_correction_without_a_reason(mistake):
    earlier, wrong = mistake
    before = rows()

    with pytest.raises(ValidationError):
        ThreatLevelSettings.load().withdraw(wrong, reason=" ")
    with pytest.raises(ValidationError):
        ThreatLevelSettings.load().correct_date(wrong, start_of(days_ago(1)), reason="")

    assert rows() == before


def test_withdrawing_the_first_change_restores_the_date_recorded_with_it(sections):
    levels = ThreatLevelSettings.load()
    levels.national_changed_at = start_of(datetime.date(2020, 5, 1))
    levels.save()
    wrong = change("LOW")

    ThreatLevelSettings.load().withdraw(wrong, reason=REASON)

    levels = ThreatLevelSettings.load()
    assert (levels.national_level, levels.national_changed_at) == (
        "SUBSTANTIAL",
        start_of(datetime.date(2020, 5, 1)),
    )


def test_a_change_after_a_withdrawal_follows_the_corrected_history(mistake):
    earlier, wrong = mistake
    ThreatLevelSettings.load().withdraw(wrong, reason=REASON)

    later = change("MODERATE", on=days_ago(1))

    assert [entry.pk for entry in ThreatLevelChange.objects.history()] == [later.pk, earlier.pk]
    with pytest.raises(ValidationError):
        change("LOW", on=days_ago(2))


def test_the_other_level_is_corrected_on_its_own(sections):
    national = change("SEVERE", on=days_ago(2))
    ni = change("LOW", scope=Scope.NORTHERN_IRELAND)

    ThreatLevelSettings.load().withdraw(ni, reason=REASON)

    levels = ThreatLevelSettings.load()
    assert (levels.national_level, levels.ni_level) == ("SEVERE", "SUBSTANTIAL")
    assert levels.national_changed_at == national.changed_at
    assert [entry.pk for entry in ThreatLevelChange.objects.history()] == [national.pk]


def test_a_correction_that_leaves_the_levels_alone_still_retires_every_cache(
    client, mistake, settings, commits_at_once, threat_level_manager
):
    earlier, latest = mistake
    settings.SERVING_KEEP_IN_PROCESS = True
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    client.get("/threat-levels/")
    assert client.get("/threat-levels/")["X-Page-Cache"] == "hit"
    assert f'<time datetime="{days_ago(3).isoformat()}">' in (
        client.get("/threat-levels/").content.decode()
    )

    ThreatLevelSettings.load().correct_date(
        earlier, start_of(days_ago(6)), author=threat_level_manager, reason=REASON
    )

    html = client.get("/threat-levels/").content.decode()
    assert f'<time datetime="{days_ago(6).isoformat()}">' in html
    assert f'<time datetime="{days_ago(3).isoformat()}">' not in html
