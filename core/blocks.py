"""StreamField blocks shared by the site's pages."""

import contextvars
import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock, ImageBlockComparison, ImageChooserBlock

from .queries import LINK_FIELDS
from .rich_text import PHONE_NUMBER_CHOICES, PHONE_SETTING_FEATURE, settings_phone_number

# Rich text stays plain: editors structure pages with heading blocks, not font sizes.
# Numbers from the settings come after "link": they are saved as links (core.rich_text).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", PHONE_SETTING_FEATURE]


# Objects the choosers of a whole StreamField name, fetched together (load_choices).
_loaded_choices = contextvars.ContextVar("loaded_choices", default=None)


class BulkChooserMixin:
    """A chooser whose objects can be fetched for a whole StreamField at once.

    Wagtail fetches a chooser's objects once per block type in a stream (bulk_to_python):
    a page of six kinds of block that each choose a page or a picture costs a query per
    kind. `load_choices(stream)` fetches them all, one query per chooser class."""

    def fetch_in_bulk(self, ids):
        """{id: object} for `ids`."""
        return self.model_class.objects.in_bulk(ids)

    def bulk_to_python(self, values):
        loaded = (_loaded_choices.get() or {}).get(type(self), {})
        if not all(value is None or value in loaded for value in values):
            loaded = self.fetch_in_bulk([value for value in values if value is not None])
        return [copy.copy(loaded[pk]) if pk in loaded else None for pk in values]


def _chooser_ids(block, value, found):
    """Add to `found` ({chooser: ids}) what the bulk choosers in raw `value` name."""
    if isinstance(block, BulkChooserMixin):
        if isinstance(value, int):
            found.setdefault(type(block), (block, set()))[1].add(value)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            _chooser_ids(child, value.get(name), found)
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        for item in value:
            is_bound = isinstance(item, dict) and "type" in item and "value" in item
            _chooser_ids(block.child_block, item["value"] if is_bound else item, found)
    elif isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        for item in value:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                _chooser_ids(child, item.get("value"), found)


def load_choices(stream):
    """Turn every block of `stream` (a StreamValue) into its value, with the pages and
    pictures its choosers name fetched in one query per chooser class. Once: a page kept
    for the cache generation (serving.process) keeps its stream, read already."""
    if getattr(stream, "_portal_choices_loaded", False):
        return
    found = {}
    _chooser_ids(stream.stream_block, list(stream.raw_data), found)
    loaded = {kind: block.fetch_in_bulk(ids) for kind, (block, ids) in found.items()}
    token = _loaded_choices.set(loaded)
    try:
        for child in stream:
            child.value  # noqa: B018 (read now, while the objects are at hand)
    finally:
        _loaded_choices.reset(token)
    stream._portal_choices_loaded = True


class PageLinkChooserBlock(BulkChooserMixin, blocks.PageChooserBlock):
    """A page chosen to link to: every page of the field in one narrow query (a link
    needs its address; the editor's chooser reads the titles), not whole pages. With
    both caches off, about 0.5 ms less on every page (the footer's links)."""

    def fetch_in_bulk(self, ids):
        fields = (*LINK_FIELDS, "draft_title", "path", "depth", "content_type")
        return self.model_class.objects.only(*fields).in_bulk(ids)

    def deconstruct(self):
        # Stored as Wagtail's block: the difference is in reading, not in what is stored.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.PageChooserBlock", args, kwargs


class PictureChooserBlock(BulkChooserMixin, ImageChooserBlock):
    pass


class PictureComparison(ImageBlockComparison):
    """Wagtail's comparison of an ImageBlock reads the parts of an empty, optional one
    (None) and fails: the revisions' Compare view was a 500. An empty picture compares
    as one with nothing chosen."""

    def htmlvalue(self, val):
        return super().htmlvalue(dict.fromkeys(self.block.child_blocks) if val is None else val)


class PictureBlock(ImageBlock):
    """Wagtail's ImageBlock (a picture with its alt text, or marked decorative), whose
    pictures load_choices() can fetch with the rest of a page's choices. Stored and
    deconstructed as ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"] = PictureChooserBlock(required=required)
        self.child_blocks["image"].set_name("image")

    def get_comparison_class(self):
        return PictureComparison


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        preview_value = {"text": "How we work", "level": "h2"}
        description = _("A heading that starts a section of the page")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph.html"
        preview_value = "<p>We protect the country against threats to national security.</p>"
        description = _("Text with links and lists")


class CaptionedImageBlock(blocks.StructBlock):
    # ImageBlock asks for alt text (or an explicit "decorative" choice) on every use.
    image = PictureBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        description = _("An image with alt text and an optional caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        preview_value = {
            "quote": "Work cannot be taken home, so home stays home.",
            "attribution": "A member of staff",
        }
        description = _("A quotation with an optional attribution")


class SettingsPhoneNumberBlock(blocks.StructBlock):
    """A number from the site settings as a link to call it: it follows the settings."""

    number = blocks.ChoiceBlock(label=_("Number"), choices=PHONE_NUMBER_CHOICES, default="hotline")
    label = blocks.CharBlock(
        label=_("Label"),
        required=False,
        max_length=120,
        help_text=_(
            "Shown before the number. Leave empty for the words the site settings give it."
        ),
    )

    class Meta:
        icon = "mobile-alt"
        template = "components/blocks/phone_number.html"
        label = _("Phone number from the settings")
        preview_value = {"number": "hotline", "label": ""}
        description = _(
            "The hotline or the emergency number as the site settings hold it, as a link to call it"
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        name, number = settings_phone_number(value["number"])
        context.update(label=value["label"] or name, number=number)
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    phone_number = SettingsPhoneNumberBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to another address, with its own label."""

    label = blocks.CharBlock(label=_("Label"), max_length=80)
    page = PageLinkChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Other address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            message = _("Choose a page or enter an address, not both.")
        elif not (value.get("page") or value.get("url")):
            # Also a link whose page was deleted since (its chooser is empty again).
            message = _("Choose a page or enter an address: the link has neither.")
        elif value.get("page") and value["page"].get_url_parts() is None:
            # The tree's root (which the chooser does not offer, but a form can name), or
            # a page in no Site: its link would lead nowhere ("None").
            message = _("Choose a page of this website: that page has no address.")
        else:
            return value
        raise StructBlockValidationError(block_errors={"page": ValidationError(message)})

    class Meta:
        icon = "link"
        template = "components/blocks/link.html"
        preview_value = {"label": "Accessibility statement", "url": "https://example.org/"}
        description = _("A labelled link")
