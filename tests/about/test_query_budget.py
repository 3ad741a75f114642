"""The section's pages use a fixed number of queries, however many pages it holds."""

import pytest
from django.core.cache import cache

from about.models import AboutPage, FAQPage
from demo import about as demo_about
from tests import factories
from tests.about.conftest import about_page, faq_page, question
from tests.conftest import building_for_the_module

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12
PATHS = [
    "/who-we-are/",
    "/who-we-are/our-history/",
    "/who-we-are/oversight-and-the-law/",
    "/who-we-are/frequently-asked-questions/",
    "/who-we-are/page-7/",
    "/who-we-are/page-7/deeper/",
    "/who-we-are/more-questions/",
]


@pytest.fixture(scope="module", params=[0, 30], ids=["demo-section", "30-more-pages"])
def section(request, site_for_the_module, django_db_blocker):
    """The demo's section, with more pages beside its own (their number is the param), a
    page under one of them, and an FAQ page of 40 answers, each linking to pages; built
    once for each param, as the tests only read it."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        factories.quiz_statement()
        about = demo_about.load(site["home"])
        demo_about.load_last(site["home"])
        for number in range(request.param):
            about_page(about, f"Page {number}", summary=f"Summary {number}.")
        page_7 = AboutPage.objects.filter(slug="page-7").first() or about_page(about, "Page 7")
        about_page(page_7, "Deeper", summary="Under page 7.")
        answer = (
            f'<p>See <a linktype="page" id="{about.pk}">who we are</a>, '
            f'<a linktype="page" id="{page_7.pk}">page 7</a> or '
            '<a linktype="phone-setting" id="hotline">call us</a>.</p>'
        )
        faq_page(
            about,
            "More questions",
            slug="more-questions",
            body=[question(f"Question {n}?", answer) for n in range(40)],
        )
        assert FAQPage.objects.count() == 2
        yield about


@pytest.mark.parametrize("path", PATHS)
def test_a_cold_render_stays_within_the_budget(
    client, db, section, path, django_assert_max_num_queries
):
    cache.clear()  # nothing known yet: not even Wagtail's site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_a_warm_render_stays_within_the_budget(
    client, db, section, path, django_assert_max_num_queries
):
    assert client.get(path).status_code == 200  # warms Wagtail's cache of site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(path)

    assert response.status_code == 200
