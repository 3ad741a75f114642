"""The threat level panel on every editor's admin dashboard."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from threats.models import Scope, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def panel(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.index('id="threat-level-section"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def six_changes(sections):
    levels = ThreatLevelSettings.load()
    start = timezone.now() - datetime.timedelta(days=60)
    history = ["SEVERE", "CRITICAL", "SEVERE", "SUBSTANTIAL", "MODERATE", "SUBSTANTIAL"]
    for day, level in enumerate(history):
        levels.change(Scope.NATIONAL, level, changed_at=start + datetime.timedelta(days=day))
    levels.change(Scope.NORTHERN_IRELAND, "SEVERE", changed_at=start + datetime.timedelta(days=10))
    return levels


@pytest.mark.parametrize(
    "role", ["comms_editor", "comms_approver", "recruiter", "threat_level_manager", "superuser"]
)
def test_every_editor_sees_both_levels_as_of_their_dates(client, request, six_changes, role):
    client.force_login(request.getfixturevalue(role))

    html = " ".join(panel(client).split())

    national = six_changes.national
    assert "National threat level" in html
    assert f"<strong>SUBSTANTIAL</strong> ({national.meaning})" in html
    assert "as of " + date_format(timezone.localtime(national.changed_at), "j F Y") in html
    assert "Northern Ireland-related terrorism in Northern Ireland" in html
    assert "<strong>SEVERE</strong>" in html
    ni_date = timezone.localtime(six_changes.northern_ireland.changed_at)
    assert "as of " + date_format(ni_date, "j F Y") in html


def test_the_panel_lists_the_last_five_changes(client, comms_editor, six_changes):
    client.force_login(comms_editor)

    changes = panel(client).split('threat-level-changes">')[1].split("</ul>")[0]
    rows = [
        " ".join(row.split()) for row in re.findall(r"<li[^>]*>(.*?)</li>", changes, flags=re.S)
    ]

    assert len(rows) == 5
    # Newest first: the Northern Ireland change, then the last four national ones, each
    # saying which level was before and which after (a table's cells ran together).
    assert rows[0].startswith("Northern Ireland")
    assert [
        re.search(r"from <strong>([A-Z]+)</strong> to <strong>([A-Z]+)</strong>", row).groups()
        for row in rows[1:]
    ] == [
        ("MODERATE", "SUBSTANTIAL"),
        ("SUBSTANTIAL", "MODERATE"),
        ("SEVERE", "SUBSTANTIAL"),
        ("CRITICAL", "SEVERE"),
    ]
    assert all(", took effect " in row for row in rows)


@pytest.mark.parametrize(
    ("role", "has_link"),
    [
        ("comms_editor", False),
        ("comms_approver", False),
        ("recruiter", False),
        ("threat_level_manager", True),
        ("superuser", True),
    ],
)
def test_only_those_who_may_change_the_level_get_the_link(
    client, request, sections, role, has_link
):
    client.force_login(request.getfixturevalue(role))

    html = panel(client)

    assert (f'href="{reverse("threats_admin:change")}"' in html) is has_link
    assert ("Change the threat level" in html) is has_link


def test_with_no_change_recorded_the_panel_says_so(client, comms_editor):
    client.force_login(comms_editor)

    assert "No changes recorded yet." in panel(client)
