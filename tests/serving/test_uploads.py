"""Hostile uploads are refused with a form error and nothing is stored."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.usefixtures("site_for_the_module")

Image = get_image_model()
Document = get_document_model()


def png_bytes(width=40, height=30):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def animated_gif(frames, width=1000, height=1000):
    """An animation of `frames` frames, each different (so none is merged away)."""
    buffer = io.BytesIO()
    pictures = [PILImage.new("P", (width, height), index % 256) for index in range(frames)]
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=40)
    return buffer.getvalue()


def png_header_only(width, height):
    """A PNG whose header claims a huge picture: a decompression bomb's signature."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_turned(width, height):
    """A JPEG `width` × `height` whose EXIF says to turn it a quarter (orientation 6)."""
    buffer = io.BytesIO()
    exif = PILImage.Exif()
    exif[0x0112] = 6
    PILImage.new("RGB", (width, height), (20, 40, 90)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_of_mode(mode, width=300, height=200):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), 1000).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

HOSTILE = {
    "svg": ("drawing.svg", SVG),
    "html-named-jpg": ("photo.jpg", HTML),
    "truncated": ("cut.png", png_bytes()[:60]),
    "corrupt": ("noise.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 500),
    "bomb": ("bomb.png", png_header_only(50_000, 50_000)),
    "too-large": ("large.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (10 * 1024 * 1024 + 10)),
    # 1000 × 1000 a frame (well under the cap) but 60 Mpx in all.
    "long-animation": ("dance.gif", animated_gif(60)),
    # Pictures that decode, but whose renditions cannot be made: each page showing one
    # was a 500 for every visitor (found by a probe). WebP holds at most 16,383 pixels a
    # side, and the renditions never enlarge a narrow picture: its full height stays.
    "too-tall": ("tower.png", png_bytes(1, 30_000)),
    "too-tall-once-turned": ("turned.jpg", jpeg_turned(17_000, 600)),
    # 16-bit grey, which Pillow cannot write as JPEG.
    "16-bit-grey": ("scan.png", png_of_mode("I;16")),
}


@pytest.fixture
def editor(client, superuser):
    client.force_login(superuser)
    return client


def upload(client, view, name, content, **fields):
    return client.post(
        reverse(view),
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
            **fields,
        },
    )


def upload_image(client, name, content):
    return upload(client, "wagtailimages:add", name, content)


def test_a_real_image_is_accepted(editor):
    response = upload_image(editor, "ok.png", png_bytes())

    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_images_are_refused_with_a_form_error(editor, case):
    name, content = HOSTILE[case]

    response = upload_image(editor, name, content)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Image.objects.count() == 0


def image_of_mode(mode, kind, size=(300, 200)):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, kind)
    return buffer.getvalue()


# Pictures that are merely unusual: each accepted, and every rendition the templates ask
# for made from it.
UNUSUAL = {
    "transparent.png": image_of_mode("RGBA", "PNG"),
    "grey-with-alpha.png": image_of_mode("LA", "PNG"),
    "one-bit.png": image_of_mode("1", "PNG"),
    "palette.gif": image_of_mode("P", "GIF"),
    "print.jpg": image_of_mode("CMYK", "JPEG"),
    "photo.webp": image_of_mode("RGB", "WEBP"),
    "turned.jpg": jpeg_turned(3000, 600),
    "as-tall-as-may-be.png": png_bytes(1, 16_383),
}
RENDITIONS = [
    f"{size}|format-{kind}"
    for size in ("width-1200", "fill-1200x675-c75", "fill-640x640")
    for kind in ("webp", "jpeg")
]


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_an_unusual_picture_is_accepted_and_every_rendition_made(editor, name):
    response = upload_image(editor, name, UNUSUAL[name])

    assert response.status_code == 302
    image = Image.objects.get()
    for spec in RENDITIONS:
        assert image.get_rendition(spec).file.size > 0


def test_a_short_animation_is_accepted(editor):
    response = upload_image(editor, "wave.gif", animated_gif(30))  # 30 Mpx in all

    assert response.status_code == 302
    assert Image.objects.count() == 1


