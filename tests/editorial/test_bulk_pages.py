"""Wagtail's bulk Delete and Move of pages, chosen with their parents, or moved into one
of themselves (editorial.bulk_pages, core.permissions): each was a 500, rolled back."""

import pytest
from wagtail.models import Page

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def family(sections):
    """A page, its child and grandchild, and a page beside them."""
    parent = factories.standard_page(sections["home"], "Old campaign")
    child = factories.standard_page(parent, "Its poster")
    grandchild = factories.standard_page(child, "Its caption")
    other = factories.standard_page(sections["home"], "Still wanted")
    return parent, child, grandchild, other


def bulk(client, action, pages, **data):
    ids = "&".join(f"id={page.pk}" for page in pages)
    address = f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/pages/"
    return client.post(address, data, follow=True)


def test_a_page_chosen_with_its_parent_is_deleted_with_it(client, superuser, family):
    parent, child, grandchild, other = family
    client.force_login(superuser)

    response = bulk(client, "delete", [grandchild, parent, child])

    assert response.redirect_chain == [("/admin/pages/", 302)]
    assert "1 page and 2 child pages have been deleted" in response.content.decode()
    assert not Page.objects.filter(pk__in=[parent.pk, child.pk, grandchild.pk]).exists()
    assert Page.objects.filter(pk=other.pk).exists()


def test_a_page_chosen_with_its_parent_is_moved_with_it(client, superuser, family, sections):
    parent, child, grandchild, _other = family
    client.force_login(superuser)

    response = bulk(client, "move", [child, parent], chooser=sections["privacy"].pk)

    assert response.redirect_chain == [("/admin/pages/", 302)]
    assert "1 page has been moved" in response.content.decode()
    assert Page.objects.get(pk=parent.pk).get_parent().pk == sections["privacy"].pk
    assert Page.objects.get(pk=child.pk).get_parent().pk == parent.pk
    assert Page.objects.get(pk=grandchild.pk).get_parent().pk == child.pk


def test_a_page_is_not_moved_into_itself_nor_below_itself(client, superuser, family, sections):
    parent, child, _grandchild, other = family
    client.force_login(superuser)

    for destination in (parent, child):  # the page itself, then its own child
        response = bulk(client, "move", [parent, other], chooser=destination.pk)

        assert response.status_code == 200
        assert f"cannot be moved to {destination.title}" in response.content.decode()
        for page in (parent, other):  # nothing moved
            assert Page.objects.get(pk=page.pk).get_parent().pk == sections["home"].pk


def test_the_confirmation_names_only_the_uppermost_pages(client, superuser, family):
    parent, child, grandchild, _other = family
    client.force_login(superuser)
    ids = "&".join(f"id={page.pk}" for page in (grandchild, parent, child))

    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?{ids}&next=/admin/pages/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Old campaign" in html
    # The child and grandchild are counted as the parent's descendants, not listed again.
    assert "Its poster" not in html and "Its caption" not in html
    assert "Delete 1 page" in html
    assert "This will also delete 2 more subpages." in " ".join(html.split())


def test_a_chosen_child_s_slug_taken_at_the_destination_does_not_stop_the_move(
    client, superuser, family, sections
):
    parent, child, _grandchild, _other = family
    # The destination holds a page with the child's slug: the child goes below its parent.
    factories.standard_page(sections["privacy"], "Its poster")
    client.force_login(superuser)

    response = bulk(client, "move", [parent, child], chooser=sections["privacy"].pk)

    assert response.redirect_chain == [("/admin/pages/", 302)]
    assert Page.objects.get(pk=parent.pk).get_parent().pk == sections["privacy"].pk
    assert Page.objects.get(pk=child.pk).get_parent().pk == parent.pk


@pytest.mark.parametrize(
    "query",
    ["id=abc", "id=1.5", "id=", "id=99999999999999999999999", "id=all&childOf=abc"],
)
@pytest.mark.parametrize(
    "action",
    [
        "wagtailcore/page/move",
        "wagtailcore/page/delete",
        "wagtailcore/page/publish",
        "wagtailimages/image/delete",
        "wagtailimages/image/add_tags",
        "wagtaildocs/document/delete",
    ],
)
def test_an_id_that_is_none_is_not_found_for_any_action(
    client, comms_editor, threat_level_manager, action, query
):
    """A tampered address was a 500 (Wagtail's look-up raised ValueError or
    OverflowError), for every signed-in role."""
    for user in (comms_editor, threat_level_manager):
        client.force_login(user)
        response = client.get(f"/admin/bulk/{action}/?{query}")
        assert response.status_code == 404, (user, response.status_code)


def test_an_id_that_is_one_still_reaches_the_action(client, superuser, family):
    parent, *_rest = family
    client.force_login(superuser)

    response = client.get(f"/admin/bulk/wagtailcore/page/delete/?id={parent.pk}")

    assert response.status_code == 200
    assert "Old campaign" in response.content.decode()
