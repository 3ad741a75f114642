from django.conf import settings
from django.core.management.base import BaseCommand

from reports.models import Report


class Command(BaseCommand):
    help = (
        "Delete the reports whose last export or handling, whichever is later, is more than "
        "REPORTS_RETENTION_DAYS ago; say how "
        "many others are older than that and wait for handlers. Run it daily beside the app."
    )

    def handle(self, *args, **options):
        deleted, _per_model = Report.objects.past_retention().delete()
        self.stdout.write(
            f"{deleted} reports handled or exported more than "
            f"{settings.REPORTS_RETENTION_DAYS} days ago deleted."
        )
        waiting = Report.objects.waiting_too_long().count()
        if waiting:
            # Never deleted without a handler: they are flagged in the admin instead.
            self.stderr.write(
                f"{waiting} reports older than {settings.REPORTS_RETENTION_DAYS} days are "
                "neither exported nor handled; they are kept and flagged to report handlers."
            )
