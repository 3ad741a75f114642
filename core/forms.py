"""Image uploads that refuse hostile files with a form error instead of a server error."""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

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


class SafeImageField(WagtailImageField):
    """Wagtail's checks, then a full decode: a bomb or a damaged file is a form error."""

    default_error_messages = {
        "unreadable_image": _(
            "This file could not be read as an image. It may be damaged, or not an image at "
            "all. Try exporting it again as JPEG, PNG or WebP."
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


class SafeImageForm(BaseImageForm):
    file = SafeImageField(label=_("File"))
