"""The admin's date pickers keep what an editor types, and read the UK way.

Wagtail's pickers (the jQuery datetimepicker it ships) replace text they cannot read in
their format with the current moment as the field loses focus: a closing date typed the
UK way (31/12/2026 17:00) became "now" and the role went live closed, a news date became
today. Here they leave typed text alone (the picker's `validateOnBlur`, which Wagtail's
widgets do not expose) and write dates the UK way (WAGTAIL_DATE_FORMAT,
WAGTAIL_DATETIME_FORMAT). Django reads both that and ISO dates (en-gb's input formats);
what it cannot read is a form error that says so.
"""

from django.db import models
from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override


class KeepsTypedText:
    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class DateInput(KeepsTypedText, widgets.AdminDateInput):
    pass


class DateTimeInput(KeepsTypedText, widgets.AdminDateTimeInput):
    pass


def use_in_admin_forms():
    register_form_field_override(models.DateField, override={"widget": DateInput})
    register_form_field_override(models.DateTimeField, override={"widget": DateTimeInput})
