from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    # This module holds another app's config too (UsersConfig): "accounts" is this one.
    default = True
    name = "accounts"
    verbose_name = _("Admin accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signals  # noqa: F401 - connect receivers, register checks


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app (in INSTALLED_APPS in its place) with the stricter user forms
    of accounts.users: Wagtail's documented way to change them."""

    user_viewset = "accounts.users.UserViewSet"
