"""Site-wide models: the home page, the generic content page and site settings."""

import copy
import datetime
import os
import secrets
from http import HTTPMethod

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Page,
    PageViewRestriction,
    Site,
    TaskState,
    WorkflowPage,
)
from wagtail.search import index
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.indexing import stems_field_value
from search.kinds import SearchKind
from serving import shown_on_every_page
from serving.process import kept
from serving.shared import limit_query_to

from .blocks import BodyBlock, LinkBlock, load_choices
from .choosing import refuse_what_the_user_may_not_choose
from .editor_input import VisibleTextForm, refuse_text_that_shows_nothing, reserved_slug_error
from .home_blocks import HomeBlock
from .permissions import SitePagePermissionTester
from .queries import public_live, view_restriction_may_apply
from .routing import find_page, page_for


def forget_choices_that_name_nothing(form):
    """Empty the chooser of each field whose posted value names nothing (a hand-made
    post's `abc`): Wagtail's chooser widgets look the value up to show it again, a 500,
    where the field's own error ("Select a valid choice") is what should show."""
    refused = [
        name
        for name in form.errors
        if isinstance(form.fields.get(name), forms.ModelChoiceField)
        and form.add_prefix(name) in form.data
    ]
    if refused:
        form.data = form.data.copy()
        for name in refused:
            form.data[form.add_prefix(name)] = ""


class PortalPageForm(WagtailAdminPageForm):
    def full_clean(self):
        super().full_clean()
        forget_choices_that_name_nothing(self)

    def is_valid(self):
        """The form and its inline rows (a role's related transcripts, a story's roles):
        each row chooses only what the editor may, as the form's own fields
        (`refuse_what_the_user_may_not_choose`); Wagtail validates the rows after the
        form's clean(), so they are checked here."""
        valid = super().is_valid()
        for formset in self.formsets.values():
            for row in formset.forms:
                cleaned = getattr(row, "cleaned_data", None)
                if not cleaned or cleaned.get("DELETE"):
                    continue
                # The row as stored: validating it put what was posted in its instance.
                model = type(row.instance)
                stored = (
                    model.objects.filter(pk=row.instance.pk).first() if row.instance.pk else None
                )
                refuse_what_the_user_may_not_choose(row, cleaned, user=self.for_user, stored=stored)
                if row.errors:
                    forget_choices_that_name_nothing(row)
                    valid = False
        return valid

    def clean(self):
        cleaned_data = super().clean()
        error = reserved_slug_error(self.parent_page, cleaned_data.get("slug"))
        if error:
            self.add_error("slug", error)
        refuse_text_that_shows_nothing(self, cleaned_data)
        refuse_what_the_user_may_not_choose(self, cleaned_data)
        self.refuse_an_expiry_the_user_may_not_set(cleaned_data)
        return cleaned_data

    def refuse_an_expiry_the_user_may_not_set(self, cleaned_data):
        """An expiry date unpublishes the page when it comes (publish_scheduled): it is
        for those who may unpublish it (a fixed section's are administrators',
        core.permissions), or an approver's expiry could take the home page away."""
        expire_at = cleaned_data.get("expire_at")
        user = getattr(self, "for_user", None)
        if expire_at is None or user is None or not self.instance.pk:
            return
        # Compared with the page as it stands, not the form's instance: reverting to an
        # earlier version hands the form that version, expiry and all.
        standing = Page.objects.filter(pk=self.instance.pk).values_list("expire_at", flat=True)
        if expire_at == standing.first():
            return
        if not self.instance.permissions_for_user(user).can_unpublish():
            self.add_error(
                "expire_at",
                _(
                    "Only those who may unpublish this page can give it an expiry date, as "
                    "it would unpublish it: an approver, or an administrator for the "
                    "site's fixed sections."
                ),
            )


