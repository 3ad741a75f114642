from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from editorial import roles

# One account per role, for trying the admin locally. Never in production.
LOCAL_ACCOUNTS = (
    ("admin", roles.ADMINISTRATORS, True),
    ("comms", roles.COMMS_EDITORS, False),
    ("approver", roles.COMMS_APPROVERS, False),
    ("recruiter", roles.RECRUITERS, False),
    ("threatlevel", roles.THREAT_LEVEL_MANAGERS, False),
    ("handler", roles.REPORT_HANDLERS, False),
)
LOCAL_PASSWORD = "local-only-password"  # noqa: S105 - documented, dev settings only


class Command(BaseCommand):
    help = "Create one local account per role (dev settings only); existing ones are kept."

    def handle(self, *args, **options):
        if not settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED:
            raise CommandError(
                "Local accounts are only for development, in a local SQLite database: "
                "these settings do not allow them (set DJANGO_SETTINGS_MODULE on a server)."
            )
        roles.apply_roles()
        user_model = get_user_model()
        for username, group_name, is_superuser in LOCAL_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@localhost",
                    "is_staff": is_superuser,
                    "is_superuser": is_superuser,
                    "first_name": username.capitalize(),
                },
            )
            if created:
                user.set_password(LOCAL_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(f"Local accounts (password for each: {LOCAL_PASSWORD}):")
        for username, group_name, _ in LOCAL_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {group_name}")
