"""Careers pages use a fixed number of queries, however many roles there are."""

import pytest

from careers.models import RoleProfileStoryLink, RoleProfileTranscriptLink
from tests import factories
from tests.careers.helpers import bulk_roles

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12


@pytest.fixture(params=[10, 500], ids=["10-roles", "500-roles"])
def many_roles(request, sections, careers, technology, london, belfast):
    story = factories.staff_story(careers, "Sam, Analyst")
    role = factories.role_profile(careers, "Analyst", locations=[london])
    RoleProfileStoryLink.objects.create(page=role, story=story, sort_order=0)
    transcripts = factories.video_transcripts_index(sections["home"])
    transcript = factories.video_transcript(transcripts, "Being MI5")
    RoleProfileTranscriptLink.objects.create(page=role, transcript=transcript, sort_order=0)
    bulk_roles(careers, request.param, area=technology, locations=[london, belfast])
    return request.param


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


def test_a_staff_story_stays_within_its_budget(client, many_roles, django_assert_max_num_queries):
    client.get("/careers/sam-analyst/")

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/careers/sam-analyst/")

    assert response.status_code == 200
