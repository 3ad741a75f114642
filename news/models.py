"""Articles, blog posts, speeches and video transcripts."""

import datetime
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models.functions import ExtractYear, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.filters import Filter, title_detail
from core.models import BasePage, ContentPage, SiteSettings
from core.pagination import page_number, page_of
from core.queries import LINK_FIELDS, public_live
from core.seo import json_ld, organization
from editorial.review import Reviewed
from search.kinds import SearchKind
from serving import shown_on_every_page
from serving.process import kept, kept_among

from .blocks import ArticleBodyBlock, TranscriptBlock

# How many related articles an article lists, and how many of the latest news beside it.
RELATED_LIMIT = 3
LATEST_BESIDE = 3

INTRO_FEATURES = ["bold", "italic", "link"]


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    BLOG = "blog", _("Blog post")
    SPEECH = "speech", _("Speech")


# The headings of the kind filter and of the per-kind feeds.
KIND_PLURALS = {
    ArticleKind.NEWS: _("News"),
    ArticleKind.BLOG: _("Blog posts"),
    ArticleKind.SPEECH: _("Speeches"),
}


def year_of(date_field):
    """The year of a date column, as SQL.

    On SQLite, Django's ExtractYear calls back into Python for every row (14 of the 21 ms
    the year counts took at 10,000 articles); SQLite stores dates as ISO text, so the
    year is their first four characters there.
    """
    if connection.vendor == "sqlite":
        return Substr(date_field, 1, 4)
    return ExtractYear(date_field)


# What a card or a link to an article shows.
CARD_FIELDS = (*LINK_FIELDS, "published_date", "kind", "summary", "image", "image_alt_text")


class ArticleQuerySet(PageQuerySet):
    """Only live, public articles whose published date has come are ever listed: drafts,
    pages behind a view restriction and articles dated in the future stay out.

    The methods that keep their result (year_counts, newest) are keyed by their arguments
    alone: call them on the manager, never on a filtered queryset."""

    def published(self, *, kind=None, year=None):
        """Published articles, newest first, optionally of one kind or from one year."""
        articles = self.filter(published_date__lte=timezone.localdate())
        if kind:
            articles = articles.filter(kind=kind)
        if year:
            articles = articles.filter(published_date__year=year)
        return (
            public_live(articles)
            .defer_streamfields()
            .order_by("-published_date", "-first_published_at", "-pk")
        )

    def cards(self):
        """Only what a card or a link shows (listings' templates read nothing more): a
        narrower query and lighter pages, about 0.3 ms less per listing with both caches
        off."""
        return self.only(*CARD_FIELDS)

    def year_counts(self, *, kind=None):
        """(year, number of published articles) for every year that has any, newest
        first. Kept for the generation: with thousands of articles this is the news
        index's dearest query."""

        def count():
            rows = (
                self.published(kind=kind)
                .order_by()
                .values(year=year_of("published_date"))
                .annotate(count=models.Count("pk"))
                .order_by("-year")
            )
            return [(int(row["year"]), row["count"]) for row in rows]

        return kept(("article-year-counts", kind), count)

    def newest(self, limit=3, *, pictures=False):
        """The newest published articles of every kind (one query, kept for the generation);
        with `pictures`, their images and renditions too (two more).

        (Not `latest()`: that name is Django's own QuerySet method.)"""

        def newest():
            articles = self.published().cards()
            if pictures:
                articles = articles.select_related("image").prefetch_related("image__renditions")
            return list(articles[:limit])

        return kept(("latest-news", limit, pictures), newest)

    def beside_room(self):
        """The newest articles the latest news beside an article picks from: room for
        the LATEST_BESIDE it lists and every one it skips (one kept list)."""
        return self.newest(LATEST_BESIDE + 1 + RELATED_LIMIT)

    def listed_beside(self, skipped=()):
        """The latest news beside an article: the newest LATEST_BESIDE articles but those
        `skipped` (the article itself, its related articles), which the reader has in
        front of them already."""
        return [a for a in self.beside_room() if a.pk not in skipped][:LATEST_BESIDE]

    def skipped_beside(self, pks):
        """Those of `pks` that the latest news beside an article could list (so must
        skip): what the list depends on, besides the generation."""
        room = {article.pk for article in self.beside_room()}
        return tuple(sorted(pk for pk in set(pks) if pk in room))

    def dated_ahead(self):
        """Articles whose published date has not come: listed nowhere until it does."""
        return self.filter(published_date__gt=timezone.localdate())

    def next_listed_at(self):
        """The moment the next future-dated article starts being listed (the start of
        its published date, local time), or None: pages listing articles must not be
        kept past it."""
        upcoming = (
            public_live(self.dated_ahead())
            .order_by("published_date")
            .values_list("published_date", flat=True)
            .first()
        )
        if upcoming is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(upcoming, datetime.time.min))


