"""A search page costs the same number of queries whatever the number of results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from core.models import StandardPage
from demo.bulk import bulk_add_children
from tests import factories

# Request-wide reads (site, settings, navigation, threat level, view restrictions), the
# vocabulary and synonyms (kept for the generation in production), the kinds counted on
# the matches, the results with what search keeps of them (search.query.Ranked), and on
# the first page the promoted results.
SEARCH_BUDGET = 11


def add_matching_pages(parent, count):
    pages = bulk_add_children(
        parent,
        [
            StandardPage(title=f"Lighthouse {number}", slug=f"lighthouse-{number}")
            for number in range(count)
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


@pytest.mark.parametrize(
    ("page", "few"),
    [
        ("1", 10),
        ("3", 30),  # among the first results, ranked again (search.query.Ranked)
        ("5", 50),  # after them
    ],
)
def test_few_and_five_hundred_results_cost_the_same(client, sections, page, few):
    parent = factories.standard_page(sections["home"], "Lights")
    add_matching_pages(parent, few)
    few_queries, few_html = queries_for(client, {"q": "lighthouse", "page": page})
    add_matching_pages(factories.standard_page(sections["home"], "More lights"), 500 - few)
    many, many_html = queries_for(client, {"q": "lighthouse", "page": page})

    assert f"{few} results</h2>" in few_html
    assert "500 results</h2>" in many_html
    assert f"Page {page} of" in few_html and f"Page {page} of" in many_html or page == "1"
    assert few_queries == many
    assert many <= SEARCH_BUDGET
