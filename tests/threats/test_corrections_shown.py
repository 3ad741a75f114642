"""Threat level corrections shown at once everywhere the public reads the history (page,
table, JSON, feeds, the bar), with every cache on, on the demo site."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import roles
from serving import forget_everything
from tests import factories
from tests.threats.corrections import (
    ATOM,
    REASON,
    WITHDRAW,
    change,
    correct_date,
    days_ago,
    long_date,
    start_of,
    withdraw,
)

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


@pytest.fixture
def demo_as_served(db, settings, commits_at_once):
    """The demo site served as in production: pages, fragments and rows kept."""
    settings.SERVING_KEEP_IN_PROCESS = True
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    cache.clear()
    forget_everything()
    manager = Client()
    manager.force_login(factories.user("threatlevel", roles.THREAT_LEVEL_MANAGERS))
    yield manager
    cache.clear()
    forget_everything()


def public_view(client):
    """What the public sees of the national level: page, table, JSON and both feeds."""
    page = client.get("/threat-levels/").content.decode()
    table = page.split('id="national-history-caption"', 1)[1].split("</table>", 1)[0]
    atom = ET.fromstring(client.get("/feeds/threat-level.atom").content)
    rss = ET.fromstring(client.get("/feeds/threat-level.rss").content).find("channel")
    return {
        "page": page,
        "table": table,
        "json": client.get("/api/threat-level.json").json(),
        "atom": [
            (
                entry.find(ATOM + "title").text,
                datetime.datetime.fromisoformat(entry.find(ATOM + "published").text),
            )
            for entry in atom.findall(ATOM + "entry")
        ],
        "rss": [item.find("title").text for item in rss.findall("item")],
        "ids": {
            "atom": [entry.find(ATOM + "id").text for entry in atom.findall(ATOM + "entry")],
            "rss": [item.find("guid").text for item in rss.findall("item")],
        },
        "bar": client.get("/").content.decode(),
    }


def test_a_withdrawal_shows_at_once_everywhere(demo_as_served):
    manager, public = demo_as_served, Client()
    public_view(public)  # every cache filled with the history as it was
    assert public.get("/threat-levels/")["X-Page-Cache"] == "hit"
    wrong = change("CRITICAL", note="Raised in error.")
    today = long_date(timezone.localdate())

    before = public_view(public)
    screen_before = manager.get(reverse("threats_admin:change")).content.decode()

    assert f"As of {today}" in before["page"]
    assert ">CRITICAL</strong>" in before["bar"]
    assert before["table"].count('<tr id="change-') == 19
    assert f'<tr id="change-{wrong.pk}">' in before["table"]
    assert before["json"]["national"]["level"] == "CRITICAL"
    assert before["json"]["history"][0]["level"] == "CRITICAL"
    assert before["atom"][0][0] == "National threat level: CRITICAL"
    assert before["rss"][0] == "National threat level: CRITICAL"
    assert reverse(WITHDRAW, args=[wrong.pk]) in screen_before
    for ids in before["ids"].values():  # RSS's guid, Atom's id (a tag: URI ending alike)
        assert ids[0].endswith(f"threat-level-change-{wrong.pk}")

    withdraw(manager, wrong)
    assert withdraw(manager, wrong, confirm="yes").status_code == 302
    after = public_view(public)
    screen_after = manager.get(reverse("threats_admin:change")).content.decode()

    assert "As of 9 February 2022" in after["page"]
    assert f"As of {today}" not in after["page"]
    card = after["page"][after["page"].index('id="national-level"') :].split("</div>", 1)[0]
    assert ">SUBSTANTIAL</strong>" in card
    assert ">SUBSTANTIAL</strong>" in after["bar"]
    assert f'<tr id="change-{wrong.pk}">' not in after["table"]
    assert after["table"].count('<tr id="change-') == 18
    national = after["json"]["national"]
    assert (national["level"], national["changed_at"]) == (
        "SUBSTANTIAL",
        "2022-02-09T00:00:00+00:00",
    )
    withdrawn = [entry for entry in after["json"]["history"] if entry["withdrawn"]]
    assert [(entry["level"], entry["previous_level"]) for entry in withdrawn] == [
        ("SUBSTANTIAL", "CRITICAL"),
        ("CRITICAL", "SUBSTANTIAL"),
    ]
    assert len(after["json"]["history"]) == 24
    for feed in (after["rss"], [title for title, _published in after["atom"]]):
        assert feed[0] == "National threat level: change to CRITICAL withdrawn"
        assert len(feed) == 23  # the 22 changes standing, and the withdrawal
    # What it says stays true after later changes: what the level went back to then.
    rss = ET.fromstring(public.get("/feeds/threat-level.rss").content).find("channel")
    said = rss.find("item/description").text
    assert "withdrawn: the level went back to SUBSTANTIAL." in said
    assert "The level is" not in said
    for feed, ids in after["ids"].items():
        assert not any(entry.endswith(f"threat-level-change-{wrong.pk}") for entry in ids)
        assert ids[1:] == before["ids"][feed][1:]
    assert "<del>CRITICAL</del>" in screen_after
    assert REASON in screen_after


def test_a_corrected_date_shows_at_once_everywhere(demo_as_served):
    manager, public = demo_as_served, Client()
    public_view(public)
    latest = change("SEVERE", on=days_ago(2))
    stated, real = days_ago(2), days_ago(5)

    before = public_view(public)

    assert f"As of {long_date(stated)}" in before["page"]
    assert f'<time datetime="{stated.isoformat()}">' in before["table"]
    assert before["json"]["history"][0]["corrected_from"] is None
    assert before["atom"][0] == ("National threat level: SEVERE", start_of(stated))

    assert correct_date(manager, latest, real, confirm="yes").status_code == 302
    after = public_view(public)
    screen = manager.get(reverse("threats_admin:change")).content.decode()

    assert f"As of {long_date(real)}" in after["page"]
    assert f'<time datetime="{real.isoformat()}">' in after["table"]
    assert "(date corrected)" in after["table"]
    newest = after["json"]["history"][0]
    assert datetime.datetime.fromisoformat(newest["changed_at"]) == start_of(real)
    assert datetime.datetime.fromisoformat(newest["corrected_from"]) == start_of(stated)
    assert newest["withdrawn"] is False
    assert datetime.datetime.fromisoformat(after["json"]["national"]["changed_at"]) == start_of(
        real
    )
    assert after["atom"][0] == ("National threat level: SEVERE", start_of(real))
    assert after["rss"] == before["rss"]
    assert "corrected from" in screen
