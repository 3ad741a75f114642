from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdgeConfig(AppConfig):
    """What stands in front of the app: nginx's configuration (deploy/nginx/portal.conf,
    rendered by edge.nginx) and the mirror it answers from when the app is down."""

    name = "edge"
    verbose_name = _("Edge")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import PageViewRestriction

        from .signals import restriction_saved

        post_save.connect(restriction_saved, sender=PageViewRestriction, dispatch_uid="edge")
