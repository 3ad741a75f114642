import importlib

from django.core.management.base import BaseCommand, CommandError
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

    def add_arguments(self, parser):
        parser.add_argument(
            "--bulk",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also add N generated news articles, N/10 role profiles and N/20 "
                "transcripts, for scale tests and benchmarks (not search-indexed)."
            ),
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if options["bulk"] < 0:
            raise CommandError("--bulk takes a number of articles, 0 or more.")
        home = demo.ensure_home_page()
        modules = [importlib.import_module(f"{app}.demo") for app in SECTION_APPS]
        for module in modules:
            module.load(home)
        pages = demo.load_pages(home)
        demo.load_settings(pages)
        demo.load_quiz()
        apply_roles(stdout=self.stdout)
        if options["bulk"]:
            for module in modules:
                if hasattr(module, "load_bulk"):
                    module.load_bulk(options["bulk"])
            self.stdout.write(
                f"Added {options['bulk']} generated articles, and roles and transcripts "
                "in proportion."
            )
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
