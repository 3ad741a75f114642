"""Pages and listings kept per process for the cache generation (serving.process).

With the page cache off, a page seen before in the current generation is rendered
afresh without a single query: the page itself, its listing, its related pages and what
every page shares are kept. Each change that can show must show on the next request,
and what is kept must never carry one request's doings into another.
"""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.routing import find_page
from serving import process, purge_everything
from tests import factories
from tests.conftest import building_for_the_module
from threats.models import ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_links_in_rich_text_are_kept_and_follow_the_pages_they_name(client, kept):
    careers = kept["careers"].specific
    link = f'<p><a linktype="page" id="{careers.pk}">Careers</a></p>'
    factories.standard_page(kept["privacy"], "See also", body=[("paragraph", link)])
    assert 'href="/careers/"' in client.get("/privacy/see-also/").content.decode()

    with CaptureQueriesContext(connection) as again:
        client.get("/privacy/see-also/")
    careers.slug = "jobs"
    careers.save_revision().publish()

    assert [query["sql"] for query in again] == []
    assert 'href="/jobs/"' in client.get("/privacy/see-also/").content.decode()


def test_a_page_republished_shows_its_new_content_on_the_next_request(client, kept):
    assert "<h1>Privacy</h1>" in client.get("/privacy/").content.decode()

    privacy = kept["privacy"].specific
    privacy.title = "Privacy notice"
    privacy.save_revision().publish()

    assert "<h1>Privacy notice</h1>" in client.get("/privacy/").content.decode()


def test_a_draft_saved_leaves_the_live_page_as_it_was(client, kept):
    client.get("/privacy/")
    privacy = kept["privacy"].specific
    privacy.title = "Not yet"
    privacy.save_revision()

    assert "<h1>Privacy</h1>" in client.get("/privacy/").content.decode()


def test_each_request_gets_its_own_copy_of_a_kept_page(kept, django_assert_num_queries):
    home = kept["home"].specific
    with process.serving(RequestFactory().get("/privacy/")):
        first = find_page(home, ["privacy"])
        first.title = "Changed during one request"

    with process.serving(RequestFactory().get("/privacy/")), django_assert_num_queries(0):
        second = find_page(home, ["privacy"])

    assert second is not first
    assert second.title == "Privacy"


def test_a_role_leaves_the_kept_listing_when_it_closes(client, kept, monkeypatch):
    careers = factories.careers_index(kept["home"])
    closes_at = timezone.now() + datetime.timedelta(hours=1)
    factories.role_profile(careers, "Closing soon", closes_at=closes_at)
    assert "Closing soon" in client.get("/careers/").content.decode()

    later = closes_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "Closing soon" not in client.get("/careers/").content.decode()


def test_a_new_career_area_is_offered_as_a_filter_at_once(client, kept):
    careers = factories.careers_index(kept["home"])
    factories.role_profile(careers, "Analyst")
    assert "Languages" not in client.get("/careers/").content.decode()

    factories.role_profile(careers, "Linguist", career_area=factories.career_area("Languages"))

    assert "Languages" in client.get("/careers/").content.decode()


def test_related_pages_follow_unpublishing(client, kept):
    careers = factories.careers_index(kept["home"])
    story = factories.staff_story(careers, "Sam, engineer")
    role = factories.role_profile(careers, "Analyst")
    role.related_story_links.create(story=story)
    role.save_revision().publish()
    story.related_role_links.create(role=role)
    story.save_revision().publish()
    assert "Sam, engineer" in client.get("/careers/analyst/").content.decode()
    assert 'href="/careers/analyst/"' in client.get("/careers/sam-engineer/").content.decode()

    story.unpublish()
    assert "Sam, engineer" not in client.get("/careers/analyst/").content.decode()

    story.save_revision().publish()
    role.unpublish()
    assert 'href="/careers/analyst/"' not in client.get("/careers/sam-engineer/").content.decode()


def test_an_unpublished_category_leaves_the_mission_page(client, kept):
    mission = factories.mission_page(kept["home"])
    category = factories.threat_category(mission, "Espionage")
    assert "Espionage" in client.get("/what-we-do/").content.decode()

    category.unpublish()

    assert "Espionage" not in client.get("/what-we-do/").content.decode()


def national_history(client):
    """The national history's table, or None while no change has been published."""
    html = client.get("/threat-levels/").content.decode()
    if 'id="national-history-caption"' not in html:
        assert "No change of the national threat level has been published" in html
        return None
    return html.split('id="national-history-caption"', 1)[1].split("</table>", 1)[0]


def test_a_change_of_level_shows_in_the_kept_history(client, kept):
    assert national_history(client) is None

    ThreatLevelSettings.load().change("national", "SEVERE", note="Raised for the test.")

    assert "SEVERE" in national_history(client)
    assert "Raised for the test." in client.get("/feeds/threat-level.atom").content.decode()


