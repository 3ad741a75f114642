"""StreamField blocks of news articles and video transcripts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from core.blocks import BodyBlock


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document in the library, such as a report in PDF."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "news/blocks/document_link.html"
        preview_value = {"label": "Gender pay gap report (PDF)"}
        description = _("A link to a document from the library")


class VideoLinkBlock(blocks.StructBlock):
    """A link to a video where it is hosted: no embed, so the page works without it."""

    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Video title"), max_length=120)
    transcript = blocks.PageChooserBlock(
        label=_("Transcript"),
        page_type="news.VideoTranscriptPage",
        required=False,
    )

    class Meta:
        icon = "media"
        template = "news/blocks/video_link.html"
        preview_value = {"url": "https://example.org/videos/being-mi5", "title": "Being MI5"}
        description = _("A link to a video, and to its transcript")


class ArticleBodyBlock(BodyBlock):
    """The shared body blocks, plus links to documents and videos."""

    document = DocumentLinkBlock()
    video = VideoLinkBlock()


class TranscriptTurnBlock(blocks.StructBlock):
    """What one speaker says before the next one speaks."""

    speaker = blocks.CharBlock(
        label=_("Speaker"),
        required=False,
        max_length=80,
        help_text=_("Who is speaking, for example “Narrator”. Leave empty to continue."),
    )
    text = blocks.RichTextBlock(label=_("Words spoken"), features=["bold", "italic"])

    class Meta:
        icon = "openquote"
        template = "news/blocks/transcript_turn.html"
        preview_value = {
            "speaker": "Narrator",
            "text": "<p>Every day, people across the country work to keep it safe.</p>",
        }
        description = _("One speaker's words")


class TranscriptBlock(blocks.StreamBlock):
    turn = TranscriptTurnBlock()
