"""Search: listings of every page type in a fixed number of queries, promotions, bad input."""

import datetime

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.models import HomePage
from tests import factories
from tests.conftest import building_for_the_module
from tests.search.test_search_budget import SEARCH_BUDGET

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture(scope="module")
def pages_of_every_type(site_for_the_module, django_db_blocker):
    """One page of each public type, every one of them matching "harbour"; built once, as
    the tests only read them (the module's other tests see them too)."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        home = site["home"]
        mission = factories.mission_page(home, summary="Harbour mission summary.")
        factories.threat_category(mission, "Harbour threats", summary="Harbour category summary.")
        news = factories.news_index(home, summary="Harbour news summary.")
        for index in range(12):
            factories.news_article(
                news,
                f"Harbour article {index}",
                datetime.date(2020, 5, 1) + datetime.timedelta(days=index),
                kind=("news", "blog", "speech")[index % 3],
            )
        transcripts = factories.video_transcripts_index(home, summary="Harbour transcripts.")
        factories.video_transcript(transcripts, "Harbour video", summary="Harbour transcript.")
        careers = factories.careers_index(home, summary="Harbour careers summary.")
        factories.role_profile(careers, "Harbour analyst")
        factories.staff_story(careers, "Sam, Harbour engineer", summary="Harbour story summary.")
        for index in range(5):
            factories.standard_page(
                home, f"Harbour page {index}", summary=f"Harbour standard {index}."
            )
        yield home.pk


@pytest.fixture
def sections(pages_of_every_type, db):
    """The home page: the factories above replaced some of the site's placeholder pages,
    so its pages by name are not all there (the tests need only the home page)."""
    return {"home": HomePage.objects.get(pk=pages_of_every_type)}


@pytest.fixture
def every_page_type(sections):
    return sections


def test_results_show_title_kind_date_and_summary(client, every_page_type):
    html = client.get("/search/", {"q": "harbour article 3"}).content.decode()

    link = html.index('<a href="/news/harbour-article-3/">')
    result = html[html.rindex('<li class="card"', 0, link) :]
    result = result[: result.index("</li>")]
    assert "Harbour article 3</a>" in result
    assert "News article" in result
    assert '<time datetime="2020-05-04">4 May 2020</time>' in result
    assert "Summary of <mark>Harbour</mark> <mark>article</mark> <mark>3</mark>." in result


@pytest.mark.parametrize("page", ["1", "2", "3"])
def test_results_of_every_page_type_stay_within_the_budget(
    client, every_page_type, page, django_assert_max_num_queries
):
    params = {"q": "harbour", "page": page}
    client.get("/search/", params)  # warms Wagtail's cache of site root paths

    with django_assert_max_num_queries(SEARCH_BUDGET):
        response = client.get("/search/", params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "25 results</h2>" in html
    results = html[html.index('<ol class="card-list search-results"') :]
    assert results.count('<li class="card"') == {"1": 10, "2": 10, "3": 5}[page]


def test_the_listing_reads_every_type_in_one_query(client, every_page_type):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/search/", {"q": "harbour"})
    with CaptureQueriesContext(connection) as few:
        client.get("/search/", {"q": "harbour analyst"})
    with CaptureQueriesContext(connection) as many:
        client.get("/search/", {"q": "harbour"})

    assert len(many.captured_queries) == len(few.captured_queries)


def test_editors_promote_a_page_for_a_query(client, every_page_type):
    careers = every_page_type["home"].get_children().get(slug="careers")
    query = Query.get("Jobs")
    SearchPromotion.objects.create(query=query, page=careers, description="Work with us.")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/jobs", external_link_text="Elsewhere"
    )

    html = client.get("/search/", {"q": "  JOBS "}).content.decode()

    promoted = html[html.index('id="promoted-heading"') : html.index('id="results-heading"')]
    assert '<a href="/careers/">Careers</a>' in promoted
    assert "Work with us." in promoted
    assert '<a href="https://example.org/jobs">Elsewhere</a>' in promoted


def test_a_promoted_draft_is_not_shown(client, sections):
    draft = factories.standard_page(sections["home"], "Secret plans", live=False)
    SearchPromotion.objects.create(query=Query.get("plans"), page=draft)

    html = client.get("/search/", {"q": "plans"}).content.decode()

    assert "Secret plans" not in html
    assert "promoted-heading" not in html


@pytest.mark.parametrize(
    "query",
    ["\x00", "x" * 10_000, '"a" "b', "((()", "-", "OR", "café\u202e", "\\", "%_", "1=1;--"],
)
def test_more_odd_queries_give_an_ordinary_page(client, every_page_type, query):
    response = client.get("/search/", {"q": query, "page": "2"})

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_search_pages_are_not_indexed_and_have_breadcrumbs(client, sections):
    html = client.get("/search/", {"q": "careers"}).content.decode()

    assert '<meta name="robots" content="noindex">' in html
    start = html.index('<nav class="breadcrumbs')
    crumbs = html[start : html.index("</nav>", start)]
    assert '<a href="/">Home</a>' in crumbs
    assert '<span aria-current="page">Search</span>' in crumbs
