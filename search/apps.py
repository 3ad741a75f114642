from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The site search page (Wagtail's search backend and promoted results)."""

    name = "search"
    verbose_name = _("Site search")
