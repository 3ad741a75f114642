"""What editors keep for search (synonyms, starting points) and the vocabulary it suggests
corrections from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from core.editor_input import VisibleTextForm
from core.home_blocks import SignpostBlock
from core.models import KeptSetting
from serving import shown_on_every_page

from .text import words


@shown_on_every_page
class Synonym(models.Model):
    """A word people type, and the words pages use for it: "jobs" → "careers roles"."""

    word = models.CharField(
        _("word people type"),
        max_length=60,
        unique=True,
        help_text=_("One word, for example “jobs”."),
    )
    means = models.CharField(
        _("words pages use"),
        max_length=200,
        help_text=_("One or more words, separated by spaces, for example “careers roles”."),
    )

    base_form_class = VisibleTextForm
    panels = [FieldPanel("word"), FieldPanel("means")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.word} → {self.means}"

    def clean(self):
        typed = words(self.word)
        if len(typed) != 1:
            raise ValidationError({"word": _("Enter one word of letters or digits.")})
        self.word = typed[0]
        meant = [word for word in words(self.means) if word != self.word]
        if not meant:
            raise ValidationError({"means": _("Enter at least one other word.")})
        self.means = " ".join(dict.fromkeys(meant))
        # Stored as compared, which can be longer than typed ("ﬃ" is "ffi"): it must fit.
        for name in ("word", "means"):
            limit = self._meta.get_field(name).max_length
            if len(getattr(self, name)) > limit:
                raise ValidationError(
                    {
                        name: _("Too long once written out: at most %(limit)s letters.")
                        % {"limit": limit}
                    }
                )


@shown_on_every_page
@register_setting(icon="search")
class SearchSettings(KeptSetting):
    starting_points = StreamField(
        [("page", SignpostBlock())],
        blank=True,
        verbose_name=_("starting points"),
        help_text=_(
            "Pages the search page offers before anything is typed, and where a search "
            "finds nothing, in this order. "
            "A page that is not published, or is private, is left out."
        ),
    )

    panels = [FieldPanel("starting_points")]

    class Meta:
        verbose_name = _("search")


class SearchEntry(models.Model):
    """What search keeps of a live, public page (search.vocabulary): its words and their
    stems, and what its result shows."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="search_entry")
    words = models.TextField(blank=True)
    # Their stems, which ranking compares for the first results (search.query.rank_again).
    stems = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    # The page's own date (`search_date_field`), where its type has one.
    date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"search entry of page {self.page_id}"


class Word(models.Model):
    """A word of the live, public pages, and how many pages have it."""

    word = models.CharField(max_length=100, unique=True)
    pages = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word
