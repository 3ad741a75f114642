import logging
import threading
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.signals import request_finished
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from core.client_address import client_address
from core.ratelimit import client_key, hit

from .models import SecurityEvent
from .two_factor import check_code, normalise_code


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form without "Remember me": admin sessions end with the browser."""

    remember = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form redefines both fields without Django's autocomplete values, which
        # let password managers fill them in (WCAG 1.3.5).
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


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


logger = logging.getLogger(__name__)
HOUR = 3600


def after_response(func):
    """Run `func` once the response to the request being served has been sent.

    Django sends request_finished when the server closes the response, in the thread
    that served it; the receiver acts on the first one in this thread, which is this
    request's, and then lets go.
    """
    thread = threading.get_ident()

    def receiver(**kwargs):
        if threading.get_ident() == thread:
            request_finished.disconnect(receiver)
            func()

    request_finished.connect(receiver, weak=False)


def reset_allowed(request, email):
    """At most PASSWORD_RESETS_PER_EMAIL_PER_HOUR mails to one address, and
    PASSWORD_RESETS_PER_CLIENT_PER_HOUR requests from one client, counted in the shared
    cache (core.ratelimit), or in the security log while the cache does not answer."""
    client = client_address(request)
    limits = [
        ("password-reset-email", email, settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR),
        ("password-reset-client", client_key(client), settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR),
    ]
    answers = [hit(scope, who, limit, HOUR) for scope, who, limit in limits]
    if None not in answers:
        return all(answers)
    recent = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        created_at__gte=timezone.now() - timedelta(seconds=HOUR),
    )
    # This request is in the log already.
    return (
        recent.filter(detail=email).count() <= limits[0][2]
        and recent.filter(ip_address=client).count() <= limits[1][2]
    )


class LimitedPasswordResetForm(PasswordResetForm):
    """Wagtail's password reset, with limits, and the same answer in the same time
    whether or not an account has the address: the mail, when there is one to send, goes
    after the response."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        SecurityEvent.record(SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, request, detail=email)
        if not reset_allowed(request, email):
            logger.warning("Password reset refused: too many asked for (one address or client)")
            return
        # The mail says how long its link works (PASSWORD_RESET_TIMEOUT).
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "link_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        after_response(
            lambda: super(LimitedPasswordResetForm, self).save(*args, request=request, **kwargs)
        )
