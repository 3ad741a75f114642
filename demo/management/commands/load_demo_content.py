from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.models import HomePage
from demo import about, careers, news, search, threats
from demo import core as demo
from demo.pictures import refresh_pictures
from editorial.roles import apply_roles

# Each section's demo module adds it under the home page, in menu order.
SECTIONS = (threats, careers, news, about)


class Command(BaseCommand):
    help = (
        "Load the demo content (page tree, settings, roles). Only what is missing is "
        "created, so editors' changes survive running it again. --refresh also brings "
        "demo pages made by earlier versions up to date, where editors have not changed them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bulk",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also add N generated news articles, N/10 role profiles and N/20 "
                "transcripts, for scale tests and benchmarks (the articles and transcripts "
                "search-indexed, the roles once update_index runs)."
            ),
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "Also bring demo pages made by earlier versions up to date (the contact "
                "page's numbers, the related links' order), each as a new published "
                "revision. Pages editors have changed or are working on are left alone."
            ),
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if options["bulk"] < 0:
            raise CommandError("--bulk takes a number of articles, 0 or more.")
        home_created = not HomePage.objects.exists()
        home = demo.ensure_home_page()
        for module in SECTIONS:
            module.load(home)
        pages = demo.load_pages(home)
        # What links across sections, once they and the standard pages all exist.
        for module in SECTIONS:
            if hasattr(module, "load_last"):
                module.load_last(home)
        demo.load_settings(pages)
        search.load_last(home)
        demo.load_quiz()
        demo.fill_home_page(
            home, self.stdout.write, created=home_created, refresh=options["refresh"]
        )
        apply_roles(stdout=self.stdout)
        if options["refresh"]:
            self.refresh(home)
        if options["bulk"]:
            for module in SECTIONS:
                if hasattr(module, "load_bulk"):
                    module.load_bulk(options["bulk"])
            self.stdout.write(
                f"Added {options['bulk']} generated articles, and roles and transcripts "
                "in proportion."
            )
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def refresh(self, home):
        demo.refresh_pages(home, self.stdout.write)
        for module in SECTIONS:
            if hasattr(module, "refresh"):
                module.refresh(home, self.stdout.write)
        refresh_pictures(self.stdout.write)
