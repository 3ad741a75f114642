from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

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
