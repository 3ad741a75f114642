from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")

    def ready(self):
        from serving.changes import purge_on_change_of

        from .models import CareerArea, Location

        # Their names show on role pages and in the careers filters.
        for model in (CareerArea, Location):
            purge_on_change_of(model)
