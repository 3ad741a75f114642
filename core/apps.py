from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Base pages, the home page, standard pages, site settings, blocks and SEO."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.images import get_image_model
        from wagtail.models import ReferenceIndex, Site

        from . import checks  # noqa: F401 (registers the system checks)
        from .admin_dates import use_in_admin_forms
        from .models import SiteSettings, name_each_upload_once, name_unnamed_site

        use_in_admin_forms()
        # Wagtail indexes pages, snippets and images, not settings: the footer's links
        # must count as uses of their pages, or a page's delete screen says "referenced 0
        # times" and deleting it drops it from every page's footer unannounced.
        ReferenceIndex.register_model(SiteSettings)
        pre_save.connect(name_unnamed_site, sender=Site, dispatch_uid="core.name_unnamed_site")
        pre_save.connect(
            name_each_upload_once, sender=get_image_model(), dispatch_uid="core.name_upload_once"
        )
