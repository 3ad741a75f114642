"""Deleting an image or a document takes the right to delete it, which approvers and
administrators have and comms editors and recruiters do not (editorial.deleting): Wagtail
counts deleting them as changing them. Every way the admin deletes them is tried."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import ReferenceIndex
from wagtail.rich_text import RichText

from tests import factories

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


def uploaded(kind, user):
    """An image or document `user` has just made on the upload page (its last step
    records the uploader)."""
    if kind == "image":
        return get_image_model().objects.create(
            title="Upload", file=get_test_image_file(), uploaded_by_user=user
        )
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n")
    return get_document_model().objects.create(title="Upload", file=pdf, uploaded_by_user=user)


@pytest.mark.parametrize("kind", ["image", "document"])
def test_the_upload_page_s_delete_removes_an_upload_of_one_s_own_that_nothing_uses(
    client, comms_editor, recruiter, sections, kind
):
    """It offered Delete ("if the upload wasn't required") to comms editors, and did
    nothing: a 403 the page did not show."""
    client.force_login(comms_editor)
    model = get_image_model() if kind == "image" else get_document_model()
    kept, used, removed = (uploaded(kind, comms_editor).pk for _ in range(3))
    page = factories.standard_page(sections["home"], "Uses it")
    page.body = [("paragraph", RichText(f'<p><a linktype="document" id="{used}">notes</a></p>'))]
    if kind == "image":
        page.body = [("image", {"image": model.objects.get(pk=used), "caption": ""})]
    page.save_revision().publish()
    assert ReferenceIndex.get_references_to(model.objects.get(pk=used)).exists()
    base = "/admin/images/multiple/" if kind == "image" else "/admin/documents/multiple/"

    assert client.post(f"{base}{removed}/delete/").json()["success"] is True
    assert client.post(f"{base}{used}/delete/").status_code in (302, 403)  # on a page now
    client.force_login(recruiter)
    assert client.post(f"{base}{kept}/delete/").status_code in (302, 403)  # not theirs

    assert set(model.objects.filter(pk__in=[kept, used, removed]).values_list("pk", flat=True)) == {
        kept,
        used,
    }
    # Elsewhere, deleting one's own still takes the right to delete.
    client.force_login(comms_editor)
    for address in ways_to_delete(model.objects.get(pk=kept))[::2]:
        client.post(address)
    assert model.objects.filter(pk=kept).exists()
