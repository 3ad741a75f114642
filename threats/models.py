"""The threat levels (national and Northern Ireland), their history, and the mission pages."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BodyBlock, LinkBlock
from core.models import BasePage, ContentPage, KeptSetting
from core.queries import is_public, public_live
from search.kinds import SearchKind
from serving import shown_on_every_page
from serving.process import kept, kept_among

from .levels import COLOURS, UNPUBLISHED_COLOUR, ThreatLevel, meaning_of, position_of


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
    """One level as shown to the public: the level, its meaning and when it took effect;
    or, until a threat level manager first sets it, no level (`published` false)."""

    def __init__(self, scope, level, changed_at):
        self.scope = Scope(scope)
        self.level = ThreatLevel(level) if level else None
        self.changed_at = changed_at

    @property
    def published(self):
        return self.level is not None

    @property
    def title(self):
        return SCOPE_TITLES[self.scope]

    @property
    def label(self):
        return self.level.label if self.published else _("Not yet published")

    @property
    def meaning(self):
        return meaning_of(self.level) if self.published else ""

    @property
    def position(self):
        return position_of(self.level) if self.published else 0

    @property
    def colour(self):
        return COLOURS[self.level] if self.published else UNPUBLISHED_COLOUR


class LevelsQuerySet(models.QuerySet):
    """The row of levels changes through `save()` alone, which records the change and
    retires every kept page (serving). An `update()` does neither (it sends no signal): the
    level would change in the database while pages went on showing the old one."""

    def update(self, **kwargs):
        raise ValidationError(_("Change a threat level with change() or save(), not update()."))

    def bulk_update(self, objs, fields, batch_size=None):
        raise ValidationError(_("Change a threat level with change() or save(), not update()."))


@shown_on_every_page
class ThreatLevelSettings(KeptSetting):
    """The levels in force. Kept apart from the site settings: only its managers change it.

    Every change of a level made through `save()` (the admin, the shell, a command) is
    recorded in ThreatLevelChange. A level no manager has set yet is empty, and the site
    says it is not yet published: a new site never shows a level nobody set (nor dates
    one from whenever the row happened to be made).
    """

    objects = LevelsQuerySet.as_manager()

    national_level = models.CharField(
        _("national threat level"),
        max_length=16,
        choices=ThreatLevel.choices,
        blank=True,
        default="",
    )
    national_changed_at = models.DateTimeField(
        _("national level took effect"), null=True, blank=True
    )
    ni_level = models.CharField(
        _("Northern Ireland threat level"),
        max_length=16,
        choices=ThreatLevel.choices,
        blank=True,
        default="",
    )
    ni_changed_at = models.DateTimeField(
        _("Northern Ireland level took effect"), null=True, blank=True
    )
    show_ni_level = models.BooleanField(
        _("show the Northern Ireland level to the public"), default=True
    )

    class Meta:
        verbose_name = _("threat level")
        verbose_name_plural = _("threat levels")

    def __str__(self):
        return str(self.national.label)

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
        """The levels the public is shown (those published; Northern Ireland's if shown)."""
        levels = [self.national]
        if self.show_ni_level:
            levels.append(self.northern_ireland)
        return [level for level in levels if level.published]

    def clean(self):
        super().clean()
        latest_allowed = timezone.now() + CLOCK_TOLERANCE
        for field in ("national_changed_at", "ni_changed_at"):
            if getattr(self, field) and getattr(self, field) > latest_allowed:
                raise ValidationError({field: _("A level cannot take effect in the future.")})

    def save(self, *args, **kwargs):
        for level_field, date_field in LEVEL_FIELDS.values():
            if getattr(self, level_field) and getattr(self, date_field) is None:
                setattr(self, date_field, timezone.now())  # first set: it takes effect now
        self.full_clean()
        with transaction.atomic():
            previous = (
                type(self).objects.select_for_update().filter(pk=self.pk).first()
                if self.pk
                else None
            )
            for level_field, _date_field in LEVEL_FIELDS.values():
                if previous and getattr(previous, level_field) and not getattr(self, level_field):
                    raise ValidationError(
                        {level_field: _("A published level can be changed, not taken away.")}
                    )
            super().save(*args, **kwargs)
            self.recorded_changes = self._record_changes(previous)

    def change(self, scope, level, *, changed_at=None, author=None, note=""):
        """Change one level; `changed_at` defaults to now and may not be in the future.
        Returns the ThreatLevelChange recorded."""
        scope, level = Scope(scope), ThreatLevel(level)
        with transaction.atomic():
            # Checked and made on the row as it stands: another manager's change, made
            # since this copy was read, is kept (save() writes every field).
            self._lock()
            changed_at = self.moment_for(scope, changed_at)
            self.check_change(scope, level, changed_at)
            level_field, date_field = LEVEL_FIELDS[scope]
            setattr(self, level_field, level)
            setattr(self, date_field, changed_at)
            self.change_author = author
            self.change_note = note
            self.save()
        return self.recorded_changes[0]

    def set_ni_shown(self, shown):
        """Show or hide the Northern Ireland level, on the row as it stands."""
        with transaction.atomic():
            self._lock()
            self.show_ni_level = shown
            self.save()

    def moment_for(self, scope, changed_at):
        """The moment a change of `scope` made at `changed_at` (None: now) is recorded at:
        as given, except that a change made now follows the last change where another
        server, its clock a little ahead, dated that one later than this server's now."""
        now = timezone.now()
        changed_at = changed_at or now
        latest = ThreatLevelChange.objects.public(scope).first()
        if (
            latest is not None
            and changed_at >= now - CLOCK_TOLERANCE
            and changed_at < latest.took_effect_at <= now + CLOCK_TOLERANCE
        ):
            return latest.took_effect_at
        return changed_at

    def check_change(self, scope, level, changed_at):
        """Raise ValidationError if this change may not be made."""
        level_field, _date_field = LEVEL_FIELDS[Scope(scope)]
        if changed_at > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError({"changed_at": _("A level cannot take effect in the future.")})
        if getattr(self, level_field) == level:
            raise ValidationError(
                {
                    "level": _("The level is already %(level)s.")
                    % {"level": ThreatLevel(level).label}
                }
            )
        latest = ThreatLevelChange.objects.public(scope).first()
        if latest is not None and changed_at < latest.took_effect_at:
            raise ValidationError({"changed_at": not_before(latest)})

    def _record_changes(self, previous):
        if previous is None:
            # Creating the row sets the levels in force; it is not a change.
            return []
        recorded = []
        for scope, (level_field, date_field) in LEVEL_FIELDS.items():
            old = getattr(previous, level_field)
            new = getattr(self, level_field)
            if old == new:
                continue
            recorded.append(
                ThreatLevelChange.objects.create(
                    scope=scope,
                    level=new,
                    previous_level=old,
                    changed_at=getattr(self, date_field),
                    previous_changed_at=getattr(previous, date_field),
                    changed_by=self.change_author,
                    note=self.change_note,
                )
            )
        self.change_author = None
        self.change_note = ""
        return recorded

    # Corrections. Each adds a ThreatLevelCorrection row; the changes stay as recorded.

    def withdraw(self, entry, *, author=None, reason):
        """Withdraw a change recorded by mistake: the latest one, whose level is then
        changed back as any change is, or one followed by its reversal, withdrawn with
        it. The level in force then dates from before the mistake."""
        check_reason(reason)
        with transaction.atomic():
            self._lock()
            plan = self.check_withdrawal(entry)
            reversal = plan.reversal or self.change(entry.scope, plan.restored_level, author=author)
            correction = ThreatLevelCorrection.objects.create(
                kind=ThreatLevelCorrection.Kind.WITHDRAWN,
                change=entry,
                reversal=reversal,
                made_by=author,
                reason=reason,
            )
            if plan.restored_since is not None:
                self._set_took_effect(entry.scope, plan.restored_since)
        return correction

    def correct_date(self, entry, took_effect_at, *, author=None, reason):
        """Record the date a change really took effect."""
        check_reason(reason)
        with transaction.atomic():
            self._lock()
            entry = self.check_date_correction(entry, took_effect_at)
            correction = ThreatLevelCorrection.objects.create(
                kind=ThreatLevelCorrection.Kind.DATE_CORRECTED,
                change=entry,
                old_date=entry.took_effect_at,
                new_date=took_effect_at,
                made_by=author,
                reason=reason,
            )
            if ThreatLevelChange.objects.public(entry.scope).first().pk == entry.pk:
                self._set_took_effect(entry.scope, took_effect_at)
        return correction

    def check_withdrawal(self, entry):
        """A WithdrawalPlan for `entry`, or ValidationError if it may not be withdrawn."""
        entry = ThreatLevelChange.objects.corrected().get(pk=entry.pk)
        return plan_withdrawal(entry, list(ThreatLevelChange.objects.public(entry.scope)[:3]))

    def check_date_correction(self, entry, took_effect_at):
        """`entry` as corrected so far, or ValidationError if this date may not be given."""
        entry = ThreatLevelChange.objects.corrected().get(pk=entry.pk)
        check_correctable(entry)
        if took_effect_at > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError({"changed_at": _("A level cannot take effect in the future.")})
        # Dates are what is corrected (and shown): the same day given again, whatever
        # moment it stands for (today's is now), corrects nothing.
        if timezone.localdate(took_effect_at) == timezone.localdate(entry.took_effect_at):
            raise ValidationError({"changed_at": _("That is already the date it took effect.")})
        public = list(ThreatLevelChange.objects.public(entry.scope))
        position = [change.pk for change in public].index(entry.pk)
        later = public[position - 1] if position > 0 else None
        earlier = public[position + 1] if position + 1 < len(public) else None
        if earlier is not None and took_effect_at < earlier.took_effect_at:
            raise ValidationError({"changed_at": not_before(earlier)})
        if later is not None and took_effect_at > later.took_effect_at:
            raise ValidationError(
                {
                    "changed_at": _("A change cannot take effect after the next one (%(date)s).")
                    % {"date": day_of(later.took_effect_at)}
                }
            )
        return entry

    def _lock(self):
        # Corrections made at the same moment are checked one after the other.
        self.refresh_from_db(from_queryset=type(self).objects.select_for_update())

    def _set_took_effect(self, scope, moment):
        _level_field, date_field = LEVEL_FIELDS[Scope(scope)]
        setattr(self, date_field, moment)
        self.save()


# A mistake can be put right for this long after the change was recorded; later, the
# change stands and a new change is made instead.
CORRECTION_WINDOW = datetime.timedelta(days=7)
# How far apart the app servers' clocks may be (NTP keeps them far closer): a moment
# another server recorded up to this far ahead of this one's now is not "in the future".
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


class WithdrawalPlan(NamedTuple):
    """What withdrawing a change does: the level that is then in force, since when, and
    the reversal withdrawn with it (None: one is made)."""

    reversal: "ThreatLevelChange | None"
    restored_level: str
    restored_since: datetime.datetime | None


def day_of(moment):
    return date_format(timezone.localtime(moment), "j F Y")


def not_before(earlier):
    return _("A change cannot take effect before the previous one (%(date)s).") % {
        "date": day_of(earlier.took_effect_at)
    }


def check_reason(reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})


