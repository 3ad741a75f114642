"""A picture's address names one picture only (core.models.name_each_upload_once)."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db


def rendition_url(colour):
    image = get_image_model().objects.create(
        title=colour, file=get_test_image_file(filename="green.png", colour=colour)
    )
    return image, image.get_rendition("fill-100x100").url


def test_a_later_upload_named_as_an_earlier_one_never_takes_its_addresses():
    """Found by an editors' probe: an upload named as a file deleted or replaced before
    took the same original name, so the same rendition addresses, which browsers and the
    CDN keep a year with the earlier picture behind them."""
    first, first_url = rendition_url("green")
    first.delete()  # its files go, and their names are free again

    second, second_url = rendition_url("red")

    assert second_url != first_url
    assert "green" in second.file.name  # still named after what was uploaded
    assert second.file.name.startswith("original_images/green.")


def test_a_file_saved_again_keeps_its_name():
    image, url = rendition_url("green")
    name = image.file.name
    image.title = "Renamed"
    image.save()

    image.refresh_from_db()
    assert image.file.name == name
    assert image.get_rendition("fill-100x100").url == url
