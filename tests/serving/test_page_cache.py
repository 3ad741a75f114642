"""The anonymous page cache: what it keeps, for how long, and what purges it."""

import datetime

import pytest
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import SiteSettings
from quiz.models import FactOrFiction
from serving import purge_everything
from serving.shared import drop_indentation
from tests import factories
from threats.models import Scope, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_an_anonymous_page_is_served_from_the_cache(client, cached_site, django_assert_num_queries):
    first = client.get("/careers/")
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get("/careers/")

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
    assert "stale-while-revalidate=30" in cache_control
    assert "max-age=0" in cache_control
    assert "Cookie" not in second.get("Vary", "")


def test_the_threat_level_s_machine_readable_routes_are_never_served_stale(client, cached_site):
    """A CDN may keep them as it keeps a page, until the purge that follows a change, but
    must not serve them stale while it asks again (they say must-revalidate)."""
    for address in ("/api/threat-level.json", "/feeds/threat-level.atom"):
        for response in (client.get(address), client.get(address)):
            parts = {part.strip() for part in response["Cache-Control"].split(",")}
            assert {"public", "max-age=0", "must-revalidate", "s-maxage=300"} <= parts
            assert not any(part.startswith("stale-while-revalidate") for part in parts)


def test_a_client_holding_the_page_gets_a_304_from_the_cache_until_it_changes(
    client, cached_site, django_assert_num_queries
):
    for address in ("/careers/", "/api/threat-level.json"):
        first = client.get(address)
        etag = first["ETag"]

        with django_assert_num_queries(0):
            held = client.get(address, HTTP_IF_NONE_MATCH=etag)

        assert held.status_code == 304, address  # from the stored copy: no query
        assert held.content == b""
        assert "s-maxage" in held["Cache-Control"]
    ThreatLevelSettings.load().change(Scope.NATIONAL, "CRITICAL")
    changed = client.get("/careers/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "CRITICAL" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_each_scheme_has_its_own_copy(client, cached_site):
    """A copy made over http is never served over https: absolute links are the Site's
    (canonical links, feeds), but where no Site matches they name the request's scheme."""
    assert client.get("/feeds/news.atom")["X-Page-Cache"] == "miss"
    secure = client.get("/feeds/news.atom", secure=True)

    assert secure["X-Page-Cache"] == "miss"
    assert client.get("/feeds/news.atom", secure=True)["X-Page-Cache"] == "hit"


def test_a_stored_page_leaves_out_the_templates_indentation(client, cached_site, settings):
    settings.SERVING_PAGE_CACHE_SECONDS = 0
    as_rendered = client.get("/careers/").content.decode()
    settings.SERVING_PAGE_CACHE_SECONDS = 300

    stored = client.get("/careers/")
    body = stored.content.decode()

    assert len(body) < 0.8 * len(as_rendered)
    assert int(stored["Content-Length"]) == len(stored.content)
    lines = body.split("\n")
    assert all(line == line.strip() and line for line in lines)
    # What a browser shows is the same: whitespace runs count as one space either way.
    assert " ".join(body.split()) == " ".join(as_rendered.split())


def test_pages_with_preformatted_text_are_stored_as_rendered():
    html = "<main>\n    <pre>\n  two spaces\n</pre>\n</main>"
    for tag in ("pre", "TEXTAREA"):
        response = HttpResponse(html.replace("pre", tag))
        drop_indentation(response)
        assert response.content.decode() == html.replace("pre", tag)

    feed = HttpResponse("<feed>\n  <entry/>\n</feed>", content_type="application/atom+xml")
    drop_indentation(feed)
    assert feed.content == b"<feed>\n  <entry/>\n</feed>"


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/search/?q=careers", "/admin/login/", "/quiz/result/1/?answer=fact"],
)
def test_private_and_operational_routes_are_never_cached(client, cached_site, path):
    client.get(path)

    assert "X-Page-Cache" not in client.get(path)


def test_signed_in_visitors_are_never_served_a_cached_page(client, cached_site, superuser):
    client.get("/careers/")
    client.force_login(superuser)

    response = client.get("/careers/")

    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_posts_and_odd_query_strings_bypass_the_cache(client, cached_site):
    client.get("/careers/")

    assert "X-Page-Cache" not in client.post("/careers/")
    assert "X-Page-Cache" not in client.get("/careers/?area=" + "x" * 300)
    # Parameters no page uses are dropped first: this is the page cached above.
    assert client.get("/careers/?utm_source=" + "x" * 300)["X-Page-Cache"] == "hit"


def test_a_made_up_value_repeated_or_empty_is_no_copy_of_its_own(client, cached_site):
    """Found by a probe: pages read a parameter's last value, and an empty one as none,
    but each `?area=junk1&area=` was stored as a page of its own, so anyone could fill
    Redis with copies of one page. Such a query is the page's own key now."""
    first = client.get("/careers/")
    assert first["X-Page-Cache"] == "miss"

    for query in ("area=junk1&area=", "area=junk2&area=", "area=", "page=&area="):
        again = client.get(f"/careers/?{query}")
        assert again["X-Page-Cache"] == "hit", query
        assert again.content == client.get("/careers/").content


