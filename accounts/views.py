"""Two-factor sign-in: the code step, enrolment, recovery codes, account security."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.views.account import AccountView, LogoutView

from .forms import CodeForm, PasswordConfirmForm, RecoveryCodeForm
from .models import SecurityEvent
from .two_factor import (
    authenticator,
    confirm_authenticator,
    has_device,
    new_recovery_codes,
    pending_authenticator,
    qr_code_svg,
    recovery_device,
    remove_devices,
    secret_for_display,
    two_factor_required,
)

NEW_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def next_url(request):
    """Where to go once verified: a path on this site, or the dashboard. (A bare word is
    neither: redirect() took it for a URL name, a 500 once the code was used up.)"""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def complete_two_factor(request, device):
    """Mark the session verified by this device, under a fresh session key."""
    request.session.cycle_key()
    django_otp.login(request, device)


def show_new_codes(request, codes):
    request.session[NEW_CODES_SESSION_KEY] = codes
    return redirect("accounts_recovery_codes")


def _verify(request, form_class, device, used, text):
    """A sign-in step; `text`: its heading, instructions, and the other way in (a URL
    name and its link text)."""
    if request.user.is_verified():
        return redirect(next_url(request))
    if not has_device(request.user):
        return redirect(reverse("accounts_two_factor_setup") + f"?{request.GET.urlencode()}")
    form = form_class(request.POST or None, user=request.user, device=device)
    if request.method == "POST":
        if form.is_valid():
            complete_two_factor(request, device)
            SecurityEvent.record(
                SecurityEvent.Kind.TWO_FACTOR_VERIFIED, request, user=request.user, detail=used
            )
            return redirect(next_url(request))
        SecurityEvent.record(
            SecurityEvent.Kind.TWO_FACTOR_FAILED,
            request,
            user=request.user,
            detail=f"{used}: {'; '.join(form.errors.get('code', []))}",
        )
    context = {"form": form, "next": next_url(request), **text}
    return render(request, "accounts/verify.html", context)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    return _verify(
        request,
        CodeForm,
        authenticator(request.user),
        "authenticator app",
        {
            "title": _("Two-factor sign-in"),
            "heading": _("Enter your sign-in code"),
            "instructions": _(
                "Open your authenticator app and enter the six-digit code it shows for this site."
            ),
            "other_way": "accounts_two_factor_recovery",
            "other_way_text": _("Lost your phone? Use a recovery code instead"),
        },
    )


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify_recovery(request):
    return _verify(
        request,
        RecoveryCodeForm,
        recovery_device(request.user),
        "recovery code",
        {
            "title": _("Use a recovery code"),
            "heading": _("Use a recovery code"),
            "instructions": _(
                "Enter one of the recovery codes you were given when you set up two-factor "
                "sign-in. Each code works once."
            ),
            "other_way": "accounts_two_factor_verify",
            "other_way_text": _("Use your authenticator app instead"),
        },
    )


@sensitive_post_parameters("code")
@sensitive_variables("codes")
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: QR code and secret, confirmed by a first code."""
    user = request.user
    if has_device(user):
        if not user.is_verified():
            return redirect(reverse("accounts_two_factor_verify") + f"?{request.GET.urlencode()}")
        messages.info(request, _("Two-factor sign-in is already set up."))
        return redirect("accounts_security")
    device = pending_authenticator(request)
    form = CodeForm(request.POST or None, user=user, device=device)
    # The steps come first, the key to type among them: a screen reader starts at the top,
    # not at the code field below them.
    form.fields["code"].widget.attrs.pop("autofocus", None)
    if request.method == "POST" and form.is_valid():
        confirm_authenticator(device)
        codes = new_recovery_codes(user)
        complete_two_factor(request, device)
        SecurityEvent.record(SecurityEvent.Kind.TWO_FACTOR_ENROLLED, request, user=user)
        request.session["accounts_after_codes"] = next_url(request)
        return show_new_codes(request, codes)
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_for_display(device),
            "required": two_factor_required(user),
            "next": next_url(request),
        },
    )


