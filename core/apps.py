from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Base pages, the home page, standard pages, site settings, blocks and SEO."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.models import Site

        from .admin_dates import use_in_admin_forms
        from .models import name_unnamed_site

        use_in_admin_forms()
        pre_save.connect(name_unnamed_site, sender=Site, dispatch_uid="core.name_unnamed_site")
