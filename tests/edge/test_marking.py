"""What the app lets nginx keep (X-Accel-Expires): public pages only, and only where
nginx's key (the host, the path, each known parameter's first value, names matched in
any case) names the page the app answered."""

import pytest

from serving.shared import EDGE_HEADER, edge_may_keep

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture(autouse=True)
def edge_keeps_a_second(settings):
    settings.SERVING_EDGE_CACHE_SECONDS = 1


def test_a_public_page_is_marked_on_a_miss_and_on_a_hit(client, cached_site):
    first = client.get("/careers/")
    second = client.get("/careers/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first[EDGE_HEADER] == second[EDGE_HEADER] == "1"
    assert client.get("/careers/?page=1&utm_source=mail")[EDGE_HEADER] == "1"


@pytest.mark.parametrize(
    "query",
    [
        "page=1&page=2",  # nginx keys on the first, the app reads the last
        "PAGE=2",  # nginx matches names in any case, the app does not
        "Page=2&page=1",
    ],
)
def test_a_request_whose_key_could_name_another_page_is_not_marked(client, cached_site, query):
    response = client.get(f"/careers/?{query}")
    assert response.status_code == 200
    assert EDGE_HEADER not in response
    # Not even when the same page, stored for another request, is served from Redis.
    client.get("/careers/?page=2")
    assert EDGE_HEADER not in client.get(f"/careers/?{query}")


def test_private_and_uncached_answers_are_not_marked(client, cached_site, superuser, settings):
    assert EDGE_HEADER not in client.get("/search/?q=cyber")
    assert EDGE_HEADER not in client.get("/no-such-page/")
    client.force_login(superuser)
    assert EDGE_HEADER not in client.get("/careers/")
    client.logout()
    settings.SERVING_EDGE_CACHE_SECONDS = 0
    assert EDGE_HEADER not in client.get("/careers/")


def test_nothing_is_marked_when_a_scheduled_change_comes_sooner(client, cached_site, settings):
    settings.SERVING_EDGE_CACHE_SECONDS = 10**9  # longer than any page may be kept
    response = client.get("/careers/")
    assert response["X-Page-Cache"] == "miss"
    assert EDGE_HEADER not in response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", True),
        ("page=2", True),
        ("area=x&page=2&utm_source=y&fbclid=z", True),
        ("page=1&page=2", False),
        ("PAGE=2", False),
        ("page", True),
        ("page=1&Page=2", False),
    ],
)
def test_edge_may_keep(query, expected):
    assert edge_may_keep(query) is expected
