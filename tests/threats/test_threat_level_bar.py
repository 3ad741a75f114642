"""The national threat level, shown on every page with its meaning."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from editorial import roles
from threats.levels import MEANINGS, ThreatLevel, position_of
from threats.models import ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def set_level(level):
    settings = ThreatLevelSettings.load()
    settings.national_level = level
    settings.save()


def test_a_change_of_level_shows_on_the_next_request(client, sections):
    assert ">SUBSTANTIAL</strong>" in client.get("/").content.decode()

    set_level(ThreatLevel.SEVERE)

    html = client.get("/").content.decode()
    assert ">SEVERE</strong>" in html
    assert "(an attack is highly likely)" in html
    assert ">SUBSTANTIAL</strong>" not in html
    assert ">SEVERE</strong>" in client.get("/careers/").content.decode()


@pytest.mark.parametrize("level", list(ThreatLevel))
def test_every_level_is_shown_with_its_meaning(client, sections, level):
    set_level(level)

    html = client.get("/").content.decode()

    assert f">{level.label}</strong>" in html
    assert f"({MEANINGS[level]})" in html


def test_levels_run_from_low_to_critical():
    assert [position_of(level) for level in ThreatLevel] == [1, 2, 3, 4, 5]
    assert position_of("SUBSTANTIAL") == 3


def test_bar_has_no_link_when_the_threat_levels_page_is_unpublished(client, sections):
    sections["threat_levels"].unpublish()

    html = client.get("/").content.decode()

    assert "Current national threat level:" in html
    assert "Read more about threat levels" not in html
    # With no link to read them in, the bar's words are read out as they are.
    bar = html[html.index('<section class="threat-level-bar"') :].split("</section>", 1)[0]
    assert bar.count('aria-hidden="true"') == 1  # the short label, which repeats the long


def test_the_change_permission_is_held_only_by_managers_and_administrators(sections):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    permission = Permission.objects.get(
        content_type__app_label="threats", codename="change_threatlevelsettings"
    )

    holders = set(Group.objects.filter(permissions=permission).values_list("name", flat=True))
    assert holders == {roles.THREAT_LEVEL_MANAGERS, roles.ADMINISTRATORS}
    managers = Group.objects.get(name=roles.THREAT_LEVEL_MANAGERS)
    assert set(managers.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_threatlevelsettings",
    }
    assert not managers.page_permissions.exists()
    assert not managers.collection_permissions.exists()


def test_on_the_threat_levels_page_the_bar_s_link_is_marked_as_the_page_shown(
    client, cached_site, settings
):
    """It led to the page it was on, unmarked: a screen reader's user followed 'Read more'
    back to where they were. Kept in the process, each bar stays its own."""
    settings.SERVING_KEEP_IN_PROCESS = True
    link = re.compile(r'<a class="threat-level-bar__link" href="/threat-levels/"[^>]*>')
    for _round in range(2):
        here = client.get("/threat-levels/").content.decode()
        elsewhere = client.get("/careers/").content.decode()

        assert 'aria-current="page"' in link.search(here).group(0)
        assert "aria-current" not in link.search(elsewhere).group(0)