class NewsIndexPage(Reviewed, BasePage):
    query_params = ("kind", "year", "page")
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.NewsArticlePage"]

    per_page = 10

    class Meta:
        verbose_name = _("news index page")

    @staticmethod
    def parse_filters(params):
        """The kind and year asked for in the query string; Http404 for values that name none."""
        kind = params.get("kind", "")
        if kind and kind not in ArticleKind.values:
            raise Http404("Unknown kind of article")
        year = params.get("year", "")
        # Four digits, from 1000 on ("0000" would read as no year at all).
        if year and not (len(year) == 4 and year.isascii() and year.isdigit() and year[0] != "0"):
            raise Http404("Not a year")
        return kind or None, int(year) if year else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind, year = self.parse_filters(request.GET)
        number = page_number(request.GET.get("page"))
        year_counts = NewsArticlePage.objects.year_counts(kind=kind)
        if year is not None:
            # Years of news, any kind: a year outside them is no listing (?year=1900).
            every_kind = year_counts if kind is None else NewsArticlePage.objects.year_counts()
            if not any(y == year for y, _n in every_kind) and not (
                every_kind and every_kind[-1][0] <= year <= timezone.localdate().year
            ):
                raise Http404("No news that year")

        def articles_page():
            # The listing shows each image: fetched with its article, renditions in one query.
            articles = NewsArticlePage.objects.published(kind=kind, year=year).cards()
            articles = articles.select_related("image").prefetch_related("image__renditions")
            paginator = Paginator(articles, self.per_page)
            # The counts per year give the total too: one query fewer than paginator.count.
            paginator.count = sum(n for y, n in year_counts if year is None or y == year)
            return page_of(paginator, number)

        context.update(
            articles=kept_among("news-index", (self.pk, kind, year, number), articles_page),
            kind=kind,
            kind_label=KIND_PLURALS[kind] if kind else "",
            year=year,
            filters=[
                Filter(
                    "kind",
                    _("Show"),
                    _("All kinds"),
                    [(value, KIND_PLURALS[value]) for value in ArticleKind.values],
                    kind or "",
                ),
                Filter(
                    "year",
                    _("Year"),
                    _("All years"),
                    # The chosen year stays on offer even when this kind has nothing in it.
                    [
                        (str(y), str(y))
                        for y in sorted(
                            {y for y, _n in year_counts} | ({year} if year else set()),
                            reverse=True,
                        )
                    ],
                    str(year or ""),
                ),
            ],
        )
        context["title_detail"] = title_detail(
            *[f.chosen_label for f in context["filters"]], page=context["articles"]
        )
        return context


