"""Who keeps search's synonyms and starting points in the admin, and who may not."""

import pytest
from django.urls import reverse

from search.models import SearchSettings, Synonym
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

SYNONYMS_ADD = "wagtailsnippets_search_synonym:add"
SYNONYMS_LIST = "wagtailsnippets_search_synonym:list"


@pytest.mark.parametrize("role", ["comms_editor", "comms_approver"])
def test_comms_staff_add_a_synonym(client, sections, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(SYNONYMS_LIST)).status_code == 200
    response = client.post(reverse(SYNONYMS_ADD), {"word": " Jobs ", "means": "Careers, roles"})

    assert response.status_code == 302
    synonym = Synonym.objects.get()
    assert (synonym.word, synonym.means) == ("jobs", "careers roles")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"word": "two words", "means": "careers"}, "word"),
        ({"word": "!!!", "means": "careers"}, "word"),
        ({"word": "jobs", "means": "jobs"}, "means"),
        ({"word": "jobs", "means": "..."}, "means"),
        # Written out, each "ﬃ" is three letters: 75 of them past the column's 60, and
        # 201 past the 200 of the words pages use (PostgreSQL: a 500).
        ({"word": "ﬃ" * 25, "means": "careers"}, "word"),
        ({"word": "jobs", "means": "ﬃ" * 67}, "means"),
    ],
)
def test_a_synonym_that_cannot_work_is_refused_with_a_message(client, comms_editor, data, field):
    client.force_login(comms_editor)

    response = client.post(reverse(SYNONYMS_ADD), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Synonym.objects.exists()


@pytest.mark.parametrize("role", ["recruiter", "threat_level_manager"])
def test_other_roles_may_not_touch_synonyms(client, sections, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(SYNONYMS_LIST)).status_code == 302
    client.post(reverse(SYNONYMS_ADD), {"word": "jobs", "means": "careers"})

    assert not Synonym.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("comms_approver", True),
        ("comms_editor", False),
        ("recruiter", False),
        ("threat_level_manager", False),
    ],
)
def test_only_approvers_and_administrators_choose_starting_points(
    client, request, sections, role, allowed
):
    client.force_login(request.getfixturevalue(role))
    settings = SearchSettings.load()
    page = factories.standard_page(sections["home"], "Report information")
    data = {
        "starting_points-count": "1",
        "starting_points-0-type": "page",
        "starting_points-0-deleted": "",
        "starting_points-0-order": "0",
        "starting_points-0-value-page": str(page.pk),
        "starting_points-0-value-title": "",
        "starting_points-0-value-text": "Tell us.",
    }

    response = client.post(factories.settings_edit_url(settings), data)

    settings.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert settings.starting_points[0].value["page"].pk == page.pk
    else:
        assert response.status_code in (302, 403)
        assert len(settings.starting_points) == 0


@pytest.mark.parametrize("query", ['"', 'annual "report', '""'])
def test_an_admin_search_with_a_lone_quote_is_answered(client, comms_editor, query):
    """Found by a review: on SQLite, a lone `"` in an admin search (images, the page
    chooser, a section) was a 500 from the full-text index (search.backend)."""
    client.force_login(comms_editor)

    for address in ("/admin/images/", "/admin/choose-page/search/", "/admin/documents/"):
        assert client.get(address, {"q": query}).status_code == 200, address


def test_an_admin_search_with_a_pasted_paragraph_is_answered(client, comms_editor, home):
    """Found by a hunt through the admin: a query of 147 words or more (a paragraph
    pasted into a search box) overflowed Python's recursion limit on PostgreSQL, about 400
    on SQLite: a 500 in every admin search and chooser. Its first words are searched."""
    factories.standard_page(home, "Annual report")
    client.force_login(comms_editor)
    words = [f"word{n}" for n in range(600)]
    for paragraph in (
        " ".join(["annual", "report", *words]),
        "-".join(words),  # PostgreSQL parts words at hyphens too
        " ".join(['"yes"', *words]),  # the page search nests a quoted word
        " ".join(["editors' guide and authors' notes", *words]),  # so are these
    ):
        for address in (
            "/admin/pages/search/",
            "/admin/images/",
            "/admin/choose-page/search/",
            "/admin/documents/",
        ):
            assert client.get(address, {"q": paragraph}).status_code == 200, address
    found = client.get("/admin/pages/search/", {"q": "annual report " * 100})
    assert "Annual report" in found.content.decode()
