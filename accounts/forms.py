from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .two_factor import check_code, normalise_code


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form without "Remember me": admin sessions end with the browser."""

    remember = None


class CodeForm(forms.Form):
    """A code checked against one device; the refusal says why, in words."""

    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your app shows."))
        if self.device is None:
            raise forms.ValidationError(_("There is no device to check this code against."))
        accepted, refusal = check_code(self.user, self.device, code)
        if not accepted:
            raise forms.ValidationError(refusal)
        return code


class RecoveryCodeForm(CodeForm):
    code = forms.CharField(
        label=_("One of your recovery codes"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if self.device is None:
            raise forms.ValidationError(_("You have no recovery codes left."))
        accepted, refusal = check_code(self.user, self.device, code)
        if not accepted:
            raise forms.ValidationError(refusal)
        return code


class PasswordConfirmForm(forms.Form):
    """Asks for the current password before two-factor sign-in is turned off."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
