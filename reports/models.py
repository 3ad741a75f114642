"""The "Report information" page and the reports it receives.

A report is sealed (reports.sealing) before anything is written: the database holds
its ciphertext, the fingerprint of the key it is sealed to, a random reference and the
hour it arrived. Nothing about the person who sent it: not their address, their browser
or the exact time.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from core.models import BasePage
from editorial.review import Reviewed

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "phone-setting"]


class ReportPage(Reviewed, BasePage):
    """The one page with the reporting form (reports.views.send receives it). Its changes
    go live only through "Comms review": it is the page people trust with what they know."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Shown above the form, after the emergency numbers."),
    )
    after_sending = RichTextField(
        _("after sending"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Shown on the confirmation page, under the reference."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("after_sending")]

    max_count = 1
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    template = "reports/report_page.html"

    class Meta:
        verbose_name = _("report information page")

    def serve(self, request, *args, **kwargs):
        from .views import render_form

        # GET and HEAD alone come here (BasePage.allowed_http_methods): the form posts to
        # /report/send/, whose body is read into memory only.
        return render_form(request, self)


class ReportQuerySet(models.QuerySet):
    def without_content(self):
        """Rows for listing: the ciphertext stays in the database."""
        return self.defer("ciphertext")

    def past_retention(self):
        """To be deleted: handled or exported, the later of the two longer ago than the
        retention period (a report exported again, its first copy lost, is kept its full
        time from then, even if it was handled long before)."""
        cutoff = retention_cutoff()
        return (
            self.exclude(handled_at__isnull=True, exported_at__isnull=True)
            .exclude(handled_at__gte=cutoff)
            .exclude(exported_at__gte=cutoff)
        )

    def waiting_too_long(self):
        """Neither handled nor exported, and older than the retention period: flagged to
        handlers, never deleted without them."""
        return self.filter(
            handled_at__isnull=True, exported_at__isnull=True, received_hour__lt=retention_cutoff()
        )


def retention_cutoff():
    return timezone.now() - timedelta(days=settings.REPORTS_RETENTION_DAYS)


class Report(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    # The hour it arrived (minutes and seconds dropped): enough to order and keep reports,
    # too coarse to match a report to one visit in other records.
    received_hour = models.DateTimeField(_("received (hour)"), db_index=True)
    key_fingerprint = models.CharField(_("key"), max_length=32)
    ciphertext = models.BinaryField(_("sealed report"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    # The random value of the form's token (reports.forms): the same post sent again (the
    # answer reloaded, Send clicked twice) finds its report instead of storing another.
    # It is in no page but the form the sender was shown, and says nothing of them.
    sent_with = models.CharField(max_length=32, unique=True, null=True, editable=False)  # noqa: DJ001 - unique: rows from before have none

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_hour", "reference"]
        verbose_name = _("report")
        default_permissions = ("view", "change")
        permissions = [("export_report", "Can export reports")]

    def __str__(self):
        return self.reference

    @property
    def state(self):
        if self.handled_at:
            return _("Handled")
        if self.exported_at:
            return _("Exported")
        return _("New")

    @property
    def waiting_too_long(self):
        return (
            self.handled_at is None
            and self.exported_at is None
            and self.received_hour < retention_cutoff()
        )
