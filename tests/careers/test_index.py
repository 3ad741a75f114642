"""The careers index: open roles and staff stories, filtered by area and location."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from serving import purge_everything
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def roles(careers, technology, administration, london, belfast):
    return {
        "engineer": factories.role_profile(
            careers, "Engineer", career_area=technology, locations=[london]
        ),
        "assistant": factories.role_profile(
            careers, "Assistant", career_area=administration, locations=[london, belfast]
        ),
        "developer": factories.role_profile(
            careers, "Developer", career_area=technology, locations=[belfast]
        ),
    }


def titles(response):
    """The open roles listed (staff stories are cards too, further down)."""
    html = response.content.decode()
    roles = html[html.index('<section class="open-roles"') :]
    roles = roles[: roles.index("</section>")]
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', roles)


def test_lists_open_roles_and_staff_stories(client, careers, roles):
    factories.staff_story(careers, "Samira, Occupational Psychologist")

    response = client.get("/careers/")
    content = response.content.decode()

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Assistant", "Developer", "Engineer"]
    assert "Samira, Occupational Psychologist" in content
    assert "Belfast, London" in content  # the assistant's locations, in name order


# Each filter and the roles it lists, asked in one test (the roles are built once).
FILTERS = {
    "?area=technology": ["Developer", "Engineer"],
    "?area=administration": ["Assistant"],
    "?location=belfast": ["Assistant", "Developer"],
    "?area=technology&location=london": ["Engineer"],
    "?area=administration&location=belfast": ["Assistant"],
    "?area=&location=": ["Assistant", "Developer", "Engineer"],
}


def test_filters_by_area_and_location(client, roles):
    listed = {}
    for query in FILTERS:
        response = client.get("/careers/" + query)
        listed[query] = (
            sorted(titles(response)) if response.status_code == 200 else response.status_code
        )

    assert listed == FILTERS


def test_a_filter_with_no_match_says_so(client, roles, careers):
    factories.career_area("Languages")

    response = client.get("/careers/?area=languages")

    assert response.status_code == 200
    assert titles(response) == []
    assert "No open roles match these choices." in response.content.decode()
    # Chosen (a link kept from before), it is shown chosen, though not otherwise offered.
    assert '<option value="languages" selected>' in response.content.decode()


def test_only_areas_and_locations_with_open_roles_are_offered(
    client, roles, careers, closing, frozen_clock
):
    factories.career_area("Languages")  # no role at all
    cyber = factories.career_area("Cyber")
    manchester = factories.career_location("Manchester")
    factories.role_profile(
        careers, "Closed", career_area=cyber, locations=[manchester], closes_at=closing
    )
    secret = factories.role_profile(careers, "Private", career_area=cyber, closes_at=None)
    PageViewRestriction.objects.create(page=secret, restriction_type="login")

    def offered(html, name):
        select = html[html.index(f'name="{name}"') :]
        return re.findall(r'<option value="([^"]+)"', select[: select.index("</select>")])

    frozen_clock(closing - datetime.timedelta(minutes=1))
    html = client.get("/careers/").content.decode()
    assert offered(html, "area") == ["administration", "cyber", "technology"]
    assert offered(html, "location") == ["belfast", "london", "manchester"]

    frozen_clock(closing + datetime.timedelta(minutes=1))  # the only open one has closed
    purge_everything()  # as the generation ends at a closing time (serving)
    html = client.get("/careers/").content.decode()
    assert offered(html, "area") == ["administration", "technology"]
    assert offered(html, "location") == ["belfast", "london"]


def test_chosen_filters_stay_selected(client, roles):
    content = client.get("/careers/?area=technology&location=belfast").content.decode()

    assert '<option value="technology" selected>' in content
    assert '<option value="belfast" selected>' in content


BAD_FILTERS = [
    "?area=unknown",
    "?location=atlantis",
    "?area=%00",
    "?area=" + "x" * 5000,
    "?location=<script>",
    "?page=abc",
    "?page=0",
    "?page=-1",
    "?page=99",
    "?page=99999999999999999999999",
]


def test_bad_filter_values_are_not_found_never_an_error(client, roles):
    answers = {query: client.get("/careers/" + query).status_code for query in BAD_FILTERS}

    assert answers == dict.fromkeys(BAD_FILTERS, 404)


def test_repeated_or_unknown_parameters_give_the_unfiltered_list(client, roles):
    response = client.get("/careers/?colour=blue&area[]=technology")

    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_private_roles_and_stories_stay_out(client, careers, roles):
    story = factories.staff_story(careers, "Hidden, Analyst")
    PageViewRestriction.objects.create(page=roles["engineer"], restriction_type="login")
    PageViewRestriction.objects.create(page=story, restriction_type="login")

    response = client.get("/careers/")

    assert sorted(titles(response)) == ["Assistant", "Developer"]
    assert "Hidden, Analyst" not in response.content.decode()


def test_restricted_careers_index_asks_visitors_to_sign_in(client, careers, roles):
    PageViewRestriction.objects.create(page=careers, restriction_type="login")

    assert client.get("/careers/").status_code == 302
    assert client.get(roles["engineer"].url).status_code == 302


def test_pagination_keeps_filters(client, careers, technology, london):
    from tests.careers.helpers import bulk_roles

    bulk_roles(careers, 45, area=technology, locations=[london])

    first = client.get("/careers/?area=technology").content.decode()
    last = client.get("/careers/?area=technology&page=3")

    assert "Page 1 of 3" in first
    assert "?area=technology&amp;page=2" in first
    assert last.status_code == 200
    assert len(titles(last)) == 5
    # Each view has a title of its own (WCAG 2.4.2).
    assert "<title>Careers: Technology | " in first
    assert "<title>Careers: Technology, page 3 of 3 | " in last.content.decode()
    assert "<title>Careers | " in client.get("/careers/").content.decode()
