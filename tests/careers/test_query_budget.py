"""Careers pages use a fixed number of queries, however many roles there are.

The tests of many roles come last, each number of roles built once for the tests that
read it (they only read); the test before them builds roles of its own.
"""

import pytest

from careers.models import RoleProfileStoryLink, RoleProfileTranscriptLink
from tests import factories
from tests.careers.helpers import bulk_roles
from tests.conftest import building_for_the_module

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12


def test_the_last_page_of_500_roles_is_within_budget(
    client, sections, careers, technology, london, django_assert_max_num_queries
):
    bulk_roles(careers, 500, area=technology, locations=[london])
    client.get("/careers/")

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/careers/?page=25")

    assert response.status_code == 200
    assert "Page 25 of 25" in response.content.decode()
    assert client.get("/careers/?page=26").status_code == 404


@pytest.fixture(scope="module", params=[10, 500], ids=["10-roles", "500-roles"])
def roles_for_the_module(request, site_for_the_module, django_db_blocker):
    """The careers section with a role, its staff story and video, and as many more roles
    as the param says; built once for each param (pytest runs the tests of one param
    together), rolled back before the next."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        careers = factories.careers_index(site["home"])
        technology = factories.career_area("Technology")
        london = factories.career_location("London")
        belfast = factories.career_location("Belfast")
        story = factories.staff_story(careers, "Sam, Analyst")
        role = factories.role_profile(careers, "Analyst", locations=[london])
        RoleProfileStoryLink.objects.create(page=role, story=story, sort_order=0)
        transcripts = factories.video_transcripts_index(site["home"])
        transcript = factories.video_transcript(transcripts, "Being MI5")
        RoleProfileTranscriptLink.objects.create(page=role, transcript=transcript, sort_order=0)
        bulk_roles(careers, request.param, area=technology, locations=[london, belfast])
        yield request.param


@pytest.fixture
def many_roles(db, roles_for_the_module):
    return roles_for_the_module


@pytest.mark.parametrize(
    "path",
    [
        "/careers/",
        "/careers/?area=technology&location=belfast",
        "/careers/?page=1",
        "/careers/analyst/",
        "/careers/generated-role-7/",
    ],
)
def test_careers_pages_stay_within_the_budget(
    client, many_roles, path, django_assert_max_num_queries
):
    assert client.get(path).status_code == 200  # warms Wagtail's cache of site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(path)

    assert response.status_code == 200


def test_a_staff_story_stays_within_its_budget(client, many_roles, django_assert_max_num_queries):
    client.get("/careers/sam-analyst/")

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/careers/sam-analyst/")

    assert response.status_code == 200
