"""The reports area of the admin: report handlers (and superusers) list reports, export a
selection as one file of ciphertexts for the offline machine, and mark reports handled.
What a report says is never shown here: the servers cannot read it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.models import SecurityEvent
from core.ids import is_row_id

from .exports import export_file_name, oldest_within_the_limit, write_reports
from .models import Report
from .sealing import known_fingerprints

VIEW, CHANGE, EXPORT = "reports.view_report", "reports.change_report", "reports.export_report"
PER_PAGE = 50


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_safe
def index(request):
    require(request, VIEW)
    reports = Paginator(Report.objects.without_content(), PER_PAGE).get_page(request.GET.get("p"))
    known_keys = known_fingerprints()
    for report in reports:
        report.key_use = known_keys.get(report.key_fingerprint)
    return TemplateResponse(
        request,
        "reports/admin/index.html",
        {
            "reports": reports,
            "waiting_too_long": Report.objects.waiting_too_long().count(),
            "can_export": request.user.has_perm(EXPORT),
            "can_change": request.user.has_perm(CHANGE),
            "retention_days": settings.REPORTS_RETENTION_DAYS,
        },
    )


def selected(request):
    pks = [pk for pk in request.POST.getlist("report") if is_row_id(pk)]
    return Report.objects.filter(pk__in=pks)


@require_POST
def export(request):
    require(request, EXPORT)
    chosen = selected(request)
    if not chosen.exists():
        messages.error(request, _("Choose the reports to export."))
        return redirect("reports_admin:index")
    _within, left_out = oldest_within_the_limit(chosen)
    if left_out:
        messages.error(
            request,
            _(
                "These reports are more than one export file holds (%(mb)s MB sealed). "
                "Choose fewer, or export them all with manage.py export_reports."
            )
            % {"mb": settings.REPORTS_MAX_EXPORT_MB},
        )
        return redirect("reports_admin:index")
    now = timezone.now()
    response = HttpResponse(content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{export_file_name(now)}"'
    with transaction.atomic():
        write_reports(chosen, response, now)
        chosen.update(exported_at=now)  # the last export: retention counts from it
        record(request, SecurityEvent.Kind.REPORTS_EXPORTED, chosen)
    return response


def record(request, kind, reports):
    """Who exported or marked which reports, in the security log (administrators read it)."""
    references = sorted(reports.values_list("reference", flat=True))
    SecurityEvent.record(
        kind, request, user=request.user, detail=f"{len(references)}: {', '.join(references)}"
    )


@require_POST
def mark_handled(request):
    """Mark the chosen reports handled; not one never exported, which nobody can have read
    (it would be deleted after the retention period unread)."""
    require(request, CHANGE)
    chosen = selected(request)
    unread = sorted(chosen.filter(exported_at__isnull=True).values_list("reference", flat=True))
    newly_handled = chosen.filter(handled_at__isnull=True, exported_at__isnull=False)
    pks = list(newly_handled.values_list("pk", flat=True))
    count = newly_handled.update(handled_at=timezone.now())
    if count:
        record(request, SecurityEvent.Kind.REPORTS_HANDLED, Report.objects.filter(pk__in=pks))
        messages.success(
            request,
            ngettext(
                "%(count)s report marked as handled.", "%(count)s reports marked as handled.", count
            )
            % {"count": count},
        )
    if unread:
        messages.error(
            request,
            ngettext(
                "Not marked: %(references)s was never exported, so nobody has read it. Export "
                "it and open it on the offline machine first.",
                "Not marked: %(references)s were never exported, so nobody has read them. "
                "Export them and open them on the offline machine first.",
                len(unread),
            )
            % {"references": ", ".join(unread)},
        )
    elif not count and chosen.exists():
        messages.info(request, _("The reports chosen were marked as handled already."))
    elif not count:
        messages.error(request, _("Choose the reports that have been handled."))
    return redirect("reports_admin:index")