# The latest news shows beside every content page and on the home page.
@shown_on_every_page
class NewsArticlePage(Reviewed, ContentPage):
    """A news article, blog post or speech: the kind says which."""

    objects = PageManager.from_queryset(ArticleQuerySet)()
    # A copy is a new article: dated when it is first published, not on its original's
    # day (a copy published at once would otherwise keep its first publication time).
    exclude_fields_in_copy = ["published_date", "first_published_at"]

    published_date = models.DateField(
        _("published date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "The date shown on the article. Left empty, it becomes the day it is first "
            "published. A date in the future keeps it out of listings, feeds and the "
            "sitemap until that day, but the article is live: to keep it unseen until "
            "then, set a go-live date instead."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(
        _("image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    speaker = models.CharField(_("speaker"), max_length=120, blank=True)
    speaker_role = models.CharField(_("speaker's role"), max_length=120, blank=True)
    delivered_at = models.CharField(
        _("where delivered"), max_length=200, blank=True, help_text=_("The venue and town.")
    )
    delivered_on = models.DateField(_("date delivered"), null=True, blank=True)

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("published_date")],
            heading=_("Kind and date"),
        ),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt_text")],
            heading=_("Image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("speaker"),
                FieldPanel("speaker_role"),
                FieldPanel("delivered_at"),
                FieldPanel("delivered_on"),
            ],
            heading=_("Speech"),
            help_text=_("Only for speeches."),
        ),
        InlinePanel(
            "related_article_links",
            label=_("Related articles"),
            max_num=RELATED_LIMIT,
            help_text=_(
                "Left empty, the three latest articles of the same kind are shown, but "
                "not those the latest news beside them lists already."
            ),
        ),
    ]
    search_date_field = "published_date"
    search_kind_field = "kind"
    search_kinds = {
        ArticleKind.NEWS: SearchKind("news", _("News article"), _("News articles")),
        ArticleKind.BLOG: SearchKind("blog", _("Blog post"), _("Blog posts")),
        ArticleKind.SPEECH: SearchKind("speech", _("Speech"), _("Speeches")),
    }
    search_fields = ContentPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("speaker"),
        index.FilterField("kind"),
        index.FilterField("published_date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    related_limit = RELATED_LIMIT

    @classmethod
    def routing_queryset(cls):
        return super().routing_queryset().select_related("image")

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt_text.strip():
            errors["image_alt_text"] = _("Describe the image for people who cannot see it.")
        if self.kind == ArticleKind.SPEECH and not self.speaker.strip():
            errors["speaker"] = _("Name who gave the speech.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Filled in on publication so listings and feeds always have a date to sort by:
        # the day it was first published (a date cleared later takes that day again).
        if self.published_date is None and self.live:
            self.published_date = timezone.localdate(self.first_published_at or timezone.now())
        return super().save(*args, **kwargs)

    @property
    def date_shown(self):
        """Its date; before its first publication (a preview, a draft), the day it takes
        if published today."""
        return self.published_date or timezone.localdate()

    def get_sitemap_urls(self, request=None):
        # Dated ahead, it stays out of the sitemap as of the listings, until its day (the
        # sitemap is retired then: serving_next_content_change).
        if self.published_date and self.published_date > timezone.localdate():
            return []
        return super().get_sitemap_urls(request)

    @property
    def is_speech(self):
        return self.kind == ArticleKind.SPEECH

    def related_articles(self):
        """The chosen related articles, or else the latest of the same kind that the
        latest news beside them does not list already (one query; the latest news is read
        for the page anyway). The latest news skips chosen ones in its turn."""
        beside = [article.pk for article in NewsArticlePage.objects.listed_beside({self.pk})]
        links = NewsArticleRelatedLink.objects.filter(page=self.pk)
        chosen_order = links.filter(article=models.OuterRef("pk")).values("sort_order")[:1]
        # The newest of the same kind in a subquery of their own, so that the database
        # reads a few rows down the date index rather than sorting every article of the
        # kind (12 ms against 3.7 ms at 10,000 articles on SQLite).
        newest = (
            NewsArticlePage.objects.published()
            .filter(kind=self.kind)
            .exclude(pk__in=[self.pk, *beside])
            .order_by("-published_date", "-pk")
            .values("pk")[: self.related_limit]
        )
        # Chosen ones sort first: if there are any, the first few are all chosen.
        candidates = (
            NewsArticlePage.objects.published()
            .cards()
            .exclude(pk=self.pk)
            .filter(models.Q(pk__in=links.values("article")) | models.Q(pk__in=newest))
            .annotate(chosen_order=models.Subquery(chosen_order))
            .order_by(models.F("chosen_order").asc(nulls_last=True), "-published_date", "-pk")[
                : self.related_limit
            ]
        )
        candidates = list(candidates)
        chosen = [article for article in candidates if article.chosen_order is not None]
        return chosen or candidates

    def structured_data(self, request=None):
        """schema.org data for search engines: a news article, a blog post, or a speech
        (an article); by the organisation, with its emblem."""
        site_name = SiteSettings.load(request_or_site=request).site_name
        url = self.get_full_url(request)
        organisation = organization(site_name, urljoin(url, "/"))
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting"
            if self.kind == ArticleKind.BLOG
            else ("NewsArticle" if self.kind == ArticleKind.NEWS else "Article"),
            "headline": self.title,
            "description": self.summary,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": self.published_date.isoformat() if self.published_date else None,
            "dateModified": timezone.localtime(self.last_published_at).isoformat()
            if self.last_published_at
            else None,
            "author": organisation,
            "publisher": organisation,
        }
        return json_ld({key: value for key, value in data.items() if value})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = kept_among("related-articles", self.pk, self.related_articles)
        context["article_json"] = self.structured_data(request)
        return context


class NewsArticleRelatedLink(Orderable):
    page = ParentalKey(
        NewsArticlePage, on_delete=models.CASCADE, related_name="related_article_links"
    )
    article = models.ForeignKey(
        NewsArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="related_from_links",
    )

    panels = [PageChooserPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


class VideoTranscriptIndexPage(BasePage):
    query_params = ("page",)
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.VideoTranscriptPage"]

    per_page = 20

    class Meta:
        verbose_name = _("video transcripts index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = page_number(request.GET.get("page"))

        def transcripts_page():
            transcripts = (
                public_live(VideoTranscriptPage.objects.child_of(self))
                .defer_streamfields()
                .order_by("-first_published_at", "-pk")
            )
            return page_of(Paginator(transcripts, self.per_page), number)

        context["transcripts"] = kept_among("transcript-index", (self.pk, number), transcripts_page)
        context["title_detail"] = title_detail(page=context["transcripts"])
        return context


class VideoTranscriptPage(ContentPage):
    speakers = models.CharField(
        _("speakers"),
        max_length=255,
        blank=True,
        help_text=_("Who speaks in the video, with their roles."),
    )
    duration = models.DurationField(
        _("duration"),
        null=True,
        blank=True,
        help_text=_("The video's length as hours:minutes:seconds, for example 00:04:30."),
    )
    video_url = models.URLField(
        _("video address"),
        blank=True,
        help_text=_("Where the video can be watched. The transcript page never embeds it."),
    )
    transcript = StreamField(TranscriptBlock(), blank=True, verbose_name=_("transcript"))

    content_panels = ContentPage.content_panels + [
        FieldPanel("speakers"),
        FieldPanel("duration"),
        FieldPanel("video_url"),
        FieldPanel("transcript"),
        InlinePanel("related_page_links", label=_("Related pages")),
    ]
    search_kind = SearchKind("transcript", _("Video transcript"), _("Video transcripts"))
    title_note = _("video transcript")
    search_fields = ContentPage.search_fields + [
        index.SearchField("speakers"),
        index.SearchField("transcript"),
    ]

    parent_page_types = ["news.VideoTranscriptIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("video transcript")

    # A video's length shown as it was typed: "-1:00" or a century were taken.
    LONGEST_VIDEO = datetime.timedelta(hours=24)

    def clean(self):
        super().clean()
        if self.duration is not None and not (
            datetime.timedelta(seconds=1) <= self.duration <= self.LONGEST_VIDEO
        ):
            raise ValidationError(
                {
                    "duration": _(
                        "Give the video's length, between one second and 24 hours, as "
                        "hours:minutes:seconds (for example 00:04:30)."
                    )
                }
            )

    @property
    def duration_minutes_seconds(self):
        """'4:30' for four and a half minutes; hours folded into minutes."""
        if self.duration is None:
            return ""
        minutes, seconds = divmod(int(self.duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"

    def related_pages(self):
        """The chosen related pages that are live and public, in the editor's order."""
        pages = Page.objects.filter(video_transcript_links__transcript=self.pk)
        return list(public_live(pages).order_by("video_transcript_links__sort_order"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = kept_among(
            "transcript-related-pages", self.pk, self.related_pages
        )
        return context


class VideoTranscriptRelatedPage(Orderable):
    transcript = ParentalKey(
        VideoTranscriptPage, on_delete=models.CASCADE, related_name="related_page_links"
    )
    linked_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="video_transcript_links",
    )

    panels = [PageChooserPanel("linked_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
