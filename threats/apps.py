from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreatsConfig(AppConfig):
    name = "threats"
    verbose_name = _("Threats")

    def ready(self):
        from serving.changes import purge_on_change_of

        from .models import ThreatLevelChange, ThreatLevelSettings

        # A change of level shows on every page: purge them all. The history is only
        # added to by a change of level, but a row recorded any other way shows too.
        purge_on_change_of(ThreatLevelSettings)
        purge_on_change_of(ThreatLevelChange)
