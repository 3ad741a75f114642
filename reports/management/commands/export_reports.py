from datetime import UTC, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import SecurityEvent
from reports.exports import write_reports
from reports.models import Report


def parse_day(text):
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"--since must be a date such as 2026-12-01, not {text!r}.") from None
    return datetime.combine(day, time.min, tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Write reports (all, or those received since a day) to one export file for the "
        "offline machine, and note them as exported."
    )

    def add_arguments(self, parser):
        parser.add_argument("outfile", help="The export file to write (it must not exist).")
        parser.add_argument("--since", help="Only reports received on or after this day (UTC).")

    def handle(self, *args, outfile, since=None, **options):
        reports = Report.objects.all()
        if since:
            reports = reports.filter(received_hour__gte=parse_day(since))
        count = reports.count()
        if not count:
            self.stdout.write("No reports to export.")
            return
        now = timezone.now()
        try:
            fileobj = open(outfile, "xb")  # noqa: SIM115 - closed below, never overwrites
        except FileExistsError:
            raise CommandError(f"{outfile} exists already: choose a new file name.") from None
        except OSError as error:  # no such folder, a folder, not allowed
            raise CommandError(f"Cannot write {outfile!r}: {error.strerror}.") from None
        with fileobj, transaction.atomic():
            pks = list(reports.values_list("pk", flat=True))
            write_reports(Report.objects.filter(pk__in=pks), fileobj, now)
            Report.objects.filter(pk__in=pks).update(exported_at=now)  # the last export
            SecurityEvent.record(
                SecurityEvent.Kind.REPORTS_EXPORTED,
                username="manage.py export_reports",
                detail=f"{count}: {outfile}",
            )
        self.stdout.write(f"{count} reports written to {outfile}.")
