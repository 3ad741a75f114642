"""A search page costs a bounded number of queries whatever the number of results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from core.models import StandardPage
from demo.bulk import bulk_add_children
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

# Request-wide reads (site, settings, navigation, threat level, view restrictions), the
# vocabulary and synonyms (kept for the generation in production), the pages matched
# with what search keeps of them; where more than 30 match, their count by kind and the
# first results in the backend's order (search.views.few_matches); on the first page the
# promoted results.
SEARCH_BUDGET = 12


def add_matching_pages(parent, first, last):
    pages = bulk_add_children(
        parent,
        [
            StandardPage(title=f"Lighthouse {number}", slug=f"lighthouse-{number}")
            for number in range(first, last)
        ],
    )
    # Added in bulk, without Wagtail's signals: indexed here as update_index would.
    get_search_backend().add_bulk(StandardPage, pages)


def queries_for(client, params):
    client.get("/search/", params)  # Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


@pytest.mark.parametrize("page", ["1", "3", "5"])
def test_ten_forty_and_five_hundred_results_stay_within_the_budget(client, sections, page):
    parent = factories.standard_page(sections["home"], "Lights")
    counted, added = {}, 0
    for total in (10, 40, 500):
        add_matching_pages(parent, added, total)
        added = total
        queries, html = queries_for(client, {"q": "lighthouse", "page": page})
        assert f"{total} results</h2>" in html
        counted[total] = queries

    # Few results are read in one query; more cost the same however many they are.
    assert counted[10] <= counted[40] == counted[500] <= SEARCH_BUDGET
