"""The admin's user forms, stricter about who is who.

Wagtail's forms take any letters in a username (a Cyrillic "аdmin" beside "admin") and
a username or an email address that differs from another only in case: two accounts an
administrator reading the security log, or a group's members, cannot tell apart, and
two accounts a password reset mail could reach. Here a username is ASCII (Django's own
validator) and neither it nor the email address may match another account's in any
case. Checked only where the value changes, so that accounts made before stay editable.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class DistinctUserMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators = [*field.validators, ASCIIUsernameValidator()]
        field.help_text = _("Required. Letters a–z, digits and @/./+/-/_ only.")
        # Wagtail's message for the code the validator raises ("invalid") says "letters".
        field.error_messages = {
            **field.error_messages,
            "invalid": _("Use only the letters a–z, digits and @/./+/-/_."),
        }

    def _taken(self, field_name, value):
        if field_name not in self.changed_data or not value:
            return False
        others = get_user_model().objects.exclude(pk=self.instance.pk)
        return others.filter(**{f"{field_name}__iexact": value}).exists()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if self._taken("username", username):
            raise forms.ValidationError(
                _("Another account has this username, or the same in other capitals.")
            )
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if self._taken("email", email):
            raise forms.ValidationError(_("Another account has this email address."))
        return email


class DistinctUserCreationForm(DistinctUserMixin, UserCreationForm):
    pass


class DistinctUserEditForm(DistinctUserMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return DistinctUserEditForm if for_update else DistinctUserCreationForm