def upload_document(client, name, content):
    return upload(client, "wagtaildocs:add", name, content)


def test_a_document_over_the_size_cap_is_refused_with_a_form_error(editor, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024  # DOCUMENT_MAX_MB
    pdf = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024) + b"\n%%EOF\n"

    response = upload_document(editor, "annual-report.pdf", pdf)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "This file is too big" in errors[0] and "20.0" in errors[0]
    # Not also "File extension “” is not allowed": the file is a PDF.
    assert "extension" not in response.content.decode()
    assert Document.objects.count() == 0

    assert upload_document(editor, "summary.pdf", pdf[: 1024 * 1024]).status_code == 302
    assert Document.objects.count() == 1


def test_a_document_of_a_type_not_allowed_is_refused_with_a_form_error(editor):
    response = upload_document(editor, "setup.exe", b"MZ\x90\x00")

    assert response.status_code == 200
    assert "File extension “exe” is not allowed" in str(response.context["form"].errors["file"])
    assert Document.objects.count() == 0


def test_documents_are_served_as_attachments_by_the_serve_view(client, editor):
    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Page",
            "file": SimpleUploadedFile("page.html", HTML),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    # HTML is not an accepted document type at all.
    assert response.status_code == 200
    assert Document.objects.count() == 0

    editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Notes",
            "file": SimpleUploadedFile("notes.csv", b"a,b\n1,2\n"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    document = Document.objects.get()
    client.logout()

    served = client.get(document.url)

    assert document.url.startswith("/documents/")
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "case", ["bomb", "truncated", "html-named-jpg", "long-animation", "too-tall", "16-bit-grey"]
)
def test_the_multiple_upload_view_refuses_hostile_files_too(editor, case):
    name, content = HOSTILE[case]

    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert Image.objects.count() == 0


@pytest.mark.parametrize("kind", ["image", "document"])
def test_a_tag_too_long_for_its_web_address_is_a_form_error(editor, kind):
    """Found by a hunt through the admin: a tag's web address (taggit's slug, at most 100
    characters, "_1" added to a second tag of the same letters) could be far longer
    than the tag ("ﷺ" is written out in 18 characters): past it, a 500 on PostgreSQL."""
    view, name, content, model = {
        "image": ("wagtailimages:add", "ok.png", png_bytes(), Image),
        "document": ("wagtaildocs:add", "notes.txt", b"Notes.", Document),
    }[kind]

    for tags in ("ﷺ" * 10, "x" * 100):
        response = upload(editor, view, name, content, tags=tags)

        assert response.status_code == 200, tags
        assert response.context["form"].errors["tags"]
    assert model.objects.count() == 0
    assert upload(editor, view, name, content, tags="x" * 90 + ", ﷺ").status_code == 302
    assert set(model.objects.get().tags.names()) == {"x" * 90, "ﷺ"}


@pytest.mark.parametrize("kind", ["image", "document"])
def test_the_bulk_tag_action_takes_the_tags_limits_too(editor, kind):
    """Found by a review: Wagtail's bulk Tag form takes any text (PostgreSQL: a 500)."""
    view, name, content, model, address = {
        "image": ("wagtailimages:add", "ok.png", png_bytes(), Image, "wagtailimages/image"),
        "document": ("wagtaildocs:add", "notes.txt", b"Notes.", Document, "wagtaildocs/document"),
    }[kind]
    assert upload(editor, view, name, content).status_code == 302
    item = model.objects.get()
    url = f"/admin/bulk/{address}/add_tags/?id={item.pk}"

    for tags in ("ﷺ" * 10, "x" * 150, "fine, " + "y" * 101, " , ,"):
        refused = editor.post(url, {"tags": tags})
        assert refused.status_code == 200, tags
        assert refused.context["form"].errors["tags"]
    assert list(item.tags.names()) == []
    assert editor.post(url, {"tags": "x" * 90 + ", ﷺ"}).status_code == 302
    assert set(model.objects.get().tags.names()) == {"x" * 90, "ﷺ"}
