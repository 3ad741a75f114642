"""Role profiles, staff stories and the careers index that lists them.

A role is open while its closing time is in the future (or it has none). Nothing
has to run at the closing time: every listing asks the database for roles whose
closing time is still ahead, and the role page compares it with the clock.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from core.editor_input import VisibleTextForm
from core.filters import Filter, title_detail
from core.models import BasePage, ContentPage, PortalPageForm, SiteSettings
from core.pagination import page_number, page_of
from core.permissions import SitePagePermissionTester
from core.queries import public_live
from core.seo import json_ld
from search.kinds import SearchKind
from serving import shown_on_every_page
from serving.process import kept, kept_among

from .blocks import ApplicationStepsBlock, StaffStoryBodyBlock

INTRO_FEATURES = ["bold", "italic", "link"]
ROLE_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CareerFilterOption(models.Model):
    """Something roles are filtered by on the careers page: a career area or a location."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Its name in the careers page address when roles are filtered by it."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    base_form_class = VisibleTextForm

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


# Career area and location names show on role pages and in the careers filters.
@shown_on_every_page
class CareerArea(CareerFilterOption):
    """A family of roles, such as "Technology" or "Business support"."""

    class Meta(CareerFilterOption.Meta):
        verbose_name = _("career area")
        verbose_name_plural = _("career areas")


