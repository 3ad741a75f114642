"""The "Who we are" section: the about page and the pages under it, and the FAQ page."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import ContentPage
from core.queries import NAVIGATION_FIELDS, public_live, top_level_pages
from core.seo import json_ld
from serving.process import kept_among

from .blocks import AboutBodyBlock, FAQBlock, FAQBodyBlock
from .text import expand_together

# A question's heading sits one level below the heading that groups it.
DEEPER = {"h2": "h3", "h3": "h4"}
ANCHOR_PREFIX = "faq-"
ANCHOR_LENGTH = 60


def section_of(page, request=None):
    """The top-level page `page` stands in (itself, for a top-level page), or None.
    It costs no query: the top-level pages are what the navigation has loaded."""
    path = getattr(page, "path", None)
    home, children = top_level_pages(request)
    if not path or home is None or not path.startswith(home.path) or page.pk == home.pk:
        return None
    section_path = path[: len(home.path) + Page.steplen]
    section = next((child for child in children if child.path == section_path), None)
    if section is None and page.depth == home.depth + 1:
        return page  # not live yet: an editor's preview of the section page itself
    return section


def listed_children(page):
    """The live, public pages under `page`, in the editors' order, each with its `summary`:
    one query, where loading them in their own types costs one more for each type."""
    summaries = [F(f"{model._meta.model_name}__summary") for model in (AboutPage, FAQPage)]
    pages = public_live(Page.objects.child_of(page)).only(*NAVIGATION_FIELDS)
    summary = Coalesce(*summaries, Value(""), output_field=TextField())
    return list(pages.annotate(summary=summary).order_by("path"))


class SectionPage(ContentPage):
    """What every page of the section shares: its navigation, and links to its children."""

    class Meta:
        abstract = True

    def section_pages(self, request=None):
        """(the section's page, its children), or (None, []) outside a section."""
        section = section_of(self, request)
        if section is None:
            return None, []
        children = kept_among("about-section", section.pk, lambda: listed_children(section))
        return section, children

    def signposts(self, section, section_children):
        """The pages under this one, each with its summary."""
        if section is not None and section.pk == self.pk:
            return section_children  # the section's own children: read already
        if not self.numchild:
            return []
        return kept_among("about-signposts", self.pk, lambda: listed_children(self))

    def section_navigation(self, section, children):
        """[{page, current}] for the section and its children: `current` is "page" for
        this page, "true" for the child this page stands under, else ""."""
        if section is None:
            return []
        items = []
        for item in [section, *children]:
            if item.pk == self.pk:
                current = "page"
            elif item.pk != section.pk and self.path.startswith(item.path):
                current = "true"
            else:
                current = ""
            items.append({"page": item, "current": current})
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        section, children = self.section_pages(request)
        context.update(
            section_navigation=self.section_navigation(section, children),
            signposts=self.signposts(section, children),
        )
        return context


class AboutPage(SectionPage):
    """The "Who we are" section page, and the pages under it (history, oversight)."""

    body = StreamField(AboutBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = ContentPage.content_panels + [FieldPanel("body")]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    parent_page_types = ["core.HomePage", "about.AboutPage"]
    subpage_types = ["about.AboutPage", "about.FAQPage"]

    class Meta:
        verbose_name = _("about page")
        verbose_name_plural = _("about pages")


def question_anchor(question, taken):
    """A readable, unique fragment for a question: "faq-" and its words."""
    base = ANCHOR_PREFIX + (
        slugify(question, allow_unicode=True)[:ANCHOR_LENGTH].strip("-") or "question"
    )
    anchor, number = base, 1
    while anchor in taken:
        number += 1
        anchor = f"{base}-{number}"
    taken.add(anchor)
    return anchor


class FAQPage(SectionPage):
    """Questions and answers, each a heading the list at the top links to."""

    body = StreamField(FAQBodyBlock(), blank=True, verbose_name=_("questions and answers"))

    content_panels = ContentPage.content_panels + [FieldPanel("body")]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    parent_page_types = ["about.AboutPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def faq_items(self):
        """[{block, level, anchor, answer}] for each block of the body: a question's heading
        is one level below the heading before it (h2 with none), and has an anchor of its
        own; its answer comes as HTML, all of them expanded together."""
        questions = [block for block in self.body if block.block_type == "question"]
        answers = iter(expand_together(block.value["answer"].source for block in questions))
        items, taken, level = [], set(), "h2"
        for block in self.body:
            if block.block_type == "heading":
                level = DEEPER.get(block.value["level"], "h4")
                items.append({"block": block, "level": None, "anchor": None, "answer": None})
            else:
                anchor = question_anchor(block.value["question"], taken)
                answer = next(answers)
                items.append({"block": block, "level": level, "anchor": anchor, "answer": answer})
        return items

    def faq_structured_data(self):
        """schema.org FAQPage data for the questions, or None without any."""
        questions = [
            FAQBlock.structured_data(block.value)
            for block in self.body
            if block.block_type == "question"
        ]
        if not questions:
            return None
        return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        data = self.faq_structured_data()
        items = self.faq_items()
        context.update(
            faq_items=items,
            faq_questions=[item for item in items if item["anchor"] is not None],
            faq_json=json_ld(data) if data else "",
        )
        return context