def check_correctable(entry):
    """Raise ValidationError unless `entry` (from `corrected()`) may still be corrected."""
    if entry.withdrawn:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This change has been withdrawn: it cannot be corrected.")}
        )
    if entry.recorded_at < timezone.now() - CORRECTION_WINDOW:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Only a change recorded in the last %(days)s days can be corrected; "
                    "this one was recorded on %(date)s."
                )
                % {"days": CORRECTION_WINDOW.days, "date": day_of(entry.recorded_at)}
            }
        )


def plan_withdrawal(entry, public):
    """How `entry` is withdrawn, given the public changes of its level newest first (the
    latest three are enough), or ValidationError if it may not be."""
    check_correctable(entry)
    ids = [change.pk for change in public]
    if ids[:1] == [entry.pk]:
        reversal, earlier = None, public[1:2]
        if not entry.previous_level:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "This change first published the level: there is no earlier level "
                        "to go back to."
                    )
                }
            )
    elif ids[1:2] == [entry.pk] and (public[0].previous_level, public[0].level) == (
        entry.level,
        entry.previous_level,
    ):
        reversal, earlier = public[0], public[2:3]
    else:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Only the latest change of a level, or a change followed by its "
                    "reversal, can be withdrawn."
                )
            }
        )
    since = earlier[0].took_effect_at if earlier else entry.previous_changed_at
    return WithdrawalPlan(reversal, entry.previous_level, since)


