from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.client_address import client_address

USER_AGENT_MAX_LENGTH = 255


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The security log cannot be changed."))

    def delete_past_retention(self):
        """Delete the events older than SECURITY_LOG_RETENTION_DAYS: the one way events
        leave the log (delete_old_security_events, daily). Returns how many."""
        cutoff = timezone.now() - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
        deleted, _per_model = models.QuerySet.delete(self.filter(created_at__lt=cutoff))
        return deleted

    def delete(self):
        raise ValidationError(_("The security log cannot be deleted."))


class SecurityEvent(models.Model):
    """One sign-in, failure, lockout or two-factor change: append-only."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in with password")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        LOCKED_OUT = "locked_out", _("Locked out")
        SESSION_EXPIRED = "session_expired", _("Signed out after inactivity")
        SESSION_ENDED = "session_ended", _("Signed out at the session's longest")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Two-factor code accepted")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-factor code refused")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor device added")
        TWO_FACTOR_REMOVED = "two_factor_removed", _("Two-factor device removed")
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("Recovery codes replaced")
        PASSWORD_REFUSED = "password_refused", _("Password refused at a confirmation")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset asked for")
        PUBLISHED_WITHOUT_REVIEW = "published_without_review", _("Published without review")
        REPORTS_EXPORTED = "reports_exported", _("Reports exported")
        REPORTS_HANDLED = "reports_handled", _("Reports marked handled")
        GROUPS_CHANGED = "groups_changed", _("Groups changed")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=Kind.choices, db_index=True)
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    # Whole: a batch of reports names every reference it handled or exported.
    detail = models.TextField(_("detail"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        # Read-only: there is nothing to grant but viewing.
        default_permissions = ("view",)

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.username or '-'} ({self.created_at:%Y-%m-%d %H:%M})"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("The security log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The security log cannot be deleted."))

    @classmethod
    def record(cls, kind, request=None, *, user=None, username="", detail=""):
        """Add an event; the address and browser come from the request when there is one."""
        if user is not None and not user.is_authenticated:
            user = None
        if user is not None and not username:
            username = user.get_username()
        meta = getattr(request, "META", {})
        return cls.objects.create(
            kind=kind,
            user=user,
            username=(username or "")[:150],
            ip_address=client_address(request) if request is not None else None,
            user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
            detail=detail,
        )
