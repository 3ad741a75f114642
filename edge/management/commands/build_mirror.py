from django.core.management.base import BaseCommand, CommandError

from edge.management.plainly import said_plainly
from edge.mirror import Mirror, enabled


class Command(BaseCommand):
    help = "Copy every public page into MIRROR_ROOT, which nginx answers from when the app is down."

    def add_arguments(self, parser):
        parser.add_argument("--root", help="Another folder than MIRROR_ROOT.")

    def handle(self, *args, root=None, **options):
        if not root and not enabled():
            raise CommandError("Set MIRROR_ROOT (or give --root): the folder nginx reads.")
        try:
            with said_plainly():
                result = Mirror(root).build()
        except RuntimeError as error:  # the app refused the sitemap: said, not a traceback
            raise CommandError(str(error)) from None
        seconds = result.pop("seconds")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(result.items()))
        self.stdout.write(f"Mirror built in {seconds:.1f} s: {summary}.")
