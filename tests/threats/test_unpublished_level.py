"""A new site shows no threat level until a threat level manager sets one: never a level
nobody set, dated whenever its row happened to be made. The first change publishes it."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from threats.levels import ThreatLevel
from threats.models import Scope, ThreatLevelChange, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")

NOT_PUBLISHED = "has not been published on this website yet"
LEVEL_NAMES = re.compile("|".join(str(level.label) for level in ThreatLevel))


@pytest.fixture
def unset(sections):
    """The site as `migrate` leaves it: no manager has set a level (no row yet)."""
    ThreatLevelSettings.objects.all().delete()
    return sections


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", html)


def test_a_new_site_names_no_level_anywhere_it_shows_one(client, unset):
    home = client.get("/").content.decode()
    bar = re.search(r'<section class="threat-level-bar".*?</section>', home, re.S).group(0)
    assert "Not yet published" in bar
    assert 'data-levels=""' in bar
    assert "threat-level--unpublished" in bar
    assert not LEVEL_NAMES.search(visible_text(home))

    page = client.get("/threat-levels/").content.decode()
    current = re.search(r'<div class="current-levels">.*?</div>\s*<h2', page, re.S).group(0)
    assert NOT_PUBLISHED in current
    assert "(the national level now)" not in page  # the scale marks no level as current

    api = json.loads(client.get(reverse("threat-level-api")).content)
    assert api["national"] is None
    assert api["northern_ireland"] is None
    assert api["history"] == []

    badge = client.get(reverse("threat-level-badge")).content.decode()
    assert "UK national threat level: not yet published" in badge
    assert not LEVEL_NAMES.search(badge)
    assert " of 5<" not in badge
    assert '<rect x="196"' not in badge  # no meter: its words take the room


def test_reading_the_pages_makes_no_level(client, unset):
    client.get("/")
    client.get(reverse("threat-level-api"))

    levels = ThreatLevelSettings.objects.get()  # made by the reads, as Wagtail makes settings
    assert (levels.national_level, levels.national_changed_at) == ("", None)
    assert (levels.ni_level, levels.ni_changed_at) == ("", None)
    assert not ThreatLevelChange.objects.exists()


def test_the_admin_says_so_and_the_first_change_publishes_the_level(
    client, unset, threat_level_manager
):
    client.force_login(threat_level_manager)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Not yet published" in dashboard
    screen = client.get(reverse("threats_admin:change")).content.decode()
    assert "Not yet published</strong>: the site says so until a threat level manager" in screen

    # SUBSTANTIAL, the level a new row used to be given, is not "already" in force.
    data = {"scope": "national", "level": "SUBSTANTIAL", "took_effect_on": "", "note": ""}
    confirm = client.post(reverse("threats_admin:change"), data).content.decode()
    assert "publish the National threat level for the first time: SUBSTANTIAL" in confirm
    response = client.post(reverse("threats_admin:change"), {**data, "confirm": "yes"})
    assert response.status_code == 302

    entry = ThreatLevelChange.objects.get()
    assert (entry.scope, entry.level, entry.previous_level) == ("national", "SUBSTANTIAL", "")
    client.logout()
    bar = client.get("/").content.decode()
    assert ">SUBSTANTIAL</strong>" in bar
    assert "(an attack is likely)" in bar
    api = json.loads(client.get(reverse("threat-level-api")).content)
    assert api["national"]["level"] == "SUBSTANTIAL"
    assert api["northern_ireland"] is None  # shown, but still not set
    assert api["history"][0]["previous_level"] is None


def test_the_first_change_cannot_be_withdrawn(unset):
    first = ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")

    with pytest.raises(ValidationError, match="first published the level"):
        ThreatLevelSettings.load().check_withdrawal(first)


def test_a_published_level_cannot_be_taken_away(unset):
    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")
    levels = ThreatLevelSettings.load()
    levels.national_level = ""

    with pytest.raises(ValidationError, match="changed, not taken away"):
        levels.save()
    assert ThreatLevelSettings.objects.get().national_level == "SEVERE"
    assert ThreatLevelChange.objects.count() == 1


def test_a_level_set_through_the_model_takes_effect_now_when_no_date_is_given(unset):
    levels = ThreatLevelSettings.load()
    levels.ni_level = "MODERATE"
    levels.save()

    levels = ThreatLevelSettings.objects.get()
    assert levels.ni_changed_at is not None
    entry = ThreatLevelChange.objects.get()
    assert (entry.scope, entry.level, entry.previous_level) == ("northern_ireland", "MODERATE", "")


def test_the_threat_levels_page_says_which_level_is_not_published(client, unset):
    page = client.get("/threat-levels/").content.decode()
    assert "No change of the national threat level has been published" in page
    assert "timeline-figure" not in page  # no empty chart, no empty table
    assert 'id="national-history"' not in page

    # Northern Ireland's published and shown, the national level not yet.
    ThreatLevelSettings.load().change(Scope.NORTHERN_IRELAND, "SEVERE")
    page = client.get("/threat-levels/").content.decode()
    current = re.search(r'<div class="current-levels">.*?</div>\s*<h2', page, re.S).group(0)
    assert NOT_PUBLISHED in current
    assert 'id="northern_ireland-level"' in current
    assert 'id="national-level"' not in current
