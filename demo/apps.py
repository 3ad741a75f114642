from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and generated bulk content: builders kept apart from production code.

    `manage.py load_demo_content` and `create_local_accounts` live here.
    """

    name = "demo"
    verbose_name = _("Demo content")
