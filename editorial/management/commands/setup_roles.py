from django.core.management.base import BaseCommand

from editorial.roles import apply_roles


class Command(BaseCommand):
    help = "Create the admin groups and give each exactly its declared permissions (idempotent)."

    def handle(self, *args, **options):
        groups = apply_roles(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Roles applied: {', '.join(groups)}."))
