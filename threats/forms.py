import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .levels import MEANINGS, ThreatLevel
from .models import Scope


class LevelChoiceField(forms.ChoiceField):
    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        choices = [(level.value, f"{level.label}: {MEANINGS[level]}") for level in ThreatLevel]
        super().__init__(choices=choices, **kwargs)


class ChangeLevelForm(forms.Form):
    """A change of one level. Checked again against the levels in force when confirmed."""

    scope = forms.ChoiceField(
        label=_("Which level"), choices=Scope.choices, widget=forms.RadioSelect
    )
    level = LevelChoiceField(label=_("New level"))
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

    def clean_took_effect_on(self):
        day = self.cleaned_data.get("took_effect_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("A level cannot take effect in the future."))
        return day

    @property
    def changed_at(self):
        day = self.cleaned_data.get("took_effect_on")
        if day is None or day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.levels.check_change(cleaned["scope"], cleaned["level"], self.changed_at)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error("took_effect_on" if field == "changed_at" else field, messages)
        return cleaned


class VisibilityForm(forms.Form):
    show_ni_level = forms.BooleanField(
        label=_("Show the Northern Ireland level on the public site"), required=False
    )
