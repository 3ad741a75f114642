"""Changing an image or a document changes every page that shows it, at once: it takes the
right to edit each of them (editorial.deleting). Found by a probe of the admin: a
recruiter, who may change the Careers collection's pictures, could replace one that comms
had put on a page outside Careers."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import ReferenceIndex

from core.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def shown_on(page, image):
    page.body = [("image", {"image": image, "caption": ""})]
    page.save_revision().publish()
    return page


def edit(client, image, **changes):
    return client.post(
        f"/admin/images/{image.pk}/",
        {"title": image.title, "collection": image.collection_id, **changes},
    )


def title_of(image):
    image.refresh_from_db()
    return image.title


def test_a_recruiter_changes_a_careers_picture_that_only_careers_pages_show(
    client, recruiter, sections, items
):
    picture = items["careers image"]
    shown_on(factories.standard_page(sections["careers"], "Open days"), picture)
    client.force_login(recruiter)

    changed = edit(client, picture, title="Open day, Thames House")

    assert changed.status_code == 302
    assert title_of(picture) == "Open day, Thames House"


def test_a_recruiter_may_not_change_a_careers_picture_shown_outside_careers(
    client, recruiter, comms_editor, sections, items
):
    picture = items["careers image"]
    shown_on(factories.standard_page(sections["careers"], "Open days"), picture)
    shown_on(factories.standard_page(sections["privacy"], "Our people"), picture)
    client.force_login(recruiter)
    red = get_test_image_file(colour="red").file.getvalue()
    new_file = SimpleUploadedFile("other.png", red, content_type="image/png")

    refused = edit(client, picture, title="Replaced", file=new_file)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "It is shown where you may not publish a change: Our people." in html
    assert 'value="Replaced"' in html  # what was typed is still there
    picture.refresh_from_db()
    assert picture.title == "Graduate open day"
    assert "other" not in picture.file.name
    # Nor through the upload page's edit step, made for new uploads.
    posted = client.post(
        f"/admin/images/multiple/{picture.pk}/",
        {f"image-{picture.pk}-title": "Replaced", f"image-{picture.pk}-collection": ""},
    )
    # Wagtail's answer to a refusal in the admin: to the dashboard, "Sorry, you do not
    # have permission".
    assert (posted.status_code, posted["Location"]) == (302, "/admin/")
    assert title_of(picture) == "Graduate open day"

    # Comms editors, who may publish both pages, may.
    client.force_login(comms_editor)
    assert edit(client, picture, title="Open day").status_code == 302
    assert title_of(picture) == "Open day"


def test_a_picture_a_setting_uses_takes_the_right_to_change_the_setting(
    client, recruiter, comms_approver, items
):
    """No setting or snippet shows pictures yet; one that did would count as a page."""
    picture = items["careers image"]
    settings = SiteSettings.objects.get()
    ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(SiteSettings),
        base_content_type=ContentType.objects.get_for_model(SiteSettings),
        object_id=str(settings.pk),
        to_content_type=ContentType.objects.get_for_model(picture),
        to_object_id=str(picture.pk),
        model_path="logo",
        content_path="logo",
        content_path_hash=ReferenceIndex._get_content_path_hash("logo"),
    )
    client.force_login(recruiter)
    refused = edit(client, picture, title="Replaced")
    assert (
        "It is shown where you may not publish a change: Site settings." in refused.content.decode()
    )
    assert title_of(picture) == "Graduate open day"

    client.force_login(comms_approver)  # who may change the site settings
    assert edit(client, picture, title="Open day").status_code == 302
