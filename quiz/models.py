"""The "Fact or Fiction?" quiz: statements editors write, and how visitors answered."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin

from core.editor_input import VisibleTextForm
from serving import shown_on_every_page


class StatementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_page(self, page=None):
        """The page's own statement if it is active, else the most recently activated
        one. One query whatever the case, so the block fits the content pages' budget."""
        statements = self.active()
        ordering = [F("activated_at").desc(nulls_last=True), "-pk"]
        own_id = own_statement_id(page)
        if own_id is not None:
            statements = statements.annotate(
                is_own=Case(
                    When(pk=own_id, then=Value(1)), default=Value(0), output_field=IntegerField()
                )
            )
            ordering.insert(0, "-is_own")
        return statements.order_by(*ordering).only("pk", "statement").first()


def own_statement_id(page):
    """The id of the statement a page chose for itself, without loading it."""
    if page is None:
        return None
    own_id = getattr(page, "quiz_statement_id", None)
    if own_id is None:
        # With a foreign key this is None without a query; a plain attribute is read as is.
        own_id = getattr(getattr(page, "quiz_statement", None), "pk", None)
    return own_id


@shown_on_every_page
class FactOrFiction(RevisionMixin, models.Model):
    """A "Fact or Fiction?" statement for the quiz block. Its counts live in QuizTally."""

    class Answer(models.TextChoices):
        FACT = "fact", _("Fact")
        FICTION = "fiction", _("Fiction")

    statement = models.CharField(
        _("statement"),
        max_length=255,
        help_text=_("One sentence that visitors judge to be fact or fiction."),
    )
    answer = models.CharField(
        _("correct answer"),
        max_length=8,
        choices=Answer.choices,
        help_text=_("Changing it starts the count of visitors' answers again."),
    )
    explanation = models.TextField(
        _("explanation"),
        max_length=600,
        help_text=_("Two or three sentences shown after the visitor answers."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active statements are shown and may be answered."),
    )
    activated_at = models.DateTimeField(
        _("activated at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the statement last became active; the newest is shown by default."),
    )

    objects = StatementQuerySet.as_manager()

    base_form_class = VisibleTextForm
    panels = [
        FieldPanel("statement"),
        FieldPanel("answer"),
        FieldPanel("explanation"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("Fact or Fiction statement")
        verbose_name_plural = _("Fact or Fiction statements")
        indexes = [models.Index(fields=["active", "-activated_at"], name="portal_fof_active_idx")]

    def __str__(self):
        return self.statement

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "active" in update_fields:
            self.activated_at = self._activation_time()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "activated_at"}
        # Answers counted against the other answer would read as their opposite.
        answer_changed = (
            self.pk is not None
            and (update_fields is None or "answer" in update_fields)
            and type(self).objects.filter(pk=self.pk).exclude(answer=self.answer).exists()
        )
        super().save(*args, **kwargs)
        if answer_changed:
            QuizTally.objects.filter(pk=self.pk).delete()

    def _activation_time(self):
        # Read from the database, not the instance: a reverted revision carries an
        # old timestamp, and only a change from inactive to active is an activation.
        if not self.active:
            return None
        stored = None
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, active=True)
                .values_list("activated_at", flat=True)
                .first()
            )
        return stored or timezone.now()

    def is_correct(self, answer):
        return answer == self.answer

    @property
    def tally_or_none(self):
        """Its QuizTally, or None while nobody has answered."""
        try:
            return self.tally
        except QuizTally.DoesNotExist:
            return None

    def record_answer(self, is_correct):
        """Count one answer, atomically in the database: concurrent answers all count."""
        increments = {"total": F("total") + 1, "correct": F("correct") + int(is_correct)}
        if not QuizTally.objects.filter(pk=self.pk).update(**increments):
            # The first answer: create the row (another request may be doing the same).
            QuizTally.objects.bulk_create([QuizTally(statement=self)], ignore_conflicts=True)
            QuizTally.objects.filter(pk=self.pk).update(**increments)


class QuizTally(models.Model):
    """How many visitors answered a statement, and how many of them were right.

    Kept apart from the statement so that editing or reverting it leaves the counts, but
    for a change of its correct answer, which starts them again; the row is created the
    first time someone answers.
    """

    statement = models.OneToOneField(
        FactOrFiction,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally",
    )
    total = models.PositiveIntegerField(_("answers"), default=0)
    correct = models.PositiveIntegerField(_("correct answers"), default=0)

    class Meta:
        verbose_name = _("quiz tally")
        verbose_name_plural = _("quiz tallies")

    def __str__(self):
        return f"{self.statement_id}: {self.correct}/{self.total}"

    @property
    def share_correct(self):
        """The rounded percentage of answers that were right, or None before
        QUIZ_MIN_ANSWERS_FOR_SHARE were counted (a few answers say nothing, and are the
        easiest to skew)."""
        if self.total < settings.QUIZ_MIN_ANSWERS_FOR_SHARE:
            return None
        return round(100 * self.correct / self.total)