class CorrectableChange(NamedTuple):
    """A change as the admin lists it, with the corrections it may still receive."""

    change: "ThreatLevelChange"
    withdrawal: WithdrawalPlan | None
    date_correctable: bool


def correctable_changes(entries):
    """`entries` (from `corrected()`) with what may be corrected in each."""
    public = {scope: list(ThreatLevelChange.objects.public(scope)[:3]) for scope in Scope}
    found = []
    for entry in entries:
        try:
            check_correctable(entry)
        except ValidationError:
            found.append(CorrectableChange(entry, None, False))
            continue
        try:
            withdrawal = plan_withdrawal(entry, public[entry.scope])
        except ValidationError:
            withdrawal = None
        found.append(CorrectableChange(entry, withdrawal, True))
    return found


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Threat level history cannot be changed."))

    def delete(self):
        raise ValidationError(_("Threat level history cannot be deleted."))


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Threat level history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Threat level history cannot be deleted."))


class ChangeQuerySet(AppendOnlyQuerySet):
    def corrected(self):
        """The changes with their corrections applied, newest first: each carries
        `took_effect_at` (the corrected date, else the recorded one) and `withdrawn`."""
        if not ThreatLevelCorrection.objects.exists():
            # The usual case, in a query without subqueries (about a third of the
            # threat levels page's database work, with both caches off).
            return self.annotate(
                took_effect_at=models.F("changed_at"),
                date_corrected_at=models.Value(None, output_field=models.DateTimeField()),
                withdrawn=models.Value(False),
            ).order_by("-changed_at", "-pk")
        corrections = ThreatLevelCorrection.objects.filter(change=OuterRef("pk"))
        latest_date = corrections.filter(kind=ThreatLevelCorrection.Kind.DATE_CORRECTED).order_by(
            "-pk"
        )
        withdrawals = ThreatLevelCorrection.objects.filter(
            Q(change=OuterRef("pk")) | Q(reversal=OuterRef("pk")),
            kind=ThreatLevelCorrection.Kind.WITHDRAWN,
        )
        return self.annotate(
            took_effect_at=Coalesce(Subquery(latest_date.values("new_date")[:1]), "changed_at"),
            date_corrected_at=Subquery(latest_date.values("made_at")[:1]),
            withdrawn=Exists(withdrawals),
        ).order_by("-took_effect_at", "-pk")

    def public(self, scope):
        """The changes of one level the public sees, newest first."""
        return self.corrected().filter(scope=scope, withdrawn=False)

    def history(self, *, include_ni=True, limit=None, include_withdrawn=False):
        """Changes of the levels as corrected, newest first; withdrawn ones only when
        asked for. Kept for the generation: a change of level or a correction starts a
        new one. Keyed by its arguments alone: call it on the manager, never on a
        filtered queryset."""

        def changes():
            found = self.corrected()
            if not include_ni:
                found = found.filter(scope=Scope.NATIONAL)
            if not include_withdrawn:
                found = found.filter(withdrawn=False)
            return list(found[:limit] if limit is not None else found)

        return kept(("threat-level-history", include_ni, limit, include_withdrawn), changes)


