"""The threat level for programs and other sites: JSON, feeds and an SVG badge."""

import html
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone

from core.models import SiteSettings
from threats.models import Scope, ThreatLevelSettings, ThreatLevelsPage

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo content, loaded once for this module (tests/conftest.py)."""


def change_national(level):
    ThreatLevelSettings.load().change(Scope.NATIONAL, level, note="A test change.")


def test_json_has_a_stable_shape(client, demo):
    response = client.get("/api/threat-level.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.has_header("ETag")
    data = response.json()
    assert set(data) == {"national", "northern_ireland", "scale", "history"}
    assert data["national"] == {
        "level": "SUBSTANTIAL",
        "meaning": "an attack is likely",
        "position": 3,
        "changed_at": "2022-02-09T00:00:00+00:00",
    }
    assert data["northern_ireland"]["changed_at"].startswith("2024-03-06")
    assert [step["level"] for step in data["scale"]] == [
        "LOW",
        "MODERATE",
        "SUBSTANTIAL",
        "SEVERE",
        "CRITICAL",
    ]
    assert len(data["history"]) == 22
    assert set(data["history"][0]) == {
        "scope",
        "level",
        "previous_level",
        "changed_at",
        "note",
        "withdrawn",
        "corrected_from",
    }
    assert not any(entry["withdrawn"] or entry["corrected_from"] for entry in data["history"])
    dates = [datetime.fromisoformat(entry["changed_at"]) for entry in data["history"]]
    assert dates == sorted(dates, reverse=True)
    # In UK time with its offset: a level that took effect at midnight in summer time
    # reads as that day (in UTC it would be 23:00 the day before).
    assert "2023-03-28T00:00:00+01:00" in [entry["changed_at"] for entry in data["history"]]
    assert data["history"][-1]["previous_level"] is None


def test_json_shows_a_change_at_the_next_request_and_revalidates(client, demo):
    first = client.get("/api/threat-level.json")
    assert client.get("/api/threat-level.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    change_national("SEVERE")

    response = client.get("/api/threat-level.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    data = response.json()
    assert data["national"]["level"] == "SEVERE"
    assert data["history"][0]["level"] == "SEVERE"
    assert data["history"][0]["note"] == "A test change."


def test_hiding_the_northern_ireland_level_hides_it_everywhere(client, demo):
    levels = ThreatLevelSettings.load()
    levels.show_ni_level = False
    levels.save()

    data = client.get("/api/threat-level.json").json()
    page = client.get("/threat-levels/").content.decode()
    atom = ET.fromstring(client.get("/feeds/threat-level.atom").content)
    titles = [entry.find(ATOM + "title").text for entry in atom.findall(ATOM + "entry")]

    assert data["northern_ireland"] is None
    assert {entry["scope"] for entry in data["history"]} == {"national"}
    assert 'id="northern_ireland-level"' not in page
    assert "History of the Northern Ireland level" not in page
    assert len(titles) == 18
    assert all(title.startswith("National") for title in titles)


def test_atom_feed_has_one_entry_per_change_newest_first(client, demo):
    change_national("SEVERE")

    response = client.get("/feeds/threat-level.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    for tag in ("title", "id", "updated", "link"):
        assert feed.find(ATOM + tag) is not None
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 23
    for entry in entries:
        for tag in ("title", "id", "updated", "link"):
            assert entry.find(ATOM + tag) is not None
    assert entries[0].find(ATOM + "title").text == "National threat level: SEVERE"
    # Updated: when each entry was recorded (the demo's at loading), never before it took
    # effect; the feed's own, the latest of them.
    updated = [datetime.fromisoformat(entry.find(ATOM + "updated").text) for entry in entries]
    took_effect = [datetime.fromisoformat(entry.find(ATOM + "published").text) for entry in entries]
    assert all(u >= p for u, p in zip(updated, took_effect, strict=True))
    assert datetime.fromisoformat(feed.find(ATOM + "updated").text) == max(updated)
    published = [entry.find(ATOM + "published").text for entry in entries]
    assert "2023-03-28T00:00:00+01:00" in published  # UK time, as the page says
    # What Atom requires (RFC 4287): ids that are IRIs, each its own, and an author.
    ids = [entry.find(ATOM + "id").text for entry in entries]
    tag_uri = re.compile(r"tag:[a-z0-9.-]+,\d{4}-\d\d-\d\d:threat-level-[a-z]+-\d+")
    assert all(tag_uri.fullmatch(entry_id) for entry_id in ids)
    assert len(set(ids)) == len(ids)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == SiteSettings.load().site_name


@pytest.mark.parametrize("address", ["/feeds/threat-level.atom", "/feeds/threat-level.rss"])
def test_feeds_are_validated_by_their_content_never_by_a_date(client, demo, address):
    """A change dated before the feed's newest entry (the national level changed a
    minute ago, recorded after a change of the Northern Ireland level made now) leaves
    the newest date as it was: a "changed since?" must not be answered "no"."""
    settings = ThreatLevelSettings.load()
    a_minute_ago = timezone.now() - timedelta(minutes=1)
    settings.change(Scope.NORTHERN_IRELAND, "MODERATE", note="Made now for the test.")
    first = client.get(address)
    assert not first.has_header("Last-Modified")
    assert first.has_header("ETag")
    assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    settings.change(Scope.NATIONAL, "CRITICAL", changed_at=a_minute_ago, note="Dated back.")

    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "CRITICAL" in again.content.decode()
    assert again["ETag"] != first["ETag"]
    assert not again.has_header("Last-Modified")
    # The news feeds alike: an article can be dated back too.
    news = client.get("/feeds/news.atom")
    assert news.has_header("ETag") and not news.has_header("Last-Modified")


def test_a_change_entered_with_an_earlier_date_is_new_to_feed_readers(client, demo):
    change_national("SEVERE")
    levels = ThreatLevelSettings.load()
    three_days_ago = timezone.now() - timedelta(days=3)
    levels.change(Scope.NORTHERN_IRELAND, "LOW", changed_at=three_days_ago)

    feed = ET.fromstring(client.get("/feeds/threat-level.atom").content)

    entry = next(
        entry
        for entry in feed.findall(ATOM + "entry")
        if entry.find(ATOM + "title").text.endswith(": LOW")
    )
    published = datetime.fromisoformat(entry.find(ATOM + "published").text)
    updated = datetime.fromisoformat(entry.find(ATOM + "updated").text)
    assert abs(published - three_days_ago) < timedelta(seconds=1)
    assert timezone.now() - updated < timedelta(minutes=1)
    assert datetime.fromisoformat(feed.find(ATOM + "updated").text) == updated
    rss = ET.fromstring(client.get("/feeds/threat-level.rss").content)
    assert rss.find("channel/lastBuildDate").text == format_datetime(updated)


def test_rss_feed_is_valid_and_ordered(client, demo):
    response = client.get("/feeds/threat-level.rss")

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    for tag in ("title", "link", "description"):
        assert channel.find(tag) is not None
    items = channel.findall("item")
    assert len(items) == 22
    for item in items:
        for tag in ("title", "link", "guid", "pubDate", "description"):
            assert item.find(tag) is not None
    assert items[0].find("title").text.startswith("Northern Ireland")
    dates = [item.find("pubDate").text for item in items]
    assert "Tue, 28 Mar 2023 00:00:00 +0100" in dates  # UK time, not 23:00 the day before
    assert "/threat-levels/#change-" in items[0].find("link").text


def feed_texts(client, address, title_path, description_path):
    root = ET.fromstring(client.get(address).content)
    return root.find(title_path).text, root.find(description_path).text


def test_the_feeds_are_named_by_the_page_and_the_site_as_editors_set_them(client, demo):
    page = ThreatLevelsPage.objects.get()
    page.title = "UK threat levels"
    page.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Service"
    site_settings.save()

    atom = feed_texts(client, "/feeds/threat-level.atom", ATOM + "title", ATOM + "subtitle")
    rss = feed_texts(client, "/feeds/threat-level.rss", "channel/title", "channel/description")

    assert atom == rss
    title, description = atom
    assert title == "UK threat levels | The Service"
    assert description.endswith("from The Service.")
    assert "Northern Ireland" in description


def test_the_threat_levels_page_offers_its_own_feeds_first(client, demo):
    """A feed reader given the page's address subscribed to the news, the only feeds its
    head named."""
    html = client.get("/threat-levels/").content.decode()
    head = html[: html.index("</head>")]
    feeds = re.findall(r'<link rel="alternate" type="[^"]+" title="([^"]+)" href="([^"]+)">', head)
    assert feeds == [
        ("Threat level changes (Atom)", "/feeds/threat-level.atom"),
        ("Threat level changes (RSS)", "/feeds/threat-level.rss"),
        ("News (Atom)", "/feeds/news.atom"),
        ("News (RSS)", "/feeds/news.rss"),
    ]
    for _title, address in feeds:
        assert client.get(address).status_code == 200


def test_a_feed_without_the_northern_ireland_level_does_not_promise_it(client, demo):
    levels = ThreatLevelSettings.load()
    levels.show_ni_level = False
    levels.save()

    _title, description = feed_texts(
        client, "/feeds/threat-level.rss", "channel/title", "channel/description"
    )

    assert description.startswith("Each change of the national threat level, from ")
    assert "Northern Ireland" not in description


def test_badge_is_an_svg_any_site_can_embed(client, demo):
    response = client.get("/embed/threat-level.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    text = response.content.decode()
    assert "SUBSTANTIAL" in text and "3 of 5" in text
    assert "An attack is likely" in text

    change_national("CRITICAL")

    assert "CRITICAL" in client.get("/embed/threat-level.svg").content.decode()


MACHINE_READABLE = [
    "/api/threat-level.json",
    "/embed/threat-level.svg",
    "/feeds/threat-level.atom",
    "/feeds/threat-level.rss",
]


@pytest.mark.parametrize("path", MACHINE_READABLE)
def test_any_site_may_load_each_and_caches_revalidate_it_at_each_request(client, demo, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"  # for a script's If-None-Match
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate"} <= cache_control


@pytest.mark.parametrize("path", MACHINE_READABLE)
def test_machine_readable_routes_refuse_writes(client, demo, path):
    assert client.post(path).status_code == 405


def test_threat_levels_page_explains_both_levels_and_their_history(client, demo):
    html = client.get("/threat-levels/").content.decode()

    assert "As of 9 February 2022" in html
    assert "As of 6 March 2024" in html
    assert 'id="northern_ireland-level"' in html
    assert "History of the Northern Ireland level" in html
    assert '<li class="threat-scale__step threat-scale__step--current" aria-current="true">' in html
    assert "(the national level now)" in html
    assert html.count('<tr id="change-') == 22
    assert 'role="img" aria-labelledby="national-timeline-title national-timeline-desc"' in html
    assert '<title id="national-timeline-title">' in html
    assert "Who sets the level, and how" in html


def test_threat_levels_page_follows_a_change(client, demo):
    change_national("SEVERE")

    html = client.get("/threat-levels/").content.decode()

    card = html[html.index('id="national-level"') :].split("</div>", 1)[0]
    assert '<strong class="threat-level threat-level--severe">SEVERE</strong>' in card


def test_page_head_offers_nothing_broken(client, demo, django_assert_max_num_queries):
    client.get("/threat-levels/")
    with django_assert_max_num_queries(12):
        assert client.get("/threat-levels/").status_code == 200


@pytest.mark.parametrize(
    ("level", "colour", "filled"),
    [("LOW", "#1d5d2a", 1), ("SEVERE", "#a8430b", 4), ("CRITICAL", "#8a1c1c", 5)],
)
def test_the_badge_shows_each_level_in_its_own_colour_on_a_five_step_meter(
    client, demo, level, colour, filled
):
    change_national(level)
    svg = client.get("/embed/threat-level.svg").content.decode()

    assert f'font-weight="700" fill="{colour}">{level}</text>' in svg
    bars = re.findall(r'<rect x="\d+" y="\d+" width="16" height="\d+" rx="2" fill="([^"]+)"/>', svg)
    assert bars == [colour] * filled + ["#c9c9d1"] * (5 - filled)


def test_a_note_is_shown_by_feed_readers_as_typed_whatever_it_holds(client, demo):
    # A vertical tab (Word's line break, pasted) and U+FFFF cannot be in XML: Django's
    # feed writer refused the first, a 500 until the change was withdrawn or 50 newer
    # ones pushed it out of the feed.
    ThreatLevelSettings.load().change(
        Scope.NATIONAL, "SEVERE", note="Raised & <b>kept</b>\x0bunder review\uffff"
    )

    atom = ET.fromstring(client.get("/feeds/threat-level.atom").content)
    rss = ET.fromstring(client.get("/feeds/threat-level.rss").content)

    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    description = rss.find("channel/item/description").text
    assert summary.get("type") == "html"
    for text in (summary.text, description):
        assert html.unescape(text).endswith(" Raised & <b>kept</b> under review")
