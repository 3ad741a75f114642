"""Search answers every query with an ordinary page."""

import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_search_finds_live_pages_only(client, sections):
    factories.standard_page(sections["home"], "Protective security", summary="Advice for sites.")
    factories.standard_page(sections["home"], "Protective draft", live=False)

    response = client.get("/search/", {"q": "protective"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/protective-security/">Protective security</a>' in html
    assert "Protective draft" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        '"unbalanced',
        "a AND OR NOT b",
        "null\x00byte\x07",
        "'; DROP TABLE wagtailcore_page; --",
        "Ünïcödé ✓ 安全",
        "*",
    ],
)
def test_odd_queries_give_an_ordinary_page(client, sections, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999"])
def test_bad_page_numbers_give_an_ordinary_page(client, sections, page):
    response = client.get("/search/", {"q": "careers", "page": page})

    assert response.status_code == 200
