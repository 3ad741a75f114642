"""The home page's blocks: editors arrange the hero, the threat level card, signposts,
latest news, promotions and the quiz, in any order, beside the ordinary body blocks.

Each block that shows something other apps own (the threat level, news, the quiz) reads
it through their template tags, which keep it for the cache generation like every other
page's (serving.process): the blocks hold only what the editor chose.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .blocks import BodyBlock, PageLinkChooserBlock, PictureBlock

HERO_TEXT_FEATURES = ["bold", "italic", "link"]


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the page's title. It is the page's main heading."),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=HERO_TEXT_FEATURES, required=False)
    image = PictureBlock(label=_("Picture"), required=False)

    class Meta:
        icon = "pick"
        template = "core/blocks/hero.html"
        label = _("Hero")
        description = _("The page's main heading, what the service is for, and a picture")


class ThreatLevelCardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, default="Current national threat level"
    )

    class Meta:
        icon = "warning"
        template = "core/blocks/threat_level_card.html"
        label = _("Threat level card")
        description = _("The current national threat level, what it means and a link")
        preview_value = {"heading": "Current national threat level"}


class SignpostBlock(blocks.StructBlock):
    page = PageLinkChooserBlock(label=_("Page"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to use the page's title."),
    )
    text = blocks.CharBlock(label=_("Text"), required=False, max_length=200)

    class Meta:
        icon = "link"


class SignpostsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    signposts = blocks.ListBlock(SignpostBlock(), label=_("Signposts"), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        template = "core/blocks/signposts.html"
        label = _("Signposts")
        description = _("Links to the sections people come for, each with a line about it")


class WholeNumberBlock(blocks.IntegerBlock):
    """Wagtail's IntegerBlock, read as a number from the editor's form.

    Wagtail's block keeps what the form sent, the text "3", until the form is cleaned,
    and compares it with the saved 3 to tell whether the page changed: it always has. So
    every save of a page holding one was a change, and an approver who opened the page
    and approved it had written its newest version, which an independent review refuses.
    """

    def value_from_form(self, value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return value  # not a number: the form's validation says so


class LatestNewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default="Latest news")
    count = WholeNumberBlock(label=_("Number of articles"), min_value=1, max_value=6, default=3)

    class Meta:
        icon = "doc-full"
        template = "core/blocks/latest_news.html"
        label = _("Latest news")
        description = _("The newest articles as cards with their pictures")
        preview_value = {"heading": "Latest news", "count": 3}


class PromotionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=400)
    page = PageLinkChooserBlock(label=_("Page"))
    link_text = blocks.CharBlock(label=_("Link text"), max_length=80)
    image = PictureBlock(label=_("Picture"), required=False)

    class Meta:
        icon = "pick"
        template = "core/blocks/promotion.html"
        label = _("Promotion")
        description = _("A page to feature (careers, a video transcript), with a picture")


class QuizBlock(blocks.StaticBlock):
    class Meta:
        icon = "help"
        template = "core/blocks/quiz.html"
        label = _("Fact or Fiction quiz")
        admin_text = _("The page's quiz statement, or the newest active one.")
        description = _("The Fact or Fiction quiz")


class HomeBlock(BodyBlock):
    hero = HeroBlock()
    threat_level = ThreatLevelCardBlock()
    signposts = SignpostsBlock()
    latest_news = LatestNewsBlock()
    promotion = PromotionBlock()
    quiz = QuizBlock()

    class Meta:
        # The hero holds the page's only main heading.
        block_counts = {"hero": {"max_num": 1}}