# The history is only added to by a change of level, but a row recorded any other way
# shows too.
@shown_on_every_page
class ThreatLevelChange(AppendOnlyModel):
    """One change of a level: append-only, never edited or deleted. A mistake is put
    right by a ThreatLevelCorrection."""

    scope = models.CharField(_("which level"), max_length=20, choices=Scope.choices)
    level = models.CharField(_("new level"), max_length=16, choices=ThreatLevel.choices)
    previous_level = models.CharField(
        _("previous level"), max_length=16, choices=ThreatLevel.choices, blank=True
    )
    changed_at = models.DateTimeField(_("took effect"))
    previous_changed_at = models.DateTimeField(
        _("previous level took effect"), null=True, blank=True
    )
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

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("threat level change")
        verbose_name_plural = _("threat level changes")
        indexes = [models.Index(fields=["scope", "-changed_at"])]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.level} ({self.changed_at:%Y-%m-%d})"

    @property
    def corrected_from(self):
        """The date recorded, where a correction has moved it (read from `corrected()`)."""
        took_effect_at = getattr(self, "took_effect_at", self.changed_at)
        return self.changed_at if took_effect_at != self.changed_at else None

    @property
    def meaning(self):
        return meaning_of(self.level)

    @property
    def position(self):
        return position_of(self.level)

    @property
    def scope_title(self):
        return SCOPE_TITLES[Scope(self.scope)]


