import contextlib
import os
import signal
import tempfile
from datetime import UTC, datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import SecurityEvent
from reports.exports import oldest_within_the_limit, write_reports
from reports.models import Report


def parse_day(text):
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"--since must be a date such as 2026-12-01, not {text!r}.") from None
    return datetime.combine(day, time.min, tzinfo=UTC)


def stopped(signum, frame):
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = (
        "Write reports (all, those received since a day, or those never exported), the "
        "oldest first, to one export file for the offline machine (REPORTS_MAX_EXPORT_MB "
        "at most), and note them as exported."
    )

    def add_arguments(self, parser):
        parser.add_argument("outfile", help="The export file to write (it must not exist).")
        parser.add_argument("--since", help="Only reports received on or after this day (UTC).")
        parser.add_argument("--new", action="store_true", help="Only reports never exported.")

    def handle(self, *args, outfile, since=None, new=False, **options):
        reports = Report.objects.all()
        if since is not None:
            reports = reports.filter(received_hour__gte=parse_day(since))
        if new:
            reports = reports.filter(exported_at__isnull=True)
        pks, left_out = oldest_within_the_limit(reports)
        count = len(pks)
        if not count:
            self.stdout.write("No reports to export.")
            return
        now = timezone.now()
        try:
            open(outfile, "xb").close()  # the name, claimed: an export never overwrites
        except FileExistsError:
            raise CommandError(f"{outfile} exists already: choose a new file name.") from None
        except OSError as error:  # no such folder, a folder, not allowed
            raise CommandError(f"Cannot write {outfile!r}: {error.strerror}.") from None
        # Written beside it, on disk, then put in its place, all before the reports are
        # noted as exported: a write cut short (a full disk) left a part of the file and
        # noted every report exported anyway, which starts the retention clock on reports
        # nobody could open. Now it leaves nothing, and notes nothing.
        folder = os.path.dirname(os.path.abspath(outfile))
        partial, placed = None, False
        # Stopped (systemd, kill), it cleans up as for an error: SIGTERM ended it at once,
        # leaving the claimed name empty and the part written beside it.
        previous = signal.signal(signal.SIGTERM, stopped)
        try:
            handle, partial = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".partial")
            with transaction.atomic():
                with os.fdopen(handle, "wb") as fileobj:
                    write_reports(Report.objects.filter(pk__in=pks), fileobj, now)
                    fileobj.flush()
                    os.fsync(fileobj.fileno())
                os.replace(partial, outfile)
                placed = True
                Report.objects.filter(pk__in=pks).update(exported_at=now)  # the last export
                SecurityEvent.record(
                    SecurityEvent.Kind.REPORTS_EXPORTED,
                    username="manage.py export_reports",
                    detail=f"{count}: {outfile}",
                )
        except OSError as error:
            raise CommandError(
                f"Cannot write {outfile!r}: {error.strerror}. Nothing was exported."
            ) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
            if not placed:
                for path in filter(None, (partial, outfile)):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
        self.stdout.write(f"{count} reports written to {outfile}.")
        if left_out:
            self.stdout.write(
                f"{left_out} more, received later, did not fit in one file "
                f"(REPORTS_MAX_EXPORT_MB, {settings.REPORTS_MAX_EXPORT_MB}): run it again "
                "with --new and another file name."
            )
