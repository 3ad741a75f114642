"""Deleting an image or a document takes the right to delete it, which approvers and
administrators have and comms editors and recruiters do not (editorial.deleting): Wagtail
counts deleting them as changing them. Every way the admin deletes them is tried."""

import pytest
from wagtail.images import get_image_model

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def ways_to_delete(item):
    """The admin's ways of deleting `item`: its delete view, the upload page's, the bulk
    action."""
    if isinstance(item, get_image_model()):
        return [
            f"/admin/images/{item.pk}/delete/",
            f"/admin/images/multiple/{item.pk}/delete/",
            f"/admin/bulk/wagtailimages/image/delete/?id={item.pk}",
        ]
    return [
        f"/admin/documents/delete/{item.pk}/",
        f"/admin/documents/multiple/{item.pk}/delete/",
        f"/admin/bulk/wagtaildocs/document/delete/?id={item.pk}",
    ]


def edit_address(item):
    if isinstance(item, get_image_model()):
        return f"/admin/images/{item.pk}/"
    return f"/admin/documents/edit/{item.pk}/"


def exists(item):
    return type(item).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("comms_editor", ["root image", "careers image", "document"]),
        ("recruiter", ["careers image"]),
    ],
)
def test_those_who_may_change_them_may_not_delete_them(client, request, items, role, names):
    client.force_login(request.getfixturevalue(role))
    for name in names:
        item = items[name]
        assert client.get(edit_address(item)).status_code == 200, name  # still theirs to change
        for address in ways_to_delete(item):
            refused = client.post(address)
            # Sent to the dashboard with "Sorry, you do not have permission", (the bulk
            # action, which leaves out what the user may not delete) back to its page, or
            # (the upload page's script) a 403.
            assert (refused.status_code, refused.get("Location")) in (
                (302, "/admin/"),
                (302, address.split("?")[0]),
                (403, None),
            )
            assert exists(item), address


@pytest.mark.parametrize("way", [0, 1, 2], ids=["delete view", "upload page", "bulk action"])
@pytest.mark.parametrize("role", ["comms_approver", "superuser"])
def test_approvers_and_administrators_delete_them(client, request, items, role, way):
    client.force_login(request.getfixturevalue(role))
    for item in items.values():
        client.post(ways_to_delete(item)[way])
        assert not exists(item), ways_to_delete(item)[way]


def test_a_missing_image_or_document_gets_the_admins_404(client, superuser):
    client.force_login(superuser)
    for address in ("/admin/images/999999/delete/", "/admin/documents/delete/999999/"):
        missing = client.get(address)
        assert missing.status_code == 404
        assert "wagtailadmin/404.html" in [template.name for template in missing.templates]


@pytest.mark.parametrize(("role", "offered"), [("comms_editor", False), ("comms_approver", True)])
def test_delete_is_offered_to_those_who_may_delete(client, request, items, role, offered):
    client.force_login(request.getfixturevalue(role))
    for item in (items["root image"], items["document"]):
        page = client.get(edit_address(item))
        assert page.status_code == 200
        assert (ways_to_delete(item)[0] in page.content.decode()) is offered, item
        assert page.context["can_delete"] is offered
        # The edit view, at its own address too, still saves.
        saved = client.post(
            edit_address(item), {"title": "Renamed", "collection": item.collection_id}
        )
        assert saved.status_code == 302, saved.context and saved.context["form"].errors
        item.refresh_from_db()
        assert item.title == "Renamed"


@pytest.mark.parametrize(("role", "offered"), [("comms_editor", False), ("comms_approver", True)])
def test_the_bulk_delete_asks_only_those_who_may_delete(client, request, items, role, offered):
    """Found by a review: the bulk Delete's confirmation offered "Yes, delete" to a comms
    editor, then refused. Now it says at once what is not theirs to delete."""
    client.force_login(request.getfixturevalue(role))
    for item in (items["root image"], items["document"]):
        page = client.get(ways_to_delete(item)[2])
        html = page.content.decode()
        assert page.status_code == 200
        assert ("Yes, delete" in html) is offered, item
        assert ("You don't have permission to delete" in html) is not offered, item