def test_a_host_in_capitals_is_the_same_page_and_a_port_that_is_no_port_is_not_stored(
    client, cached_site
):
    """Found by a probe: `LocalHost` and `localhost:000001` each made another copy."""
    client.get("/careers/", HTTP_HOST="localhost")

    assert client.get("/careers/", HTTP_HOST="LocalHost")["X-Page-Cache"] == "hit"
    for odd in ("localhost:000080", "localhost:99999999999999999999"):
        response = client.get("/careers/", HTTP_HOST=odd)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response, odd
        assert "X-Page-Cache" not in client.get("/careers/", HTTP_HOST=odd), odd


def test_a_404_is_not_cached(client, cached_site):
    client.get("/nowhere/")

    assert client.get("/nowhere/").get("X-Page-Cache") is None


def test_cache_disabled_when_lifetime_is_zero(client, sections, settings):
    settings.SERVING_PAGE_CACHE_SECONDS = 0
    client.get("/careers/")

    assert "X-Page-Cache" not in client.get("/careers/")


def hit(client, path):
    return client.get(path)["X-Page-Cache"] == "hit"


def test_publishing_a_page_purges_every_page(client, cached_site):
    client.get("/")
    client.get("/careers/")
    factories.standard_page(cached_site["home"], "Fresh section", show_in_menus=True)

    home = client.get("/")
    assert home["X-Page-Cache"] == "miss"
    assert "Fresh section" in home.content.decode()
    assert "Fresh section" in client.get("/careers/").content.decode()


def test_unpublishing_moving_and_deleting_purge(client, cached_site):
    section = factories.standard_page(cached_site["home"], "Movable", show_in_menus=True)
    client.get("/")

    section.unpublish()
    assert "Movable" not in client.get("/").content.decode()

    section.save_revision().publish()
    client.get("/")
    section.move(cached_site["careers"], pos="last-child")
    assert "Movable" not in client.get("/").content.decode()
    assert client.get("/careers/movable/").status_code == 200

    client.get("/careers/movable/")
    section.refresh_from_db()
    section.delete()
    assert client.get("/careers/movable/").status_code == 404


def test_a_threat_level_change_purges_every_page(client, cached_site):
    client.get("/")
    client.get("/careers/")

    ThreatLevelSettings.load().change(Scope.NATIONAL, "CRITICAL")

    assert ">CRITICAL</strong>" in client.get("/").content.decode()
    assert ">CRITICAL</strong>" in client.get("/careers/").content.decode()


def test_site_settings_and_quiz_statements_purge_every_page(client, cached_site):
    client.get("/")
    site_settings = SiteSettings.load()
    site_settings.hotline_label = "Changed hotline"
    site_settings.save()
    assert "Changed hotline" in client.get("/").content.decode()

    FactOrFiction.objects.create(
        statement="A freshly written statement.", answer="fact", explanation="Because."
    )
    assert "A freshly written statement." in client.get("/").content.decode()


def test_a_go_live_or_expiry_date_does_not_cap_the_lifetime(client, cached_site, settings):
    """Wagtail carries them out with publish_scheduled, a commit like any publish
    (tests/editorial/test_scheduling.py): until then, nothing shown changes."""
    soon = timezone.now() + datetime.timedelta(seconds=100)
    expiring = factories.standard_page(cached_site["home"], "Expiring")
    expiring.expire_at = soon
    expiring.save()
    later = factories.standard_page(cached_site["home"], "Later", live=False)
    later.go_live_at = soon
    later.save_revision().publish()
    assert later.get_latest_revision().approved_go_live_at is not None
    purge_everything("test")

    response = client.get("/")

    assert f"s-maxage={settings.SERVING_PAGE_CACHE_SECONDS}," in response["Cache-Control"]


def test_a_role_closing_caps_the_lifetime(client, cached_site):
    careers = factories.careers_index(cached_site["home"])
    factories.role_profile(
        careers, "Analyst", closes_at=timezone.now() + datetime.timedelta(seconds=300)
    )
    purge_everything("test")

    response = client.get("/careers/")

    # The role leaves the listing in 300 s, by itself: the copy must be gone by then.
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 260 <= max_age <= 270


def test_an_article_dated_ahead_caps_the_lifetime_at_the_start_of_its_day(
    client, cached_site, settings
):
    settings.SERVING_PAGE_CACHE_SECONDS = 3 * 24 * 3600
    index = factories.news_index(cached_site["home"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    factories.news_article(index, "Dated ahead", tomorrow)
    purge_everything("test")

    response = client.get("/news/")

    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    expected = (start - timezone.now()).total_seconds() - 30
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert expected - 5 <= max_age <= expected


def test_private_pages_are_not_cached(client, cached_site):
    PageViewRestriction.objects.create(page=cached_site["careers"], restriction_type="login")

    client.get("/careers/")
    response = client.get("/careers/")

    assert response.status_code == 302
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"


def test_when_a_scheduled_moment_passes_pages_are_cached_again(client, cached_site, monkeypatch):
    careers = factories.careers_index(cached_site["home"])
    closes_at = timezone.now() + datetime.timedelta(seconds=300)
    factories.role_profile(careers, "Analyst", closes_at=closes_at)
    assert "s-maxage=300" not in client.get("/careers/")["Cache-Control"]

    # The role has closed: pages stored before expired with it (their lifetime was
    # capped), and the moment itself must not stop caching afterwards.
    later = closes_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/careers/")
    again = client.get("/careers/")

    assert response["X-Page-Cache"] == "miss"
    assert "Analyst" not in response.content.decode()
    assert "s-maxage=300" in response["Cache-Control"]
    assert again["X-Page-Cache"] == "hit"
