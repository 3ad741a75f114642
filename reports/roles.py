"""Report handlers see the reports area and nothing else of the admin."""

from editorial.roles import ACCESS_ADMIN, REPORT_HANDLERS, ModelGrant

GRANTS = [
    ModelGrant(
        REPORT_HANDLERS,
        (ACCESS_ADMIN, "reports.view_report", "reports.change_report", "reports.export_report"),
    ),
]
