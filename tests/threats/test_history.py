"""Every change of a level is recorded, whichever way it is made, and never rewritten."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from threats.models import Scope, ThreatLevelChange, ThreatLevelSettings


def set_levels():
    """The levels as a manager first set them (SUBSTANTIAL both); not a change."""
    return ThreatLevelSettings.objects.create(national_level="SUBSTANTIAL", ni_level="SUBSTANTIAL")


def test_a_change_made_through_the_model_is_recorded(db):
    levels = set_levels()

    levels.national_level = "CRITICAL"
    levels.save()

    entry = ThreatLevelChange.objects.get()
    assert (entry.scope, entry.level, entry.previous_level) == (
        "national",
        "CRITICAL",
        "SUBSTANTIAL",
    )
    assert entry.changed_by is None


def test_both_levels_changed_at_once_give_two_entries(db):
    levels = ThreatLevelSettings.load()
    levels.national_level = "LOW"
    levels.ni_level = "MODERATE"
    levels.save()

    assert set(ThreatLevelChange.objects.values_list("scope", "level")) == {
        ("national", "LOW"),
        ("northern_ireland", "MODERATE"),
    }


def test_saving_without_a_change_of_level_records_nothing(db):
    levels = ThreatLevelSettings.load()
    levels.show_ni_level = False
    levels.save()

    assert not ThreatLevelChange.objects.exists()


def test_creating_the_settings_is_not_a_change(db):
    ThreatLevelSettings.load()

    assert not ThreatLevelChange.objects.exists()


def test_history_entries_cannot_be_edited_or_deleted(db):
    levels = ThreatLevelSettings.load()
    levels.change(Scope.NATIONAL, "SEVERE", note="First note")
    entry = ThreatLevelChange.objects.get()

    entry.note = "Rewritten"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        ThreatLevelChange.objects.update(note="Rewritten")
    with pytest.raises(ValidationError):
        ThreatLevelChange.objects.all().delete()

    assert ThreatLevelChange.objects.get().note == "First note"


def test_the_levels_change_row_by_row_never_by_a_bulk_update(db):
    """An update() sends no signal: the change would go unrecorded, and pages kept
    everywhere would go on showing the old level."""
    levels = set_levels()
    before = ThreatLevelChange.objects.count()

    with pytest.raises(ValidationError):
        ThreatLevelSettings.objects.update(national_level="LOW")
    levels.national_level = "LOW"
    with pytest.raises(ValidationError):
        ThreatLevelSettings.objects.bulk_update([levels], ["national_level"])

    assert ThreatLevelSettings.objects.get().national_level == "SUBSTANTIAL"
    # The way that records it still works.
    ThreatLevelSettings.load().change(Scope.NATIONAL, "LOW")
    assert ThreatLevelSettings.objects.get().national_level == "LOW"
    assert ThreatLevelChange.objects.count() == before + 1


def test_the_admin_offers_no_way_to_edit_history(client, superuser):
    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")
    entry = ThreatLevelChange.objects.get()
    client.force_login(superuser)

    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippets_threats_threatlevelchange:edit", args=[entry.pk])
    assert client.get(f"/admin/snippets/threats/threatlevelchange/{entry.pk}/").status_code == 404
    assert (
        client.post(f"/admin/snippets/threats/threatlevelchange/delete/{entry.pk}/").status_code
        == 404
    )
    assert ThreatLevelChange.objects.filter(pk=entry.pk, level="SEVERE").exists()


def test_a_future_date_is_refused_by_the_model(db):
    levels = set_levels()
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError):
        levels.change(Scope.NATIONAL, "LOW", changed_at=tomorrow)
    levels.national_changed_at = tomorrow
    with pytest.raises(ValidationError):
        levels.save()

    assert ThreatLevelSettings.objects.get().national_level == "SUBSTANTIAL"
    assert not ThreatLevelChange.objects.exists()


@pytest.mark.django_db
def test_demo_content_seeds_both_histories_once(demo_loaded):
    call_command("load_demo_content", verbosity=0)

    national = list(ThreatLevelChange.objects.filter(scope="national"))
    ni = list(ThreatLevelChange.objects.filter(scope="northern_ireland"))
    assert len(national) == 18
    assert len(ni) == 4
    assert (national[0].level, national[0].changed_at.date()) == (
        "SUBSTANTIAL",
        datetime.date(2022, 2, 9),
    )
    assert (national[-1].level, national[-1].previous_level) == ("SEVERE", "")
    assert [c.level for c in ni] == ["SUBSTANTIAL", "SEVERE", "SUBSTANTIAL", "SEVERE"]
    assert ni[0].changed_at.date() == datetime.date(2024, 3, 6)


@pytest.mark.django_db
def test_the_demo_gives_its_levels_to_a_site_where_none_was_set(demo_loaded):
    """A page read before the demo was loaded made a row without levels: the demo's
    history gives them."""
    ThreatLevelSettings.objects.all().delete()
    ThreatLevelSettings.load()  # a page read: the row, with no level set

    call_command("load_demo_content", verbosity=0)

    levels = ThreatLevelSettings.objects.get()
    assert (levels.national_level, levels.national_changed_at.date()) == (
        "SUBSTANTIAL",
        datetime.date(2022, 2, 9),
    )
    assert (levels.ni_level, levels.ni_changed_at.date()) == (
        "SUBSTANTIAL",
        datetime.date(2024, 3, 6),
    )
