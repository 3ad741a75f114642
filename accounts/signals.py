"""Fill the security log from Django's and django-axes' sign-in signals; tell an old
email address of a new one; end a deactivated user's sessions; log who changed whose
groups (what a user may do: an administrator adding themselves to Report handlers, say)."""

import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core.models import SiteSettings

from .middleware import SIGNED_IN_AT_KEY
from .models import SecurityEvent
from .two_factor import end_sessions


@receiver(user_logged_in, dispatch_uid="accounts_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    SecurityEvent.record(SecurityEvent.Kind.SIGN_IN, request, user=user)
    if request is not None and hasattr(request, "session"):
        # The start of ADMIN_SESSION_MAX_HOURS (accounts.middleware).
        request.session[SIGNED_IN_AT_KEY] = int(time.time())


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    SecurityEvent.record(
        SecurityEvent.Kind.SIGN_IN_FAILED, request, username=credentials.get("username", "")
    )


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs):
    SecurityEvent.record(SecurityEvent.Kind.LOCKED_OUT, request, username=username or "")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_email_changed")
def tell_the_old_address_of_a_new_one(sender, instance, raw=False, **kwargs):
    """A changed email address is said to the old one, once the change commits: the
    account's own page changes it without the password, and password resets go to the
    new one, so whoever held a session that was not theirs could take the account over
    unseen."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields is not None and "email" not in update_fields):
        return  # a sign-in saves last_login alone
    old = sender.objects.filter(pk=instance.pk).values_list("email", flat=True).first()
    if not old or old.lower() == (instance.email or "").lower():
        return
    site_name = SiteSettings.load().site_name
    message = _(
        "The email address of your account on the %(site)s admin (%(username)s) was "
        "changed to %(new)s. If you did not change it, tell the team that runs the site "
        "now."
    ) % {"site": site_name, "username": instance.get_username(), "new": instance.email}
    subject = _("Your %(site)s account's email address was changed") % {"site": site_name}
    transaction.on_commit(lambda: send_mail(subject, message, None, [old], fail_silently=True))


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_deactivated")
def end_a_deactivated_user_s_sessions(sender, instance, raw=False, **kwargs):
    """An inactive user's sessions are refused, but would open again on reactivation:
    they end with the deactivation."""
    if not raw and not instance.is_active:
        end_sessions(instance)


@receiver(m2m_changed, dispatch_uid="accounts_groups_changed")
def record_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Joining or leaving a group, from either side (a user's form, a group's members),
    is in the security log, with who did it in the admin (Wagtail's log context)."""
    from django.contrib.auth import get_user_model
    from wagtail.log_actions import get_active_log_context

    user_model = get_user_model()
    if sender is not user_model.groups.through or action not in ("post_add", "post_remove"):
        return
    users = user_model.objects.filter(pk__in=pk_set) if reverse else [instance]
    groups = [instance] if reverse else Group.objects.filter(pk__in=pk_set)
    change = _("added to") if action == "post_add" else _("removed from")
    names = ", ".join(sorted(group.name for group in groups))
    actor = get_active_log_context().user
    by = _("; by %(username)s") % {"username": actor.get_username()} if actor else ""
    for user in users:
        SecurityEvent.record(
            SecurityEvent.Kind.GROUPS_CHANGED, user=user, detail=f"{change} {names}{by}"
        )