@shown_on_every_page
class Location(CareerFilterOption):
    """A place where roles are based, such as "London"."""

    class Meta(CareerFilterOption.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")


class NameList(models.Aggregate):
    """Names joined by newlines (GROUP_CONCAT, STRING_AGG): a many-to-many in one column."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = models.TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, models.Value("\n"), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def filter_options():
    """(career areas, locations) as FilterOptions in name order, each saying whether
    open roles are listed under it, in one query (kept for the generation, which ends at
    the next closing time)."""
    fields = ("kind", "pk", "name", "slug", "has_roles")
    open_roles = RoleProfilePage.objects.open()
    areas = CareerArea.objects.order_by().annotate(
        kind=models.Value("area"),
        has_roles=models.Exists(public_live(open_roles.filter(career_area=models.OuterRef("pk")))),
    )
    places = Location.objects.order_by().annotate(
        kind=models.Value("location"),
        has_roles=models.Exists(public_live(open_roles.filter(locations=models.OuterRef("pk")))),
    )
    rows = areas.values_list(*fields).union(places.values_list(*fields), all=True)
    options = {"area": [], "location": []}
    for kind, *option in rows.order_by("kind", "name"):
        options[kind].append(FilterOption(*option))
    return options["area"], options["location"]


class FilterOption(NamedTuple):
    pk: int
    name: str
    slug: str
    has_roles: bool = True


class RoleQuerySet(PageQuerySet):
    """Only live, public roles are ever listed, and only while open: a role leaves the
    listings at its closing time because every query compares it with the clock."""

    def open(self):
        """Roles whose closing time is still ahead, or that have none."""
        return self.filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=timezone.now())
        )

    def closed(self):
        """Roles whose closing time has passed."""
        return self.filter(closes_at__lte=timezone.now())

    def with_location_names(self):
        """Each role with the names of its locations (`location_list`), in the same query."""
        through = RoleProfilePage.locations.through
        names = (
            through.objects.filter(roleprofilepage=models.OuterRef("pk"))
            .order_by()
            .values("roleprofilepage")
            .annotate(names=NameList("location__name"))
            .values("names")
        )
        return self.annotate(location_names=models.Subquery(names))

    def listed(self, *, area=None, location=None):
        """Open, public roles, closing soonest first (those without a closing time last),
        of one career area and location (or FilterOptions naming one), or of all."""
        roles = self.open().with_location_names()
        if area is not None:
            roles = roles.filter(career_area_id=area.pk)
        if location is not None:
            roles = roles.filter(locations__pk=location.pk)
        return (
            public_live(roles)
            .select_related("career_area")
            .defer_streamfields()
            .order_by(models.F("closes_at").asc(nulls_last=True), "title", "pk")
        )

    def next_closing_at(self):
        """The earliest closing time still to come among live, public roles, or None:
        listings of roles must not be kept past it, since a role leaves them by itself."""
        return (
            public_live(self.filter(closes_at__gt=timezone.now()))
            .order_by("closes_at")
            .values_list("closes_at", flat=True)
            .first()
        )


class SectionPagePermissionTester(SitePagePermissionTester):
    """What a user may do to the careers index itself.

    Recruiters' rights are granted on the index so that they reach the roles and stories
    below it; Wagtail would let them edit, unpublish (the whole section with it), make
    private, move or delete the index too. A group whose only grants here are on the index
    (the Recruiters) gets of them, for the index itself, adding subpages alone; publishing
    and ordering its subpages, which Wagtail asks of the index's tester, use the whole
    grant. A group with rights above the index too (comms editors, who also publish on
    the index itself; approvers) keeps all of them, as Wagtail counts them. Read from the
    grants, not the groups' names: renaming a group changes nothing.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        # Wagtail sets no `permissions` for superusers (they may do everything) and
        # inactive users (nothing).
        self.for_subpages = getattr(self, "permissions", None)
        if self.for_subpages is not None:
            grants = [
                grant
                for grant in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(grant.page.path)
            ]
            above = {grant.group_id for grant in grants if grant.page_id != page.pk}
            # As Wagtail's own tester reads the grants, leaving out the index-only groups'.
            self.permissions = (self.for_subpages & {"add"}) | {
                grant.permission.codename.rsplit("_", maxsplit=1)[0]
                for grant in grants
                if grant.page_id != page.pk or grant.group_id in above
            }

    def _with_subpage_rights(self, test):
        if self.for_subpages is None:
            return test()
        own, self.permissions = self.permissions, self.for_subpages
        try:
            return test()
        finally:
            self.permissions = own

    def can_publish_subpage(self):
        return self._with_subpage_rights(super().can_publish_subpage)

    def can_reorder_children(self):
        return self._with_subpage_rights(super().can_reorder_children)


class SectionSubpagePermissionTester(SitePagePermissionTester):
    """What a user may do to a role profile or a staff story. Recruiters add, edit,
    publish, unpublish and order them; Wagtail lets whoever may edit a page delete it,
    taking a vacancy and its history away. So deleting them takes a grant from above the
    careers index (comms staff, approvers, administrators); the Recruiters' grants are on
    the index alone. A draft of one's own that never went live has no history to keep:
    its author may delete it, as Wagtail lets those who may only add pages do. Read from
    the grants, as SectionPagePermissionTester does."""

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and (
            self.granted_above_the_section() or self.is_own_draft_never_published()
        )

    def is_own_draft_never_published(self):
        page = self.page
        return page.owner_id == self.user.pk and not page.live and page.first_published_at is None

    def can_move(self):
        # Wagtail's rule (whoever may delete it): their types stand under the careers
        # index alone, so a move only orders them there, which recruiters do.
        return super().can_delete(ignore_bulk=True)

    def granted_above_the_section(self):
        if self.user.is_superuser:
            return True
        section = self.page.path[: -self.page.steplen]  # the careers index's path
        return any(
            len(grant.page.path) < len(section) and section.startswith(grant.page.path)
            for grant in self.permission_policy.get_cached_permissions_for_user(self.user)
        )


class CareersIndexPage(BasePage):
    query_params = ("area", "location", "page")
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    def permissions_for_user(self, user):
        return SectionPagePermissionTester(user, self)

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["careers.RoleProfilePage", "careers.StaffStoryPage"]

    per_page = 20
    stories_shown = 6

    class Meta:
        verbose_name = _("careers index page")

    @staticmethod
    def chosen_option(params, name, options):
        """The option whose slug the query string names, None for none; Http404 if unknown."""
        value = params.get(name, "")
        if not value:
            return None
        chosen = next((option for option in options if option.slug == value), None)
        if chosen is None:
            raise Http404(f"Unknown {name}")
        return chosen

    @staticmethod
    def offered(options, chosen):
        """(slug, name) of the options to choose from: those with open roles, and the one
        chosen (a link kept from before its last role closed still says so)."""
        return [(o.slug, o.name) for o in options if o.has_roles or o == chosen]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        areas, locations = kept("career-filter-options", filter_options)
        area = self.chosen_option(request.GET, "area", areas)
        location = self.chosen_option(request.GET, "location", locations)
        number = page_number(request.GET.get("page"))
        context.update(
            # Kept for the generation, which ends by the next role's closing time.
            roles=kept_among(
                "open-roles",
                (self.pk, area and area.pk, location and location.pk, number),
                # A count of its own: on SQLite, a window count over a thousand open
                # roles costs three times the count and the page together.
                lambda: page_of(
                    Paginator(
                        RoleProfilePage.objects.listed(area=area, location=location), self.per_page
                    ),
                    number,
                ),
            ),
            filters=[
                Filter(
                    "area",
                    _("Career area"),
                    _("All career areas"),
                    self.offered(areas, area),
                    area.slug if area else "",
                ),
                Filter(
                    "location",
                    _("Location"),
                    _("All locations"),
                    self.offered(locations, location),
                    location.slug if location else "",
                ),
            ],
            stories=kept_among(
                "careers-stories",
                self.pk,
                lambda: list(StaffStoryPage.objects.listed()[: self.stories_shown]),
            ),
        )
        context["title_detail"] = title_detail(
            *[f.chosen_label for f in context["filters"]], page=context["roles"]
        )
        return context


class WorkingPattern(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    FULL_OR_PART_TIME = "full_or_part_time", _("Full-time or part-time")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")


class VettingLevel(models.TextChoices):
    CTC = "ctc", _("Counter-terrorist check (CTC)")
    SC = "sc", _("Security check (SC)")
    DV = "dv", _("Developed vetting (DV)")


# schema.org employmentType values for each working pattern and contract.
EMPLOYMENT_TYPES = {
    WorkingPattern.FULL_TIME: ["FULL_TIME"],
    WorkingPattern.PART_TIME: ["PART_TIME"],
    WorkingPattern.FULL_OR_PART_TIME: ["FULL_TIME", "PART_TIME"],
}

DEFAULT_NATIONALITY = "You must be a British citizen. Dual nationals may apply."
DEFAULT_AGE = "You must be 18 or over when you apply."
DEFAULT_RESIDENCY = (
    "You will normally have lived in the UK for at least seven of the last ten years."
)


class RoleProfileForm(PortalPageForm):
    """A closing time typed in the admin that cannot be right is refused: a year mistyped
    far ahead, or a role never published that would go live closed already ("now"
    still closes a live one early; the demo's closed roles are made in code). The number
    of posts says its least (one) once."""

    CLOSES_AT_MOST_AHEAD = datetime.timedelta(days=5 * 366)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's least (one post), not the field type's (0): "-2" was told to be at
        # least 0, then 0 to be at least 1.
        if posts := self.fields.get("number_of_posts"):
            posts.min_value = 1
            posts.validators = [
                v for v in posts.validators if not isinstance(v, MinValueValidator)
            ] + [MinValueValidator(1)]
            posts.widget.attrs["min"] = "1"

    def clean_closes_at(self):
        closes_at = self.cleaned_data.get("closes_at")
        if closes_at is None:
            return closes_at
        now = timezone.now()
        if closes_at > now + self.CLOSES_AT_MOST_AHEAD:
            raise ValidationError(_("Check the year: a role closes within five years."))
        first_published = self.instance.first_published_at
        if first_published is None and closes_at <= now:
            raise ValidationError(
                _("This role would be closed already: choose a closing time ahead.")
            )
        # A live role may be closed now or earlier, but not before it was ever shown (a
        # year mistyped behind: 0027); a closing time left as it was is not asked again.
        changed = closes_at != self.instance.closes_at
        # To the minute, as the time is typed: "close now" in the minute the role was
        # first published was refused (found by an editors' probe).
        first_minute = first_published and first_published.replace(second=0, microsecond=0)
        if first_published is not None and changed and closes_at < first_minute:
            raise ValidationError(
                _(
                    "Check the year: the role was first published on %(date)s, and "
                    "cannot close before that."
                )
                % {"date": date_format(timezone.localtime(first_published), "j F Y")}
            )
        return closes_at

    def clean(self):
        cleaned_data = super().clean()
        go_live_at, closes_at = cleaned_data.get("go_live_at"), cleaned_data.get("closes_at")
        if go_live_at and closes_at and go_live_at >= closes_at:
            self.add_error(
                "closes_at", _("The role would go live closed: it closes before its go-live date.")
            )
        return cleaned_data


class RoleProfilePage(ContentPage):
    """A vacancy. It stays published after it closes, saying so, without an Apply link."""

    def permissions_for_user(self, user):
        return SectionSubpagePermissionTester(user, self)

    objects = PageManager.from_queryset(RoleQuerySet)()

    reference = models.CharField(
        _("reference"),
        max_length=32,
        help_text=_("The vacancy's reference in the application system, for example TGDP-B-01."),
    )
    career_area = models.ForeignKey(
        CareerArea,
        verbose_name=_("career area"),
        null=True,
        # An area roles name is not deleted from under them (the admin says which roles,
        # and refuses): they would lose it, and a role without one cannot be published.
        on_delete=models.PROTECT,
        related_name="roles",
    )
    what_the_job_involves = RichTextField(
        _("what the job involves"), blank=True, features=ROLE_TEXT_FEATURES
    )
    what_you_need = RichTextField(_("what you need"), blank=True, features=ROLE_TEXT_FEATURES)
    salary_minimum = models.PositiveIntegerField(
        _("minimum salary"), null=True, blank=True, help_text=_("In pounds a year.")
    )
    salary_maximum = models.PositiveIntegerField(
        _("maximum salary"), null=True, blank=True, help_text=_("In pounds a year.")
    )
    salary_text = models.CharField(
        _("salary as shown"),
        max_length=120,
        blank=True,
        help_text=_("For example “£32,000 to £36,000 a year, plus benefits”."),
    )
    locations = ParentalManyToManyField(
        Location, verbose_name=_("locations"), blank=True, related_name="roles"
    )
    working_pattern = models.CharField(
        _("working pattern"),
        max_length=24,
        choices=WorkingPattern.choices,
        default=WorkingPattern.FULL_TIME,
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=24,
        choices=ContractType.choices,
        default=ContractType.PERMANENT,
    )
    number_of_posts = models.PositiveSmallIntegerField(
        _("number of posts"), default=1, validators=[MinValueValidator(1)]
    )
    closes_at = models.DateTimeField(
        _("closing date and time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "UK time, for example 31/12/2026 17:00. At this moment the role leaves the "
            "listings and its page says the vacancy is closed. Leave empty for a role "
            "that stays open."
        ),
    )
    nationality = models.TextField(_("nationality"), default=DEFAULT_NATIONALITY)
    age = models.TextField(_("age"), default=DEFAULT_AGE)
    residency = models.TextField(_("residency"), default=DEFAULT_RESIDENCY)
    vetting_level = models.CharField(
        _("security vetting level"),
        max_length=8,
        choices=VettingLevel.choices,
        default=VettingLevel.DV,
    )
    application_steps = StreamField(
        ApplicationStepsBlock(), blank=True, verbose_name=_("application process")
    )
    apply_url = models.URLField(
        _("application address"),
        help_text=_("Where the “Apply” link leads, in the external application system."),
    )

    content_panels = ContentPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("reference"), FieldPanel("career_area"), FieldPanel("locations")],
            heading=_("Vacancy"),
        ),
        FieldPanel("what_the_job_involves"),
        FieldPanel("what_you_need"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("salary_minimum"), FieldPanel("salary_maximum")]),
                FieldPanel("salary_text"),
            ],
            heading=_("Salary"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("working_pattern"),
                FieldPanel("contract_type"),
                FieldPanel("number_of_posts"),
                FieldPanel("vetting_level"),
            ],
            heading=_("Terms"),
        ),
        MultiFieldPanel(
            [FieldPanel("nationality"), FieldPanel("age"), FieldPanel("residency")],
            heading=_("Eligibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("closes_at"), FieldPanel("apply_url")],
            heading=_("Applying"),
        ),
        FieldPanel("application_steps"),
        InlinePanel("related_story_links", label=_("Related staff stories")),
        InlinePanel("related_transcript_links", label=_("Related video transcripts")),
    ]
    search_kind = SearchKind("role", _("Role"), _("Roles"))
    search_fields = ContentPage.search_fields + [
        index.SearchField("reference"),
        index.SearchField("what_the_job_involves"),
        index.SearchField("what_you_need"),
        index.SearchField("search_facts"),
        index.FilterField("closes_at"),
    ]

    base_form_class = RoleProfileForm
    parent_page_types = ["careers.CareersIndexPage"]
    subpage_types = []

    @classmethod
    def routing_queryset(cls):
        # Everything the role's page shows, fetched with the page itself.
        return super().routing_queryset().select_related("career_area").with_location_names()

    class Meta:
        verbose_name = _("role profile")
        verbose_name_plural = _("role profiles")

    def clean(self):
        super().clean()
        errors = {}
        low, high = self.salary_minimum, self.salary_maximum
        if low is not None and high is not None and low > high:
            errors["salary_maximum"] = _("The maximum salary cannot be below the minimum.")
        if self.reference and (
            RoleProfilePage.objects.filter(reference__iexact=self.reference)
            .exclude(pk=self.pk)
            .exclude(translation_key=self.translation_key)
            .exists()
        ):
            errors["reference"] = _("Another role profile already has this reference.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, now=None):
        return self.closes_at is None or self.closes_at > (now or timezone.now())

    @property
    def status_string(self):
        """Wagtail's status ("live", "live + draft"…), and "closed" once the role has
        closed: the admin's listings showed a closed role as live alone."""
        status = super().status_string
        if self.live and not self.is_open():
            return _("%(status)s, closed") % {"status": status}
        return status

    def search_facts(self):
        """The facts the role's page lists, with their labels, as search finds them."""
        facts = [
            (_("Role profile"), ""),
            (_("Career area"), self.career_area.name if self.career_area else ""),
            (_("Salary"), self.salary_text),
            (
                _("Salary"),
                " ".join(str(pay) for pay in (self.salary_minimum, self.salary_maximum) if pay),
            ),
            (_("Location"), ", ".join(self.location_list)),
            (_("Working pattern"), self.get_working_pattern_display()),
            (_("Contract"), self.get_contract_type_display()),
            (_("Security vetting"), self.get_vetting_level_display()),
        ]
        return " ".join(f"{label} {value}".strip() for label, value in facts)

    @property
    def location_list(self):
        """Location names in name order; from the query's annotation where it has one."""
        names = getattr(self, "location_names", None)
        if names is None and not hasattr(self, "location_names"):
            return [location.name for location in self.locations.all()]
        return sorted((names or "").split("\n")) if names else []

    def related_pages(self):
        """The staff stories, then the other pages (video transcripts), chosen for this role,
        live and public, each in the editor's order (one query). The linked page's type
        says which it is, not the list that links it nor its sort order: links made in
        code may have none."""
        story_links = RoleProfileStoryLink.objects.filter(page=self.pk)
        transcript_links = RoleProfileTranscriptLink.objects.filter(page=self.pk)

        def first_link(links, target, column):
            chosen = links.filter(**{target: models.OuterRef("pk")}).order_by("sort_order", "pk")
            return models.Subquery(chosen.values(column)[:1])

        pages = Page.objects.filter(
            models.Q(pk__in=story_links.values("story"))
            | models.Q(pk__in=transcript_links.values("transcript"))
        )
        pages = (
            public_live(pages)
            .select_related("content_type")
            .annotate(
                link_order=Coalesce(
                    first_link(story_links, "story", "sort_order"),
                    first_link(transcript_links, "transcript", "sort_order"),
                ),
                link_pk=Coalesce(
                    first_link(story_links, "story", "pk"),
                    first_link(transcript_links, "transcript", "pk"),
                ),
            )
            .order_by(models.F("link_order").asc(nulls_last=True), "link_pk")
        )

        def is_story(page):
            return issubclass(page.content_type.model_class() or Page, StaffStoryPage)

        return sorted(pages, key=lambda page: not is_story(page))

    def job_posting(self, request=None):
        """schema.org JobPosting data while the role is open, None once it has closed."""
        if not self.is_open():
            return None
        site_name = SiteSettings.load(request_or_site=request).site_name
        data = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": self.title,
            "description": expand_db_html(
                f"<p>{escape(self.summary)}</p>{self.what_the_job_involves}{self.what_you_need}"
            ),
            "identifier": {"@type": "PropertyValue", "name": site_name, "value": self.reference},
            "datePosted": timezone.localdate(self.first_published_at or timezone.now()).isoformat(),
            "employmentType": EMPLOYMENT_TYPES[self.working_pattern]
            + (["TEMPORARY"] if self.contract_type == ContractType.FIXED_TERM else []),
            "hiringOrganization": {"@type": "Organization", "name": site_name},
            "totalJobOpenings": self.number_of_posts,
            "directApply": False,
            "url": self.get_full_url(request),
        }
        if self.closes_at is not None:
            data["validThrough"] = timezone.localtime(self.closes_at).isoformat()
        locations = self.location_list
        if locations:
            data["jobLocation"] = [
                {
                    "@type": "Place",
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": location,
                        "addressCountry": "GB",
                    },
                }
                for location in locations
            ]
        if self.salary_minimum is not None or self.salary_maximum is not None:
            value = {"@type": "QuantitativeValue", "unitText": "YEAR"}
            if self.salary_minimum is not None:
                value["minValue"] = self.salary_minimum
            if self.salary_maximum is not None:
                value["maxValue"] = self.salary_maximum
            data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "GBP", "value": value}
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posting = self.job_posting(request)
        context.update(
            is_open=self.is_open(),
            related_pages=kept_among("role-related-pages", self.pk, self.related_pages),
            job_posting_json=json_ld(posting) if posting else "",
        )
        return context