class CorrectionQuerySet(AppendOnlyQuerySet):
    def withdrawals(self, *, include_ni=True, limit=None):
        """Withdrawals with the change they withdrew, newest first; kept like history()."""

        def withdrawals():
            found = self.filter(kind=ThreatLevelCorrection.Kind.WITHDRAWN).select_related(
                "change", "reversal"
            )
            if not include_ni:
                found = found.filter(change__scope=Scope.NATIONAL)
            return list(found[:limit] if limit is not None else found)

        return kept(("threat-level-withdrawals", include_ni, limit), withdrawals)


# A correction changes the history every page's level and date come from.
@shown_on_every_page
class ThreatLevelCorrection(AppendOnlyModel):
    """A change put right: withdrawn (with its reversal) or its date corrected. Made
    through ThreatLevelSettings.withdraw() and .correct_date(); append-only."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DATE_CORRECTED = "date_corrected", _("Date corrected")

    kind = models.CharField(_("correction"), max_length=20, choices=Kind.choices)
    change = models.ForeignKey(
        ThreatLevelChange,
        verbose_name=_("change"),
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    reversal = models.ForeignKey(
        ThreatLevelChange,
        verbose_name=_("reversal withdrawn with it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_date = models.DateTimeField(_("took effect, before"), null=True, blank=True)
    new_date = models.DateTimeField(_("took effect, corrected"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("threat level correction")
        verbose_name_plural = _("threat level corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.change}"


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
        index.SearchField("scale_text"),
    ]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("threat levels page")

    def scale_text(self):
        """The scale the page shows, each level and what it means: drawn from the code,
        not from the page's fields, and found by search all the same ("substantial")."""
        return " ".join(f"{level.label}: {meaning_of(level)}." for level in ThreatLevel)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        levels = ThreatLevelSettings.load()
        history = ThreatLevelChange.objects.history(include_ni=levels.show_ni_level)
        context.update(
            # The bar's link to this page is marked as the page shown (threat_level_bar).
            on_threat_levels_page=True,
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
        context["categories"] = ThreatCategoryPage.listed_under(self.path)
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
    search_kind = SearchKind("threat", _("Threat category"), _("Threat categories"))
    search_fields = ContentPage.search_fields + [index.SearchField("body")]

    parent_page_types = ["threats.MissionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("threat category page")

    @classmethod
    def listed_under(cls, parent_path):
        """The live, public categories under the page at `parent_path`, in tree order,
        without their StreamFields: one query, kept for the generation. The mission page
        lists them, and each category's sidebar, from the same kept list."""
        depth = len(parent_path) // cls.steplen + 1
        return kept_among(
            "threat-categories",
            parent_path,
            lambda: list(
                public_live(cls.objects.filter(path__startswith=parent_path, depth=depth))
                .defer_streamfields()
                .order_by("path")
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            # The sidebar's list: this page and its siblings, from the kept list.
            categories=self.listed_under(self.path[: -self.steplen]),
            related_links=self.shown_related_links(),
        )
        return context

    def shown_related_links(self):
        """The related links visitors can follow: a link to a page that has been deleted,
        unpublished or restricted since an editor chose it is left out."""
        return [
            link
            for link in self.related_links
            if (is_public(link.value["page"]) if link.value["page"] else link.value["url"])
        ]