def test_a_new_search_promotion_shows_on_the_next_search(client, kept):
    assert "promoted-heading" not in client.get("/search/", {"q": "jobs"}).content.decode()

    SearchPromotion.objects.create(query=Query.get("jobs"), page=kept["careers"])

    assert "promoted-heading" in client.get("/search/", {"q": "jobs"}).content.decode()


def serving_preview():
    """A preview as Wagtail serves it: through the middleware, with a dummy request."""
    request = RequestFactory().get("/")
    request.is_dummy = True
    return process.serving(request)


def serving_visitor():
    return process.serving(RequestFactory().get("/"))


def test_a_preview_lists_afresh_and_keeps_nothing_for_visitors(kept):
    for _round in range(2):
        with serving_preview():
            assert process.kept_among("related", 1, lambda: ["draft"]) == ["draft"]

    with serving_visitor():
        assert process.kept_among("related", 1, lambda: ["live"]) == ["live"]
    # Kept for visitors from now on.
    with serving_visitor():
        assert process.kept_among("related", 1, lambda: ["other"]) == ["live"]


def test_a_preview_renders_kept_fragments_afresh_and_keeps_none(kept):
    template = Template(
        "{% load wagtail_cache %}{% wagtailcache None fragment %}{{ value }}{% endwagtailcache %}"
    )

    def render(value):
        return template.render(Context({"value": value, "request": RequestFactory().get("/")}))

    with serving_preview():
        assert render("draft title") == "draft title"
        assert render("another draft") == "another draft"

    with serving_visitor():
        assert render("live title") == "live title"
        assert render("changed in the context only") == "live title"  # kept


def test_nothing_is_kept_for_the_admin(kept):
    for value in ("first", "second"):  # each request builds afresh
        with process.serving(RequestFactory().get("/admin/pages/")):
            assert process.kept("value", lambda value=value: value) == value


def test_nothing_is_kept_outside_a_request(kept):
    assert process.kept("value", lambda: "first") == "first"
    assert process.kept("value", lambda: "second") == "second"


def test_a_search_nobody_promotes_results_for_asks_for_no_promotion(client, kept):
    from search.models import SearchSettings

    # A search that finds nothing shows the starting points: their settings' row made now,
    # not by the first search (making it is a change every page may show).
    SearchSettings.load()
    SearchPromotion.objects.create(query=Query.get("jobs"), page=kept["careers"])
    client.get("/search/", {"q": "first"})  # keeps which searches have promoted results

    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "second"})

    assert not any("searchpromotion" in query["sql"] for query in queries)
    assert "promoted-heading" in client.get("/search/", {"q": "Jobs"}).content.decode()


def test_kept_role_cards_belong_to_their_own_filter_and_page(client, kept):
    careers = factories.careers_index(kept["home"])
    london = factories.career_location("London")
    for number in range(25):
        places = [london] if number % 2 else []
        factories.role_profile(careers, f"Role {number:02d}", locations=places)

    for _round in range(2):
        first = client.get("/careers/").content.decode()
        second = client.get("/careers/", {"page": "2"}).content.decode()
        in_london = client.get("/careers/", {"location": "london"}).content.decode()
        assert "Role 00<" in first and "Role 24<" not in first
        assert "Role 24<" in second and "Role 00<" not in second
        assert "Role 01<" in in_london and "Role 00<" not in in_london


def test_articles_added_in_bulk_show_on_the_next_request(client, kept):
    from tests.news.helpers import bulk_articles

    index = factories.news_index(kept["home"])
    factories.news_article(index, "Written by hand", datetime.date(2020, 1, 1))
    assert "Bulk article 0" not in client.get("/news/").content.decode()

    bulk_articles(index, 3, datetime.date(2024, 1, 1))

    assert "Bulk article 0" in client.get("/news/").content.decode()
    assert "Bulk article 0" in client.get("/").content.decode()  # latest news


PUBLIC_ADDRESSES = [
    "/",
    "/privacy/",
    "/what-we-do/",
    "/what-we-do/counter-terrorism/",
    "/threat-levels/",
    "/news/",
    "/news/?page=2",
    "/news/?kind=speech",
    "/news/story-1/",
    "/news/a-speech/",
    "/video-transcripts/",
    "/video-transcripts/explained/",
    "/careers/",
    "/careers/?location=london",
    "/careers/analyst/",
    "/careers/sam-engineer/",
    "/feeds/news.atom",
    "/feeds/threat-level.atom",
    "/api/threat-level.json",
    "/search/?q=story",
]


def kept_cards():
    return {
        key: html
        for (_host, group), values in process._memory.groups.items()
        if group == "listing-fragments"
        for key, html in values.items()
    }