class RoleProfileStoryLink(Orderable):
    page = ParentalKey(
        RoleProfilePage, on_delete=models.CASCADE, related_name="related_story_links"
    )
    story = models.ForeignKey(
        "careers.StaffStoryPage",
        verbose_name=_("staff story"),
        on_delete=models.CASCADE,
        related_name="role_story_links",
    )

    panels = [PageChooserPanel("story")]

    class Meta(Orderable.Meta):
        # Links saved in code may have no sort order: they keep the order they were made in.
        ordering = ["sort_order", "pk"]
        verbose_name = _("related staff story")
        verbose_name_plural = _("related staff stories")


class RoleProfileTranscriptLink(Orderable):
    page = ParentalKey(
        RoleProfilePage, on_delete=models.CASCADE, related_name="related_transcript_links"
    )
    # A page, not the news app's model: careers does not depend on news' tables.
    transcript = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("video transcript"),
        on_delete=models.CASCADE,
        related_name="careers_role_links",
    )

    panels = [PageChooserPanel("transcript", page_type="news.VideoTranscriptPage")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("related video transcript")
        verbose_name_plural = _("related video transcripts")

    def clean(self):
        # The chooser offers transcripts alone; a post can name any page.
        transcript = self.transcript if self.transcript_id else None
        if (
            transcript is not None
            and transcript.specific_class is not None
            and (transcript.specific_class._meta.label != "news.VideoTranscriptPage")
        ):
            raise ValidationError({"transcript": _("Choose a video transcript.")})


class StoryQuerySet(PageQuerySet):
    def listed(self):
        """Live, public staff stories, newest first."""
        # Sorted on an expression, so that SQLite sorts the few stories rather than walk
        # every page of the site down Wagtail's date index (1.6 ms against 7.5 ms with
        # 11,000 pages). Live pages always have a first publication date.
        newest = Coalesce("first_published_at", "last_published_at").desc()
        return public_live(self).defer_streamfields().order_by(newest, "-pk")


class StaffStoryPage(ContentPage):
    """A member of staff on what their work is like: first name only, for their safety."""

    def permissions_for_user(self, user):
        return SectionSubpagePermissionTester(user, self)

    objects = PageManager.from_queryset(StoryQuerySet)()

    first_name = models.CharField(_("first name"), max_length=40)
    role_title = models.CharField(_("role title"), max_length=120)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Never a photograph that could identify the person."),
    )
    portrait_alt_text = models.CharField(
        _("portrait alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(StaffStoryBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = ContentPage.content_panels + [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("role_title")]),
        MultiFieldPanel(
            [FieldPanel("portrait"), FieldPanel("portrait_alt_text")], heading=_("Portrait")
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("related_role_links", label=_("Related roles")),
    ]
    search_kind = SearchKind("story", _("Staff story"), _("Staff stories"))
    search_fields = ContentPage.search_fields + [
        index.SearchField("role_title"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["careers.CareersIndexPage"]
    subpage_types = []

    @classmethod
    def routing_queryset(cls):
        return super().routing_queryset().select_related("portrait")

    class Meta:
        verbose_name = _("staff story")
        verbose_name_plural = _("staff stories")

    def clean(self):
        super().clean()
        if self.portrait_id and not self.portrait_alt_text.strip():
            raise ValidationError(
                {"portrait_alt_text": _("Describe the picture for people who cannot see it.")}
            )

    @property
    def byline(self):
        """The name and role under the title, leaving out what the title says already
        ("Samira, Occupational Psychologist" needs no byline)."""
        title = self.title.casefold()
        said = [part for part in (self.first_name, self.role_title) if part]
        return ", ".join(part for part in said if part.casefold() not in title)

    def related_roles(self):
        """The chosen roles that are live, public and still open, in the editor's order."""
        return list(
            RoleProfilePage.objects.listed()
            .filter(story_links__page=self.pk)
            .order_by("story_links__sort_order")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_roles"] = kept_among("story-related-roles", self.pk, self.related_roles)
        return context


class StaffStoryRoleLink(Orderable):
    page = ParentalKey(StaffStoryPage, on_delete=models.CASCADE, related_name="related_role_links")
    role = models.ForeignKey(
        RoleProfilePage,
        verbose_name=_("role profile"),
        on_delete=models.CASCADE,
        related_name="story_links",
    )

    panels = [PageChooserPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("related role")
        verbose_name_plural = _("related roles")
