from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Who may do what in the admin (roles), and the review workflow."""

    name = "editorial"
    verbose_name = _("Editorial roles and workflows")