class TestPagesOfEveryType:
    """The tests that want a live page of each public type: they share one build of them,
    made once for the class, and change them only in their own savepoints. Being a class,
    that build ends with them: the module's other tests see only the pages they make."""

    @pytest.fixture(scope="class")
    @classmethod
    def pages_of_every_type(cls, site_for_the_module, django_db_blocker):
        """One live page of each public type, related to each other as editors link them;
        the sections by name (the news and careers indexes in place of the placeholders)."""
        with building_for_the_module(site_for_the_module, django_db_blocker) as site:
            home = site["home"]
            mission = factories.mission_page(home)
            factories.threat_category(mission, "Counter-terrorism")
            news = factories.news_index(home)
            for number in range(1, 13):
                factories.news_article(news, f"Story {number}", datetime.date(2020, 1, number))
            factories.news_article(news, "A speech", datetime.date(2020, 2, 1), kind="speech")
            transcripts = factories.video_transcripts_index(home)
            factories.video_transcript(transcripts, "Explained", summary="A film about the work.")
            careers = factories.careers_index(home)
            factories.role_profile(
                careers, "Analyst", locations=[factories.career_location("London")]
            )
            factories.staff_story(careers, "Sam, engineer")
            # A history, so that the threat level feed is dated by its newest change, not by now.
            ThreatLevelSettings.load().change("national", "SEVERE")
            site.update(news=news, careers=careers)
            yield {name: (type(page), page.pk) for name, page in site.items()}

    @pytest.fixture
    def sections(self, db, pages_of_every_type):
        """The sections, as fresh objects each test (a test may change them)."""
        return {name: model.objects.get(pk=pk) for name, (model, pk) in pages_of_every_type.items()}

    @pytest.fixture
    def every_type(self, kept):
        """The sections, with what pages are built from kept per process."""
        return kept

    def test_a_page_seen_before_costs_no_query(self, client, every_type):
        # One site for every address (built once for the class).
        for address in PUBLIC_ADDRESSES:
            first = client.get(address)
            assert first.status_code == 200, address

            with CaptureQueriesContext(connection) as again_queries:
                again = client.get(address)

            assert [query["sql"] for query in again_queries] == [], address
            assert again.content == first.content, address

    def test_listings_follow_publish_and_unpublish(self, client, every_type):
        for address in ("/news/", "/feeds/news.atom", "/search/?q=fresh"):
            assert "Fresh story" not in client.get(address).content.decode()

        article = factories.news_article(
            every_type["home"].get_children().get(slug="news"), "Fresh story", timezone.localdate()
        )
        for address in ("/news/", "/feeds/news.atom", "/search/?q=fresh"):
            assert "Fresh story" in client.get(address).content.decode(), address

        article.unpublish()
        for address in ("/news/", "/feeds/news.atom", "/search/?q=fresh"):
            assert "Fresh story" not in client.get(address).content.decode(), address

    @pytest.mark.parametrize("listing", ["/news/", "/video-transcripts/", "/careers/"])
    def test_a_page_number_that_names_no_page_is_not_found_and_not_kept(
        self, client, every_type, listing
    ):
        for number in ("0", "01", "-1", "1.0", "two", "1000000", "99"):
            assert client.get(listing, {"page": number}).status_code == 404, number
        assert client.get(listing).status_code == 200

        kept_listings = [
            key
            for (_host, group), values in process._memory.groups.items()
            if group in ("news-index", "transcript-index", "open-roles")
            for key in values
        ]
        assert len(kept_listings) == 1  # the first page alone

    def test_kept_search_results_are_per_query_and_page(self, client, every_type):
        first = client.get("/search/", {"q": "story"}).content.decode()
        second = client.get("/search/", {"q": "story", "page": "2"}).content.decode()
        other = client.get("/search/", {"q": "speech"}).content.decode()

        assert first != second
        assert "A speech" in other and "Story 1<" not in other
        assert client.get("/search/", {"q": "story"}).content.decode() == first

    def test_a_feed_is_sent_in_one_piece(self, client, every_type):
        for address in ("/feeds/news.atom", "/feeds/news.rss", "/feeds/threat-level.rss"):
            response = client.get(address)
            assert response.status_code == 200
            assert len(list(response)) == 1, address

    def test_a_purge_makes_every_kept_listing_read_again(self, client, every_type):
        client.get("/news/")
        purge_everything("test")

        with CaptureQueriesContext(connection) as after_purge:
            client.get("/news/")

        assert any("news_newsarticlepage" in query["sql"] for query in after_purge)

    def test_kept_article_cards_belong_to_their_own_kind(self, client, every_type):
        for _round in range(2):
            speeches = client.get("/news/", {"kind": "speech"}).content.decode()
            everything = client.get("/news/").content.decode()
            assert "A speech" in speeches and "Story 12" not in speeches
            assert "Story 12" in everything

    @pytest.mark.parametrize("listing", ["/news/", "/video-transcripts/", "/careers/"])
    def test_a_kept_page_of_a_listing_keeps_its_cards(self, client, every_type, listing):
        first = client.get(listing).content
        assert len(kept_cards()) == 1

        assert client.get(listing).content == first
        assert len(kept_cards()) == 1  # the same page of the listing: its cards again

        purge_everything("test")
        client.get(listing)
        assert len(kept_cards()) == 1  # a new generation keeps its own, built afresh
