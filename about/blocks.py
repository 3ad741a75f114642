"""StreamField blocks of the "Who we are" pages: a timeline, and questions with answers."""

import re

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import PARAGRAPH_FEATURES, BodyBlock, HeadingBlock

from .text import plain_text

TIMELINE_TEXT_FEATURES = ["bold", "italic", "link"]

# A year alone ("1909") is a valid <time datetime>; a period ("Second World War") is not.
YEAR = re.compile(r"^\d{4}$")


class TimelineEntryBlock(blocks.StructBlock):
    year = blocks.CharBlock(
        label=_("Year or period"),
        max_length=40,
        help_text=_("A year such as “1909”, or a period such as “Second World War”."),
    )
    title = blocks.CharBlock(label=_("What happened"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), required=False, features=TIMELINE_TEXT_FEATURES)

    class Meta:
        icon = "date"
        label = _("Entry")


class TimelineBlock(blocks.StructBlock):
    """Moments in order, as a numbered list: the years are text, so they zoom, translate
    and read aloud, and the list keeps the order editors give it."""

    entries = blocks.ListBlock(TimelineEntryBlock(), label=_("Entries"), min_num=1)

    class Meta:
        icon = "history"
        template = "about/blocks/timeline.html"
        label = _("Timeline")
        preview_value = {
            "entries": [
                {"year": "1909", "title": "Founded", "text": "<p>The service begins.</p>"},
                {"year": "1989", "title": "A law of its own", "text": ""},
            ]
        }
        description = _("Years or periods in order, each with what happened")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["entries"] = [
            {"entry": entry, "datetime": year if YEAR.match(year) else ""}
            for entry in value["entries"]
            for year in [entry["year"].strip()]
        ]
        return context


class AboutBodyBlock(BodyBlock):
    """The shared body blocks, plus the timeline."""

    timeline = TimelineBlock()


class FAQBlock(blocks.StructBlock):
    """A question and its answer. The FAQ page gives it its heading level and anchor."""

    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        template = "about/blocks/faq.html"
        label = _("Question and answer")
        preview_value = {
            "question": "Is there a museum?",
            "answer": "<p>No: our buildings are not open to visitors.</p>",
        }
        description = _("A frequently asked question with its answer")

    @staticmethod
    def structured_data(value):
        """The question as schema.org's Question, its answer as plain text."""
        return {
            "@type": "Question",
            "name": value["question"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": plain_text(value["answer"].source),
            },
        }


class FAQBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    question = FAQBlock()
