"""Report handlers see the reports area and nothing else of the admin; the report page
itself goes through "Comms review" (comms editors never publish it directly)."""

from editorial.roles import ACCESS_ADMIN, REPORT_HANDLERS, ModelGrant, ReviewedSection


def report_page():
    from .models import ReportPage

    return ReportPage.objects.first()


GRANTS = [
    ModelGrant(
        REPORT_HANDLERS,
        (ACCESS_ADMIN, "reports.view_report", "reports.change_report", "reports.export_report"),
    ),
    ReviewedSection(report_page, "the report form"),
]
