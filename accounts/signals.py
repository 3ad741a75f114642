"""Fill the security log from Django's and django-axes' sign-in signals."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent


@receiver(user_logged_in, dispatch_uid="accounts_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    SecurityEvent.record(SecurityEvent.Kind.SIGN_IN, request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    SecurityEvent.record(
        SecurityEvent.Kind.SIGN_IN_FAILED, request, username=credentials.get("username", "")
    )


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    SecurityEvent.record(SecurityEvent.Kind.LOCKED_OUT, request, username=username or "")
