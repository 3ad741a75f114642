"""Every public page type stays within 12 queries, with 10 items and with 500.

The news and careers pages have their own budget tests (tests/news, tests/careers); these
cover the rest: the mission page with its categories, a threat category, the threat
levels page with its history, standard pages among many sections, and search results.
"""

import datetime

import pytest
from django.utils import timezone

from core.models import StandardPage
from demo.bulk import bulk_add_children
from tests import factories
from threats.models import Scope, ThreatCategoryPage, ThreatLevelChange

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12


@pytest.fixture(params=[10, 500], ids=["10-items", "500-items"])
def big_site(request, sections):
    count = request.param
    home = sections["home"]
    mission = factories.mission_page(home)
    bulk_add_children(
        mission,
        [
            ThreatCategoryPage(
                title=f"Category {number}", slug=f"category-{number}", summary="One line."
            )
            for number in range(count)
        ],
    )
    bulk_add_children(
        home,
        [
            StandardPage(title=f"Section {number}", slug=f"section-{number}", summary="Text.")
            for number in range(count)
        ],
    )
    start = timezone.now() - datetime.timedelta(days=count + 1)
    ThreatLevelChange.objects.bulk_create(
        [
            ThreatLevelChange(
                scope=Scope.NATIONAL,
                level="SEVERE" if number % 2 else "SUBSTANTIAL",
                previous_level="SUBSTANTIAL" if number % 2 else "SEVERE",
                changed_at=start + datetime.timedelta(days=number),
            )
            for number in range(count)
        ]
    )
    return count


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/what-we-do/",
        "/what-we-do/category-7/",
        "/threat-levels/",
        "/section-7/",
        "/search/?q=category",
    ],
)
def test_public_pages_stay_within_budget_at_scale(
    client, big_site, path, django_assert_max_num_queries
):
    client.get(path)  # the first request fills Wagtail's cache of site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(path)

    assert response.status_code == 200
