import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo
from portal.roles import apply_roles

# Each app's demo module adds its section under the home page, in menu order.
SECTION_APPS = ("threats", "careers", "news")


class Command(BaseCommand):
    help = (
        "Load the demo content (page tree, settings, roles). Only what is missing is "
        "created, so editors' changes survive running it again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        home = demo.ensure_home_page()
        for app in SECTION_APPS:
            importlib.import_module(f"{app}.demo").load(home)
        pages = demo.load_pages(home)
        demo.load_settings(pages)
        demo.load_quiz()
        apply_roles(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
