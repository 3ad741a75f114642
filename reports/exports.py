"""Export files for the offline machine (the format is reports.offline's)."""

from .offline import format_received_hour, write_export


def export_file_name(now):
    return f"reports-{now:%Y%m%d-%H%M%S}.json"


def write_reports(reports, fileobj, now):
    """Write `reports` (a queryset) to the binary `fileobj` as one export file."""
    write_export(
        (
            {
                "reference": report.reference,
                "received_hour": format_received_hour(report.received_hour),
                "key_fingerprint": report.key_fingerprint,
                "ciphertext": bytes(report.ciphertext),
            }
            for report in reports.order_by("received_hour", "reference").iterator(chunk_size=20)
        ),
        fileobj,
        exported_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
