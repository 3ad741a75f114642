"""Export files for the offline machine (the format is reports.offline's)."""

from django.conf import settings

from .offline import format_received_hour, write_export

MB = 1024 * 1024


def oldest_within_the_limit(reports):
    """(the pks of `reports`, oldest first, whose sealed sizes come to at most
    REPORTS_MAX_EXPORT_MB, the first one whatever its size; how many are left out)."""
    limit = settings.REPORTS_MAX_EXPORT_MB * MB
    chosen, total = [], 0
    for pk, size in reports.order_by("received_hour", "reference").values_list("pk", "size"):
        if chosen and total + size > limit:
            break
        chosen.append(pk)
        total += size
    return chosen, reports.count() - len(chosen)


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
