"""StreamField blocks of role profiles and staff stories."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import HeadingBlock, ParagraphBlock


class ApplicationStepBlock(blocks.StructBlock):
    """One step of the application process, shown as an item of a numbered list."""

    title = blocks.CharBlock(label=_("Step"), max_length=120)
    description = blocks.TextBlock(
        label=_("What happens"),
        required=False,
        max_length=600,
        help_text=_("One or two sentences on what the applicant does or can expect."),
    )

    class Meta:
        icon = "list-ol"
        template = "careers/blocks/application_step.html"
        preview_value = {
            "title": "Online application",
            "description": "Tell us about your skills and experience.",
        }
        description = _("A step of the application process")


class ApplicationStepsBlock(blocks.StreamBlock):
    step = ApplicationStepBlock()


class PullQuoteBlock(blocks.StructBlock):
    """A sentence from the story set apart from the text."""

    quote = blocks.TextBlock(label=_("Quote"), max_length=300)

    class Meta:
        icon = "openquote"
        template = "careers/blocks/pull_quote.html"
        preview_value = {"quote": "No two days are the same, and the work really matters."}
        description = _("A short quotation from the story, set apart from the text")


class StaffStoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    pull_quote = PullQuoteBlock()
