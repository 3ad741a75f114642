from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package: settings, URLs and WSGI.

    It stays an installed app only for its migrations, the history of the models that
    moved to core, quiz and editorial (portal 0006 moves them, rows and all): databases
    made before the move run them once. It defines no models of its own.
    """

    name = "portal"
    verbose_name = _("Portal (migration history)")
