"""News pages use a fixed number of queries, however many articles there are.

The tests of many articles come last, each number of articles built once for the tests
that read it (they only read); the tests before them build articles of their own.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import VideoTranscriptRelatedPage
from tests import factories
from tests.conftest import building_for_the_module
from tests.news.helpers import bulk_articles

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12


def test_the_last_page_of_500_articles_is_within_budget(
    client, sections, news_index, today, django_assert_max_num_queries
):
    bulk_articles(news_index, 500, newest=today)
    client.get("/news/")

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/news/?page=50")

    assert response.status_code == 200
    assert "Page 50 of 50" in response.content.decode()


def test_latest_news_block_costs_one_query(client, sections, news_index, today):
    bulk_articles(news_index, 20, newest=today)
    client.get("/")
    with CaptureQueriesContext(connection) as with_news:
        client.get("/")
    news_queries = [
        query["sql"]
        for query in with_news.captured_queries
        if "news_newsarticlepage" in query["sql"]
    ]

    assert len(news_queries) == 1


@pytest.fixture(scope="module", params=[10, 500], ids=["10-articles", "500-articles"])
def articles_for_the_module(request, site_for_the_module, django_db_blocker):
    """The news section with as many articles as the param says, and a video linking to
    the careers page; built once for each param (pytest runs the tests of one param
    together), rolled back before the next."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        news_index = factories.news_index(site["home"])
        today = timezone.localdate()
        bulk_articles(news_index, request.param, newest=today - datetime.timedelta(days=1))
        transcripts = factories.video_transcripts_index(site["home"])
        transcript = factories.video_transcript(transcripts, "Being MI5")
        VideoTranscriptRelatedPage.objects.create(
            transcript=transcript, linked_page=site["careers"], sort_order=0
        )
        yield request.param


@pytest.fixture
def many_articles(db, articles_for_the_module):
    return articles_for_the_module


@pytest.mark.parametrize(
    "path",
    [
        "/news/",
        "/news/?kind=blog&page=1",
        # A year of its articles (dated back from yesterday).
        f"/news/?year={(timezone.localdate() - datetime.timedelta(days=1)).year}",
        "/news/bulk-article-7/",
        "/careers/",
        "/video-transcripts/being-mi5/",
        "/video-transcripts/",
    ],
)
def test_pages_stay_within_the_budget(client, many_articles, path, django_assert_max_num_queries):
    assert client.get(path).status_code == 200  # warms Wagtail's cache of site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(path)

    assert response.status_code == 200