class PortalCopyForm(CopyForm):
    """Wagtail's Copy form with the page's own limits: its new title and slug fit their
    columns (Wagtail's fields have no length, so a long title was a 500 when the copy was
    saved), and the slug is not one of the site's own addresses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, column in (("new_title", "title"), ("new_slug", "slug")):
            field = self.fields[name]
            field.max_length = Page._meta.get_field(column).max_length
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs["maxlength"] = str(field.max_length)

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        error = reserved_slug_error(parent, cleaned_data.get("new_slug"))
        if error:
            self.add_error("new_slug", error)
        refuse_text_that_shows_nothing(self, cleaned_data)
        return cleaned_data


# What Wagtail's save_revision() writes to a page's row: which revision is the latest,
# when it was made, and its comments. What the page shows stays as it was.
REVISION_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
    }
)


def records_a_revision_only(update_fields):
    """Whether a save of these fields (None: all) only records a revision."""
    return update_fields is not None and frozenset(update_fields) <= REVISION_FIELDS


class BasePage(Page):
    """What every page of the portal shares: a summary for listings, search and SEO."""

    # Indexed for search by search.signals, which leaves out the saves that only record a
    # revision; Wagtail's own receiver indexes the page again after every save.
    search_auto_update = False

    # Pages are only read: the forms on them post to views of their own (the quiz, the
    # report form). Any other method is a 405 naming these, answered before anything
    # reads the body (core.views.serve_page).
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=300,
        help_text=_("One or two sentences, shown in listings and search results."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        # Stems of all the other fields' words, which search compares (search.text).
        index.SearchField("search_stems"),
    ]
    # What search results call a page of this type, and filter it by (search.kinds).
    search_kind = SearchKind("page", _("Page"), _("Pages"))
    content_panels = Page.content_panels + [FieldPanel("summary")]
    base_form_class = PortalPageForm
    copy_form_class = PortalCopyForm
    # The query parameters this page type reads; the page cache drops any other.
    query_params = ()
    # Said after the title in the window's title, search engines and shares, where a page
    # of another type bears the same one (a role profile, and its video's transcript).
    title_note = ""

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        if self.alias_of_id:  # the page it copies is listed; search engines want one
            return []
        # Dated by what the page shows, not by its own publication alone.
        changed = self.content_changed_at()
        return [{**url, "lastmod": changed} for url in super().get_sitemap_urls(request)]

    def pages_shown(self):
        """The pages this one lists, whose publication changes it: its children."""
        return self.get_children() if self.numchild else None

    def content_changed_at(self):
        """When what the page shows last changed, for the sitemap: its own publication,
        the newest of `pages_shown()`, and what each `page_content_changed_at` hook
        returns for it (the threat level, on the pages that feature it)."""
        from wagtail import hooks

        dates = [self.last_published_at or self.latest_revision_created_at]
        if (shown := self.pages_shown()) is not None:
            dates.append(public_live(shown).aggregate(newest=Max("last_published_at"))["newest"])
        dates += [fn(self) for fn in hooks.get_hooks("page_content_changed_at")]
        return max(filter(None, dates), default=None)

    @property
    def full_title(self):
        """The title as windows, search engines and shares show it: the SEO title, or
        the title with its type's note."""
        if self.seo_title:
            return self.seo_title
        return f"{self.title} ({self.title_note})" if self.title_note else self.title

    def permissions_for_user(self, user):
        return SitePagePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        limit_query_to(request, self.query_params)
        return super().serve(request, *args, **kwargs)

    def clean(self):
        super().clean()
        error = reserved_slug_error(self.get_parent() if self.path else None, self.slug)
        if error:
            raise ValidationError({"slug": error})

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def search_stems(self):
        return stems_field_value(self)

    def save(self, *args, **kwargs):
        if records_a_revision_only(kwargs.get("update_fields")):
            # Wagtail's reference index would read the page's content again, as it was:
            # one of the three times a page built and published was indexed
            # (search.signals leaves such saves out of the search index too).
            with disable_reference_index_auto_update():
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    @classmethod
    def routing_queryset(cls):
        """How the router fetches a page of this type: add what its template needs."""
        return cls.objects.all()

    def get_workflow(self):
        """Wagtail's rule, except that a workflow on a site's home page reviews the home
        page alone: below it, only a workflow on a section or deeper applies, so sections
        without one keep publishing directly. (Wagtail lets a page's workflow cover its
        whole subtree and has no way to stop that at a page.)"""
        if self.depth <= 2 or hasattr(self, "workflowpage"):
            return super().get_workflow()
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        nearest = (
            WorkflowPage.objects.filter(
                page__in=self.get_ancestors().filter(depth__gt=2), workflow__active=True
            )
            .select_related("workflow")
            .order_by("-page__depth")
            .first()
        )
        return nearest.workflow if nearest else None

    @property
    def has_workflow(self):
        # Wagtail's asks its own question of the ancestors: the same rule as above.
        return self.get_workflow() is not None

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        """Wagtail's autosave overwrites the editor's latest revision, and Wagtail checks
        only that it is theirs and the latest. One that went live, or was submitted for
        review, is the record of what was published or approved (the history still says
        so): an edit then becomes a new revision, and the save carries on."""
        if overwrite_revision is not None and (
            overwrite_revision.pk == self.live_revision_id
            or TaskState.objects.filter(revision=overwrite_revision).exists()
        ):
            overwrite_revision = None
        return super().save_revision(*args, overwrite_revision=overwrite_revision, **kwargs)

    def get_view_restrictions(self):
        # The router (core.routing) found out whether any restriction could apply.
        if getattr(self, "view_restriction_may_apply", None) is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    """The site root, made of blocks editors arrange (core.home_blocks). It routes every
    URL below it in one look-up (core.routing)."""

    body = StreamField(HomeBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "careers.CareersIndexPage",
        "news.NewsIndexPage",
        "news.VideoTranscriptIndexPage",
        "threats.MissionPage",
        "threats.ThreatLevelsPage",
        "reports.ReportPage",
        "about.AboutPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        # Every page and picture the blocks choose, in one query each (core.blocks).
        load_choices(self.body)
        return super().get_context(request, *args, **kwargs)

    def pages_shown(self):
        # The latest news and the way to every section: any page below it.
        return self.get_descendants()

    @property
    def has_hero(self):
        """Whether a hero block gives the page its main heading."""
        return any(block.block_type == "hero" for block in self.body)

    def route(self, request, path_components):
        if path_components:
            page = find_page(self, path_components, request)
            if page is not None:
                return page.route(request, [])
        elif self.get_deferred_fields():  # routed from its tree fields alone (core.routing)
            home = page_for({"pk": self.pk, "content_type_id": self.content_type_id})
            return super(HomePage, home).route(request, [])
        else:
            self.view_restriction_may_apply = view_restriction_may_apply(
                self.path, self.alias_of_id
            )
        # Anything else (a 404, a route a page defines itself) goes the usual way.
        return super().route(request, path_components)


class ContentPage(BasePage):
    """A page in the shared content layout: the article beside a sidebar.

    Standard, threat category, article, transcript, role profile and staff story
    pages inherit from this.
    """

    quiz_statement = models.ForeignKey(
        "quiz.FactOrFiction",
        verbose_name=_("Fact or Fiction statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in this page's sidebar while it is active. Leave empty for the newest one."
        ),
    )

    # Only for those who may choose a statement (its chooser answers them alone).
    settings_panels = BasePage.settings_panels + [
        FieldPanel("quiz_statement", permission="quiz.view_factorfiction")
    ]

    class Meta:
        abstract = True


class StandardPage(ContentPage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = ContentPage.content_panels + [FieldPanel("body")]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class KeptSetting(BaseGenericSetting):
    """A settings row every page reads, kept for the cache generation (serving.process):
    each `load()` hands out its own copy of the kept row, so that nothing set on it
    during one request reaches another. A change to the row starts a new generation
    (`@serving.shown_on_every_page` on each subclass), so the next request reads it
    afresh.
    """

    # Its text fields refuse text that shows nothing (a site name of "\u200b").
    base_form_class = VisibleTextForm

    class Meta:
        abstract = True

    @classmethod
    def load(cls, request_or_site=None):
        load = super().load
        # Where nothing is kept, Wagtail keeps the row on the request for the request.
        row = kept(("setting", cls._meta.label_lower), lambda: load(request_or_site))
        return copy.copy(row)


phone_number_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{1,30}$",
    _("Enter a phone number using digits, spaces and an optional leading +."),
)


class SiteSettingsForm(VisibleTextForm):
    """The site settings: the security contact (security.txt) needs a page or an email
    address, and a date until which it holds, which RFC 9116 asks to be at most a year
    ahead. A date that has passed is refused only when it is the one being typed: the
    hotline number must stay changeable the day the security contact expires."""

    def clean(self):
        cleaned_data = super().clean()
        page = cleaned_data.get("security_contact_page")
        email = cleaned_data.get("security_contact_email")
        expires = cleaned_data.get("security_txt_expires")
        if (page or email) and expires is None and "security_txt_expires" not in self.errors:
            self.add_error(
                "security_txt_expires", _("Give the date until which the contact holds.")
            )
        if expires is not None and not (page or email or "security_contact_email" in self.errors):
            self.add_error(
                "security_contact_page",
                _("Choose a page, or give an email address, or clear the date."),
            )
        if expires is not None and "security_txt_expires" in self.changed_data:
            today = timezone.localdate()
            if expires <= today:
                self.add_error("security_txt_expires", _("Give a date after today."))
            elif expires > today + datetime.timedelta(days=366):
                self.add_error("security_txt_expires", _("Give a date at most a year ahead."))
        return cleaned_data


# The demo's site name (earlier versions: "MI5 - The Security Service").
SITE_NAME = "MI5 The Security Service"


@shown_on_every_page
@register_setting(icon="site")
class SiteSettings(KeptSetting):
    site_name = models.CharField(
        _("site name"),
        max_length=100,
        default=SITE_NAME,
        help_text=_(
            "Shown on every page, and as the site's name in the admin. The header shows "
            "its first word large and the rest below it."
        ),
    )
    emergency_text = models.CharField(
        _("emergency text"),
        max_length=200,
        default="In an emergency, or if there is an imminent threat, call",
        help_text=_("Shown at the very top of every page, before the emergency number."),
    )
    emergency_number = models.CharField(
        _("emergency number"),
        max_length=32,
        default="999",
        validators=[phone_number_validator],
    )
    hotline_label = models.CharField(
        _("hotline name"), max_length=100, default="Anti-Terrorist Hotline"
    )
    hotline_number = models.CharField(
        _("hotline number"),
        max_length=32,
        default="0800 789 321",
        validators=[phone_number_validator],
    )
    hotline_short_label = models.CharField(
        _("hotline's short name"),
        max_length=20,
        blank=True,
        default="Hotline",
        help_text=_(
            "On phones the strip shows the two numbers as buttons, and this name on the "
            "hotline's (the full name is still read out by screen readers). Leave empty "
            "to show the number alone."
        ),
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("footer links"))
    # /.well-known/security.txt (RFC 9116: core.views.security_txt); none without a contact.
    security_contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page on reporting a vulnerability"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Where someone who finds a security flaw in this website learns how to tell us."
        ),
    )
    security_contact_email = models.EmailField(
        _("email address for reporting a vulnerability"), blank=True
    )
    security_txt_expires = models.DateField(
        _("security contact valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The contact is published as current until the end of this day: at most a year "
            "ahead. Set a new date before it comes."
        ),
    )

    base_form_class = SiteSettingsForm

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel(
            [
                FieldPanel("emergency_text"),
                FieldPanel("emergency_number"),
                FieldPanel("hotline_label"),
                FieldPanel("hotline_number"),
                FieldPanel("hotline_short_label"),
            ],
            heading=_("Emergency strip"),
        ),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [
                FieldPanel("security_contact_page"),
                FieldPanel("security_contact_email"),
                FieldPanel("security_txt_expires"),
            ],
            heading=_("Security contact"),
            help_text=_(
                "Published at /.well-known/security.txt, where security researchers look "
                "for whom to tell about a flaw they found. Without a page or an email "
                "address, that address is not found."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            name_sites(self.site_name)


def name_sites(name):
    """Give every Site the settings' name. The admin names a site by Site.site_name (the
    dashboard heading, the page explorer), or by its host name when that is blank; the
    settings are generic, one name for every site, as the pages show."""
    for site in Site.objects.exclude(site_name=name):
        site.site_name = name
        # Saved one by one, not updated in bulk: Wagtail's own Site signals then run.
        site.save(update_fields=["site_name"])


def name_unnamed_site(sender, instance, raw=False, **kwargs):
    """pre_save on Site (core.apps): a site saved without a name takes the settings' one
    (the fallback before any settings row exists)."""
    if raw or instance.site_name:
        return
    row = SiteSettings.objects.only("site_name").first()
    instance.site_name = row.site_name if row else settings.PORTAL_FALLBACK["site_name"]


def name_each_upload_once(sender, instance, raw=False, **kwargs):
    """pre_save on the image model (core.apps): a new file's name takes a random part.

    A rendition is named after its original's file, filter and focal point, and nginx lets
    browsers and the CDN keep it a year (deploy/nginx/portal.conf). Storage reuses a name
    freed when a file is replaced or deleted, so a later upload named as an earlier one
    ("green.jpg") got the very rendition addresses the earlier had, kept everywhere with
    the earlier picture behind them (found by an editors' probe). With a part no upload
    shares, a name, and every rendition's, serves one picture only."""
    upload = instance.file
    if raw or not upload or getattr(upload, "_committed", True):
        return
    folder, name = os.path.split(upload.name)
    stem, extension = os.path.splitext(name)
    upload.name = os.path.join(folder, f"{stem[:60]}.{secrets.token_hex(4)}{extension}")
