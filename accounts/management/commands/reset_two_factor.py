from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import SecurityEvent
from accounts.two_factor import remove_devices


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (a lost phone); the user "
        "sets up a new app at the next sign-in if their role requires it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not remove_devices(user):
            # Said so, and not logged as a removal that never was.
            self.stdout.write(f"{username} had no two-factor sign-in set up: nothing removed.")
            return
        SecurityEvent.record(
            SecurityEvent.Kind.TWO_FACTOR_REMOVED, user=user, detail="reset_two_factor command"
        )
        self.stdout.write(f"Two-factor sign-in removed from {username}.")
