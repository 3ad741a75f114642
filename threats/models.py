"""The threat levels (national and Northern Ireland), their history, and the mission pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BodyBlock, LinkBlock
from core.models import BasePage, ContentPage, KeptSetting
from core.queries import public_live
from serving import shown_on_every_page
from serving.process import kept, kept_among

from .levels import ThreatLevel, meaning_of, position_of


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


SCOPE_TITLES = {
    Scope.NATIONAL: _("National threat level"),
    Scope.NORTHERN_IRELAND: _("Northern Ireland-related terrorism in Northern Ireland"),
}


LEVEL_FIELDS = {
    Scope.NATIONAL: ("national_level", "national_changed_at"),
    Scope.NORTHERN_IRELAND: ("ni_level", "ni_changed_at"),
}


class CurrentLevel:
    """One level as shown to the public: the level, its meaning and when it took effect."""

    def __init__(self, scope, level, changed_at):
        self.scope = Scope(scope)
        self.level = ThreatLevel(level)
        self.changed_at = changed_at

    @property
    def title(self):
        return SCOPE_TITLES[self.scope]

    @property
    def label(self):
        return self.level.label

    @property
    def meaning(self):
        return meaning_of(self.level)

    @property
    def position(self):
        return position_of(self.level)


@shown_on_every_page
class ThreatLevelSettings(KeptSetting):
    """The levels in force. Kept apart from the site settings: only its managers change it.

    Every change of a level made through `save()` (the admin, the shell, a command) is
    recorded in ThreatLevelChange.
    """

    national_level = models.CharField(
        _("national threat level"),
        max_length=16,
        choices=ThreatLevel.choices,
        default=ThreatLevel.SUBSTANTIAL,
    )
    national_changed_at = models.DateTimeField(
        _("national level took effect"), default=timezone.now
    )
    ni_level = models.CharField(
        _("Northern Ireland threat level"),
        max_length=16,
        choices=ThreatLevel.choices,
        default=ThreatLevel.SUBSTANTIAL,
    )
    ni_changed_at = models.DateTimeField(
        _("Northern Ireland level took effect"), default=timezone.now
    )
    show_ni_level = models.BooleanField(
        _("show the Northern Ireland level to the public"), default=True
    )

    class Meta:
        verbose_name = _("threat level")
        verbose_name_plural = _("threat levels")

    def __str__(self):
        return str(self.national_level)

    # Who made the change and its public note, for the history entry of the next save().
    change_author = None
    change_note = ""

    @property
    def national(self):
        return CurrentLevel(Scope.NATIONAL, self.national_level, self.national_changed_at)

    @property
    def northern_ireland(self):
        return CurrentLevel(Scope.NORTHERN_IRELAND, self.ni_level, self.ni_changed_at)

    @property
    def public_levels(self):
        levels = [self.national]
        if self.show_ni_level:
            levels.append(self.northern_ireland)
        return levels

    def clean(self):
        super().clean()
        now = timezone.now()
        for field in ("national_changed_at", "ni_changed_at"):
            if getattr(self, field) and getattr(self, field) > now:
                raise ValidationError({field: _("A level cannot take effect in the future.")})

    def save(self, *args, **kwargs):
        self.full_clean()
        with transaction.atomic():
            previous = (
                type(self).objects.select_for_update().filter(pk=self.pk).first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            self._record_changes(previous)

    def change(self, scope, level, *, changed_at=None, author=None, note=""):
        """Change one level; `changed_at` defaults to now and may not be in the future."""
        scope, level = Scope(scope), ThreatLevel(level)
        changed_at = changed_at or timezone.now()
        self.check_change(scope, level, changed_at)
        level_field, date_field = LEVEL_FIELDS[scope]
        setattr(self, level_field, level)
        setattr(self, date_field, changed_at)
        self.change_author = author
        self.change_note = note
        self.save()

    def check_change(self, scope, level, changed_at):
        """Raise ValidationError if this change may not be made."""
        level_field, _date_field = LEVEL_FIELDS[Scope(scope)]
        if changed_at > timezone.now():
            raise ValidationError({"changed_at": _("A level cannot take effect in the future.")})
        if getattr(self, level_field) == level:
            raise ValidationError(
                {
                    "level": _("The level is already %(level)s.")
                    % {"level": ThreatLevel(level).label}
                }
            )
        latest = ThreatLevelChange.objects.filter(scope=scope).first()
        if latest is not None and changed_at < latest.changed_at:
            raise ValidationError(
                {
                    "changed_at": _(
                        "A change cannot take effect before the previous one (%(date)s)."
                    )
                    % {"date": date_format(timezone.localtime(latest.changed_at), "j F Y")}
                }
            )

    def _record_changes(self, previous):
        if previous is None:
            # Creating the row sets the levels in force; it is not a change.
            return
        for scope, (level_field, date_field) in LEVEL_FIELDS.items():
            old = getattr(previous, level_field)
            new = getattr(self, level_field)
            if old == new:
                continue
            ThreatLevelChange.objects.create(
                scope=scope,
                level=new,
                previous_level=old,
                changed_at=getattr(self, date_field),
                changed_by=self.change_author,
                note=self.change_note,
            )
        self.change_author = None
        self.change_note = ""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Threat level history cannot be changed."))

    def delete(self):
        raise ValidationError(_("Threat level history cannot be deleted."))

    def history(self, *, include_ni=True, limit=None):
        """Changes of the levels, newest first. Kept for the generation: only a change of
        level adds to the history, and that starts a new one. Keyed by its arguments
        alone: call it on the manager, never on a filtered queryset."""

        def changes():
            found = self if include_ni else self.filter(scope=Scope.NATIONAL)
            return list(found[:limit] if limit is not None else found)

        return kept(("threat-level-history", include_ni, limit), changes)


# The history is only added to by a change of level, but a row recorded any other way
# shows too.
@shown_on_every_page
class ThreatLevelChange(models.Model):
    """One change of a level: append-only, never edited or deleted."""

    scope = models.CharField(_("which level"), max_length=20, choices=Scope.choices)
    level = models.CharField(_("new level"), max_length=16, choices=ThreatLevel.choices)
    previous_level = models.CharField(
        _("previous level"), max_length=16, choices=ThreatLevel.choices, blank=True
    )
    changed_at = models.DateTimeField(_("took effect"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("public note"), blank=True, max_length=500)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("threat level change")
        verbose_name_plural = _("threat level changes")
        indexes = [models.Index(fields=["scope", "-changed_at"])]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.level} ({self.changed_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Threat level history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Threat level history cannot be deleted."))

    @property
    def meaning(self):
        return meaning_of(self.level)

    @property
    def position(self):
        return position_of(self.level)

    @property
    def scope_title(self):
        return SCOPE_TITLES[Scope(self.scope)]


class ThreatLevelsPage(BasePage):
    """The explainer: both levels, the scale, who sets the level, and the history."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    who_sets_the_level = StreamField(
        BodyBlock(), blank=True, verbose_name=_("who sets the level and how")
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("who_sets_the_level"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("who_sets_the_level"),
    ]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("threat levels page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        levels = ThreatLevelSettings.load()
        history = ThreatLevelChange.objects.history(include_ni=levels.show_ni_level)
        context.update(
            levels=levels,
            scale=[CurrentLevel(Scope.NATIONAL, level, None) for level in ThreatLevel],
            national_history=[c for c in history if c.scope == Scope.NATIONAL],
            ni_history=[c for c in history if c.scope == Scope.NORTHERN_IRELAND],
        )
        return context


class MissionPage(BasePage):
    """What we do: the statutory role, the strategy, the threat categories, other work."""

    headline = models.CharField(_("headline"), max_length=200)
    statutory_role = RichTextField(
        _("statutory role"), features=["bold", "italic", "link", "ol", "ul"]
    )
    strategy_intro = RichTextField(_("strategy"), blank=True, features=["bold", "italic", "link"])
    strategy_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("strategy documents")
    )
    other_work = StreamField(BodyBlock(), blank=True, verbose_name=_("other work"))

    content_panels = BasePage.content_panels + [
        FieldPanel("headline"),
        FieldPanel("statutory_role"),
        FieldPanel("strategy_intro"),
        FieldPanel("strategy_links"),
        FieldPanel("other_work"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("headline"),
        index.SearchField("statutory_role"),
        index.SearchField("other_work"),
    ]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = ["threats.ThreatCategoryPage"]

    class Meta:
        verbose_name = _("mission page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = kept_among(
            "mission-categories",
            self.pk,
            lambda: list(
                public_live(ThreatCategoryPage.objects.child_of(self))
                .defer_streamfields()
                .order_by("path")
            ),
        )
        return context


class ThreatCategoryPage(ContentPage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    related_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("related links")
    )

    content_panels = ContentPage.content_panels + [
        FieldPanel("body"),
        FieldPanel("related_links"),
    ]
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    parent_page_types = ["threats.MissionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("threat category page")
