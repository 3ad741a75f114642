"""Wagtail's `update_index`, then the vocabulary of public pages counted afresh."""

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)

from search import vocabulary


class Command(WagtailUpdateIndex):
    help = "Rebuild the search index, then count the search vocabulary afresh."

    def handle(self, **options):
        super().handle(**options)
        words = vocabulary.rebuild()
        if options.get("verbosity", 1):
            self.stdout.write(f"Search vocabulary: {words} words.")
