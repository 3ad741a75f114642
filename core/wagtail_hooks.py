import datetime

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import get_page_models

from .choosing import OneOfAKindPageViewSet
from .models import SiteSettings
from .rich_text import PageURLLinkHandler, register_phone_setting_feature


@hooks.register("register_rich_text_features")
def phone_numbers_from_the_settings(features):
    register_phone_setting_feature(features)


# After Wagtail's own (order 0), whose "page" link type this replaces.
@hooks.register("register_rich_text_features", order=1)
def page_links_from_their_addresses(features):
    features.register_link_type(PageURLLinkHandler)


@hooks.register("serving_addresses_listing_pages")
def sitemap():
    return [reverse("sitemap")]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# How long before the security contact expires its reminder shows on the dashboard.
SECURITY_CONTACT_WARNING = datetime.timedelta(days=30)


class SecurityContactPanel(Component):
    """On the dashboard of those who may change the site settings, from a month before
    the security contact (security.txt) expires: nothing else would remind them."""

    name = "security_contact"
    template_name = "core/admin/security_contact_panel.html"
    order = 70

    def __init__(self, row):
        self.row = row

    def get_context_data(self, parent_context):
        return {
            "expires": self.row.security_txt_expires,
            "expired": self.row.security_txt_expires < timezone.localdate(),
            "settings_url": reverse(
                "wagtailsettings:edit", args=["core", "sitesettings", self.row.pk]
            ),
        }


@hooks.register("construct_homepage_panels")
def add_security_contact_panel(request, panels):
    if not request.user.has_perm("core.change_sitesettings"):
        return
    row = SiteSettings.load(request_or_site=request)
    expires = row.security_txt_expires
    if expires is not None and expires - timezone.localdate() <= SECURITY_CONTACT_WARNING:
        panels.append(SecurityContactPanel(row))


@hooks.register("register_admin_viewset")
def one_of_a_kind_page_types():
    return [
        OneOfAKindPageViewSet(
            f"one_of_a_kind_{model._meta.app_label}_{model._meta.model_name}", model=model
        )
        for model in get_page_models()
        if model.max_count
    ]
