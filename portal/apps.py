from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from serving.changes import purge_on_change_of

        from .models import FactOrFiction, SiteSettings

        # Every page shows the site settings and a quiz statement.
        purge_on_change_of(SiteSettings)
        purge_on_change_of(FactOrFiction)
