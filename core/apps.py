from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Base pages, the home page, standard pages, site settings, blocks and SEO."""

    name = "core"
    verbose_name = _("Core")
