"""The admin API (/admin/api/main/) gives each role what it may use and nothing else."""

import pytest

pytestmark = pytest.mark.usefixtures("site_for_the_module")

API = "/admin/api/main"


def listed(client, endpoint):
    response = client.get(f"{API}/{endpoint}/")
    if response.status_code != 200:
        return response.status_code
    return {item["title"] for item in response.json()["items"]}


EVERY_IMAGE = {"Director General", "Graduate open day"}

# role fixture: (images listed or status, documents listed or status)
EXPECTED = {
    "superuser": (EVERY_IMAGE, {"Annual report"}),
    "comms_editor": (EVERY_IMAGE, {"Annual report"}),
    "comms_approver": (EVERY_IMAGE, {"Annual report"}),
    "recruiter": ({"Graduate open day"}, 403),
    "threat_level_manager": (403, 403),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_images_and_documents_only_for_those_who_may_choose_them(client, request, items, role):
    client.force_login(request.getfixturevalue(role))
    images, documents = EXPECTED[role]

    assert listed(client, "images") == images
    assert listed(client, "documents") == documents


def test_an_image_outside_the_users_collections_is_not_found(client, recruiter, items):
    client.force_login(recruiter)

    assert client.get(f"{API}/images/{items['careers image'].pk}/").status_code == 200
    assert client.get(f"{API}/images/{items['root image'].pk}/").status_code == 404


def test_the_pages_endpoint_lists_nothing_to_a_threat_level_manager(
    client, threat_level_manager, sections
):
    client.force_login(threat_level_manager)

    response = client.get(f"{API}/pages/")

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_the_pages_endpoint_lists_a_recruiter_only_careers_and_the_way_to_it(
    client, recruiter, sections
):
    client.force_login(recruiter)
    careers = sections["careers"]
    reachable = {page.pk for page in careers.get_descendants(inclusive=True)}
    on_the_way = {page.pk for page in careers.get_ancestors()}

    response = client.get(f"{API}/pages/")

    assert response.status_code == 200
    listed_ids = {item["id"] for item in response.json()["items"]}
    assert careers.pk in listed_ids
    assert listed_ids <= reachable | on_the_way


def test_an_anonymous_visitor_gets_nothing(client, items):
    for endpoint in ("pages", "images", "documents"):
        assert client.get(f"{API}/{endpoint}/").status_code in (302, 403)


def chooser_titles(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code
    html = response.content.decode()
    return {title for title in (*EVERY_IMAGE, "Annual report") if title in html}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_the_choosers_offer_the_same_and_no_more(client, request, items, role):
    """Wagtail's choosers open for every role, empty where the API answers 403."""
    client.force_login(request.getfixturevalue(role))
    images, documents = (set() if found == 403 else found for found in EXPECTED[role])

    assert chooser_titles(client, "/admin/images/chooser/") == images
    assert chooser_titles(client, "/admin/documents/chooser/") == documents


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        ("threat_level_manager", False),
        ("recruiter", False),  # a draft outside Careers
        ("comms_editor", True),
        ("superuser", True),
    ],
)
def test_the_page_chooser_shows_drafts_only_where_the_user_may_explore(
    client, request, sections, role, sees_draft
):
    from tests import factories

    factories.standard_page(sections["home"], "Unannounced plans", live=False)
    factories.standard_page(sections["home"], "Announced plans")
    client.force_login(request.getfixturevalue(role))

    html = client.get("/admin/choose-page/search/", {"q": "plans"}).content.decode()

    assert "Announced plans" in html  # live: its title is public
    assert ("Unannounced plans" in html) is sees_draft