@require_http_methods(["GET"])
def recovery_codes(request):
    """Shows new recovery codes once; reloading the page does not show them again."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if codes is None:
        return redirect("accounts_security")
    after = request.session.pop("accounts_after_codes", None) or reverse("accounts_security")
    # Every admin URL is sent with Cache-Control: no-store (Wagtail's never_cache).
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "continue_url": after})


# Wrong passwords given to confirm a change (replacing the recovery codes, removing the
# authenticator) before the session is signed out: whoever holds a session that is not
# theirs cannot guess on.
WRONG_PASSWORDS_ALLOWED = 5
WRONG_PASSWORDS_KEY = "accounts_wrong_passwords"


def security_context(user, remove_form=None, replace_form=None):
    recovery = recovery_device(user)
    return {
        "device": authenticator(user),
        "recovery_codes_left": recovery.token_set.count() if recovery else 0,
        "required": two_factor_required(user),
        "remove_form": remove_form or PasswordConfirmForm(user=user),
        "replace_form": replace_form or PasswordConfirmForm(user=user, prefix="replace"),
    }


def password_confirmed(request, form):
    """Whether `form` holds the user's password; a wrong one is logged, and the session
    signed out at the WRONG_PASSWORDS_ALLOWED-th (the caller then sends it to sign in)."""
    if form.is_valid():
        request.session.pop(WRONG_PASSWORDS_KEY, None)
        return True
    if "password" in form.errors and form.data.get(form.add_prefix("password")):
        user = request.user
        SecurityEvent.record(SecurityEvent.Kind.PASSWORD_REFUSED, request, user=user)
        wrong = request.session.get(WRONG_PASSWORDS_KEY, 0) + 1
        request.session[WRONG_PASSWORDS_KEY] = wrong
        if wrong >= WRONG_PASSWORDS_ALLOWED:
            logout(request)
    return False


class SignOutByPostAlone(LogoutView):
    """Wagtail's sign-out, which answers anything but a POST with Django's 405 but takes
    the session's cookie away all the same (and says "logged out"): a link on another
    site signed its visitors out of the admin. Now only a POST does anything."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class AccountCountingWrongPasswords(AccountView):
    """Wagtail's account page, whose password change asks for the current password: a
    wrong one counts as one on the security page does (`password_confirmed`), so that a
    session that is not its owner's cannot guess on here either. Wagtail's form checks it
    again and says so; the fifth wrong one signs the session out."""

    def post(self, request):
        old = request.POST.get("password-old_password", "")
        # Wagtail's panel reads the password fields only when a new password is given.
        changing = request.POST.get("password-new_password1") or request.POST.get(
            "password-new_password2"
        )
        if old and changing:
            form = PasswordConfirmForm({"password": old}, user=request.user)
            if not password_confirmed(request, form) and not request.user.is_authenticated:
                return redirect("wagtailadmin_login")
        return super().post(request)


def refused(request, **forms):
    """The security page again with the refused form, or, once the session was signed
    out for too many wrong passwords, the sign-in."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    return render(
        request, "accounts/security.html", security_context(request.user, **forms), status=400
    )


def security(request):
    """Account security: the device, the recovery codes left, and what can be done."""
    return render(request, "accounts/security.html", security_context(request.user))


@sensitive_post_parameters("replace-password")
@require_POST
@sensitive_variables("codes")
def regenerate_recovery_codes(request):
    """New recovery codes, after the password is given again (a session that is not the
    user's would otherwise get codes to sign in with for good)."""
    if authenticator(request.user) is None:
        return redirect("accounts_security")
    form = PasswordConfirmForm(request.POST, user=request.user, prefix="replace")
    if not password_confirmed(request, form):
        return refused(request, replace_form=form)
    codes = new_recovery_codes(request.user)
    SecurityEvent.record(SecurityEvent.Kind.RECOVERY_CODES_REGENERATED, request, user=request.user)
    return show_new_codes(request, codes)


@sensitive_post_parameters("password")
@require_POST
def remove(request):
    """Remove the device and recovery codes, after the password is given again."""
    user = request.user
    form = PasswordConfirmForm(request.POST, user=user)
    if not password_confirmed(request, form):
        return refused(request, remove_form=form)
    remove_devices(user, keeping_session=request.session.session_key)
    SecurityEvent.record(SecurityEvent.Kind.TWO_FACTOR_REMOVED, request, user=user)
    messages.success(request, _("Two-factor sign-in has been removed from your account."))
    return redirect("accounts_security")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page, status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
