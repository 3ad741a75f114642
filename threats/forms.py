import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.editor_input import refuse_text_that_shows_nothing, shows_nothing

from .levels import MEANINGS, ThreatLevel
from .models import Scope


def moment_of(day):
    """The moment a level took effect on `day`: now for today, else the day's start."""
    if day is None or day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_model_errors(form, error, date_field="took_effect_on"):
    """Show a model's ValidationError on the form, a date's under the form's date field."""
    for field, messages in error.message_dict.items():
        if field.endswith("changed_at"):
            field = date_field
        form.add_error(field if field in form.fields else None, messages)


# The day the national threat levels were first published: no level took effect before
# it. A year mistyped (0206 for 2006, 0001) was taken, and the API and feeds then gave a
# date browsers cannot read, with London's local mean time (found by a probe).
FIRST_PUBLISHED = datetime.date(2006, 8, 1)


class TookEffectOn:
    """For a form with a `took_effect_on` day: never in the future, nor before the levels
    were first published; `changed_at` is the moment it stands for."""

    def clean_took_effect_on(self):
        day = self.cleaned_data.get("took_effect_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("A level cannot take effect in the future."))
        if day and day < FIRST_PUBLISHED:
            raise ValidationError(
                _("Check the year: threat levels were first published on 1 August 2006.")
            )
        return day

    @property
    def changed_at(self):
        return moment_of(self.cleaned_data.get("took_effect_on"))


class LevelChoiceField(forms.ChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        choices = [(level.value, f"{level.label}: {MEANINGS[level]}") for level in ThreatLevel]
        super().__init__(choices=choices, **kwargs)


class ChangeLevelForm(TookEffectOn, forms.Form):
    """A change of one level. Checked again against the levels in force when confirmed."""

    scope = forms.ChoiceField(
        label=_("Which level"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which level changes: national or Northern Ireland.")},
    )
    level = LevelChoiceField(
        label=_("New level"), error_messages={"required": _("Choose the new level.")}
    )
    took_effect_on = forms.DateField(
        label=_("Took effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Leave empty for now. Enter an earlier date only for a change announced before "
            "it was entered here."
        ),
    )
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Shown with the change in the public history and feeds."),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels

    def clean(self):
        cleaned = super().clean()
        refuse_text_that_shows_nothing(self, cleaned)  # a note of zero-width spaces
        if self.errors:
            return cleaned
        try:
            scope = cleaned["scope"]
            moment = self.levels.moment_for(scope, self.changed_at)
            self.levels.check_change(scope, cleaned["level"], moment)
        except ValidationError as error:
            add_model_errors(self, error)
        return cleaned


class VisibilityForm(forms.Form):
    show_ni_level = forms.BooleanField(
        label=_("Show the Northern Ireland level on the public site"), required=False
    )


class CorrectionForm(forms.Form):
    """A correction of one recorded change. Checked again when confirmed."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. Kept with the correction in the audit on this screen."),
        error_messages={"required": _("Give the reason for the correction.")},
    )

    def __init__(self, *args, levels, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.entry = entry

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason or shows_nothing(reason):
            raise ValidationError(_("Give the reason for the correction."))
        return reason


class WithdrawalForm(CorrectionForm):
    def clean(self):
        cleaned = super().clean()
        try:
            self.plan = self.levels.check_withdrawal(self.entry)
        except ValidationError as error:
            add_model_errors(self, error)
        return cleaned


class DateCorrectionForm(TookEffectOn, CorrectionForm):
    took_effect_on = forms.DateField(
        label=_("Took effect on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the change really took effect."),
        error_messages={"required": _("Enter the day the change really took effect.")},
    )

    field_order = ["took_effect_on", "reason"]

    def clean(self):
        cleaned = super().clean()
        if "took_effect_on" in self.errors:
            return cleaned
        try:
            self.levels.check_date_correction(self.entry, self.changed_at)
        except ValidationError as error:
            add_model_errors(self, error)
        return cleaned
