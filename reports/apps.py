from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports the public sends through the website, stored sealed to an offline key."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
