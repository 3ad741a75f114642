from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import SecurityEvent


class Command(BaseCommand):
    help = (
        "Delete the security log's events older than SECURITY_LOG_RETENTION_DAYS (they hold "
        "people's addresses and browsers). Run it daily beside the app."
    )

    def handle(self, *args, **options):
        deleted = SecurityEvent.objects.delete_past_retention()
        self.stdout.write(
            f"{deleted} security events older than {settings.SECURITY_LOG_RETENTION_DAYS} "
            "days deleted."
        )
