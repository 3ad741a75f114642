from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search: Wagtail's search backend over stemmed words, promoted results,
    synonyms, and suggestions from the vocabulary of public pages."""

    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from wagtail.models import ReferenceIndex

        from . import signals
        from .models import SearchSettings

        signals.connect()
        # The search page's starting points are uses of their pages (core.apps says why).
        ReferenceIndex.register_model(SearchSettings)
