"""Image uploads that refuse hostile files with a form error instead of a server error;
image and document tags that fit their columns."""

import io
import struct

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import Filter

UNREADABLE = (
    PILImage.DecompressionBombError,
    PILImage.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    struct.error,
)


ORIENTATION = 0x0112  # the EXIF tag

# WebP, the first format of every picture the templates ask for, holds at most this many
# pixels a side; a rendition never enlarges, so a narrow picture keeps its full height.
MAX_SIDE = 16_383
# EXIF orientations that turn a picture a quarter (its width and height swap).
QUARTER_TURNS = {5, 6, 7, 8}
# One small rendition in each format the templates ask for (format-{webp,jpeg}), made by
# Wagtail's own filter: a picture it cannot write (16-bit grey cannot be a JPEG) was a
# 500 on every page showing it.
TRIAL_RENDITIONS = ("max-16x16|format-webp", "max-16x16|format-jpeg")


class SafeImageField(WagtailImageField):
    """Wagtail's checks, then a full decode and a trial rendition: a bomb, a damaged file
    or a picture the site cannot show is a form error."""

    default_error_messages = {
        "unreadable_image": _(
            "This file could not be read as an image. It may be damaged, or not an image at "
            "all. Try exporting it again as JPEG, PNG or WebP."
        ),
        "side_too_long": _(
            "This picture is %(width)s × %(height)s pixels: the site shows pictures of at "
            "most %(max)s pixels a side. Export a smaller copy."
        ),
        "cannot_show": _(
            "This picture cannot be converted for the web: it may use 16-bit or another "
            "unusual kind of colour. Export it again as an ordinary 8-bit JPEG or PNG."
        ),
    }

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except UNREADABLE as error:
            raise ValidationError(
                self.error_messages["unreadable_image"], code="unreadable_image"
            ) from error
        if uploaded is None:
            return None
        self.check_image_decodes(uploaded)
        self.check_renditions_can_be_made(uploaded)
        return uploaded

    def check_image_decodes(self, uploaded):
        # Pixel count and size are already capped, so decoding fully is bounded.
        position = uploaded.tell() if hasattr(uploaded, "tell") else 0
        try:
            uploaded.seek(0)
            with PILImage.open(uploaded) as picture:
                self.check_animation_pixels(picture)
                picture.load()
        except UNREADABLE as error:
            raise ValidationError(
                self.error_messages["unreadable_image"], code="unreadable_image"
            ) from error
        finally:
            uploaded.seek(position)

    def check_renditions_can_be_made(self, uploaded):
        position = uploaded.tell() if hasattr(uploaded, "tell") else 0
        try:
            uploaded.seek(0)
            with PILImage.open(uploaded) as picture:
                width, height = picture.size
                if picture.getexif().get(ORIENTATION) in QUARTER_TURNS:
                    width, height = height, width
            if max(width, height) > MAX_SIDE:
                raise ValidationError(
                    self.error_messages["side_too_long"]
                    % {"width": width, "height": height, "max": f"{MAX_SIDE:,}"},
                    code="side_too_long",
                )
            image = get_image_model()(width=width, height=height)  # unsaved: its shape only
            for spec in TRIAL_RENDITIONS:
                uploaded.seek(0)
                Filter(spec).run(image, io.BytesIO(), source=uploaded)
        except UNREADABLE as error:
            raise ValidationError(self.error_messages["cannot_show"], code="cannot_show") from error
        finally:
            uploaded.seek(position)

    def check_animation_pixels(self, picture):
        """Wagtail caps width × height × frames, but Willow's Pillow plugin reports one
        frame whatever the file holds, so an animation passed as its first frame alone.
        Pillow counts the frames (n_frames)."""
        frames = getattr(picture, "n_frames", 1)
        pixels = picture.width * picture.height * frames
        if self.max_image_pixels is not None and pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": pixels, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


# A tag's web-address form (taggit's slug: 100 characters at most, with "_1" and so on
# added to the second tag of the same letters) can be far longer than the tag: "ﷺ" is
# written out in 18 characters. Past the column it was a 500 on PostgreSQL.
MAX_TAG_SLUG = 90


def check_tags_fit(tags):
    if any(
        len(tag) > MAX_TAG_SLUG or len(slugify(tag, allow_unicode=True)) > MAX_TAG_SLUG
        for tag in tags
    ):
        raise ValidationError(
            _("Shorten the tag: written out in a web address it is over %(limit)s letters.")
            % {"limit": MAX_TAG_SLUG},
            code="max_length",
        )


class TagsThatFit:
    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        check_tags_fit(tags)
        return tags


class BulkTagsThatFit:
    """For the bulk Tag action's form, whose tags are one string, parted at commas."""

    def clean_tags(self):
        # Each tag without the spaces around it (Wagtail's action kept " ward" apart
        # from "ward"), and none empty.
        tags = [tag.strip() for tag in (self.cleaned_data.get("tags") or "").split(",")]
        tags = [tag for tag in tags if tag]
        if not tags:
            raise ValidationError(_("Enter at least one tag."), code="required")
        check_tags_fit(tags)
        return ",".join(tags)


class SafeImageForm(TagsThatFit, BaseImageForm):
    file = SafeImageField(label=_("File"))


class PortalDocumentForm(TagsThatFit, BaseDocumentForm):
    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension of the file the instance holds,
        # which is none where the file field has refused the upload already (too big):
        # "File extension “” is not allowed" stood beside the true error.
        refused = self.errors.get("file")
        refused = self.error_class(refused) if refused else None  # a copy: errors are added
        super()._post_clean()
        if refused:
            self.errors["file"] = refused
