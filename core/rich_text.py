"""Phone numbers from the site settings, in rich text and in StreamField blocks.

Pages name a number ("hotline", "emergency") rather than typing it, and the number is
read from the settings row when the page is rendered. Site settings are shown on every
page (`@shown_on_every_page`), so saving them retires every kept page and the next
request shows the new number.

In rich text, `<a linktype="phone-setting" id="hotline">the hotline</a>` is a link to
call the number the settings hold now; its words stay as written. Draftail has no
control to insert one without a plugin of its own (JavaScript), so editors add numbers
with the StreamField block; a link already in the text comes into the editor as an
ordinary link and is saved back as it was, unless the editor changes it.
"""

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.admin.rich_text.editors.draftail.features import Feature
from wagtail.models import Page
from wagtail.rich_text import LinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from core.ids import is_row_id
from core.queries import LINK_FIELDS
from core.templatetags.core_tags import tel_href
from serving.process import kept_among

PHONE_SETTING_FEATURE = "phone-setting"

# Each number pages may name: the settings field holding it, and the one naming it.
PHONE_SETTINGS = {
    "hotline": ("hotline_number", "hotline_label"),
    "emergency": ("emergency_number", "emergency_text"),
}
PHONE_NUMBER_CHOICES = [
    ("hotline", _("Hotline number")),
    ("emergency", _("Emergency number")),
]


def settings_phone_number(which):
    """(what the settings call it, the number) for "hotline" or "emergency"; ("", "")
    for anything else. (The settings are one row for every Site, read once a request.)"""
    # core.models imports the blocks that call this.
    from core.models import SiteSettings

    fields = PHONE_SETTINGS.get(which)
    if fields is None:
        return "", ""
    number_field, name_field = fields
    site_settings = SiteSettings.load()
    return getattr(site_settings, name_field), getattr(site_settings, number_field)


class PhoneSettingLinkHandler(LinkHandler):
    """<a linktype="phone-setting" id="hotline"> becomes a link to call that number."""

    identifier = PHONE_SETTING_FEATURE

    @staticmethod
    def expand_db_attributes(attrs):
        _name, number = settings_phone_number(attrs.get("id"))
        if not number:
            return "<a>"  # as Wagtail shows a link to a page that has gone
        return f'<a href="{escape(tel_href(number))}">'


class PageURLLinkHandler(PageLinkHandler):
    """Links to pages in rich text, from the pages' addresses alone.

    Wagtail's handler loads each linked page whole, in its specific type (a query for the
    pages, then one per page type), so that a page type could build its own URL. None
    here does (every page's URL comes from its `url_path`), so one narrow query does:
    2-3 ms less for a page of text with a few links, with both caches off. The pages are
    kept for the generation (serving.process), so a kept page's text costs no query.
    """

    @classmethod
    def get_many(cls, attrs_list):
        ids = tuple(str(attrs.get("id")) for attrs in attrs_list)
        # Kept for the generation (a page moved or unpublished starts a new one).
        return kept_among("rich-text-links", ids, lambda: cls.pages(ids))

    @staticmethod
    def pages(ids):
        pages = Page.objects.filter(id__in=[pk for pk in ids if is_row_id(pk)])
        by_id = {str(page.pk): page for page in pages.only(*LINK_FIELDS)}
        return [by_id.get(pk) for pk in ids]


class PhoneSettingLinkElementHandler(LinkElementHandler):
    """Into Draftail: an ordinary link to the number, remembering which setting it names."""

    def get_attribute_data(self, attrs):
        which = attrs.get("id", "")
        _name, number = settings_phone_number(which)
        return {"url": tel_href(number), "phoneSetting": which}


def link_or_phone_setting_entity(props):
    """Out of Draftail: a link that named a setting names it again; any other link is
    saved as Wagtail's link feature saves it."""
    which = props.get("phoneSetting")
    if not which:
        return link_entity(props)
    return DOM.create_element(
        "a", {"linktype": PHONE_SETTING_FEATURE, "id": which}, props["children"]
    )


class ShownAsALink(Feature):
    """Draftail needs nothing more: these links show through the link feature's controls.
    Registered so that Draftail knows the feature's name and does not warn."""

    def construct_options(self, options):
        pass


def register_phone_setting_feature(features):
    """The link type, and its conversion to and from Draftail. The feature must come
    after "link" in a field's features, so that its way of saving links is the one used."""
    features.register_link_type(PhoneSettingLinkHandler)
    features.register_converter_rule(
        "contentstate",
        PHONE_SETTING_FEATURE,
        {
            "from_database_format": {
                f'a[linktype="{PHONE_SETTING_FEATURE}"]': PhoneSettingLinkElementHandler("LINK")
            },
            "to_database_format": {"entity_decorators": {"LINK": link_or_phone_setting_entity}},
        },
    )
    features.register_editor_plugin("draftail", PHONE_SETTING_FEATURE, ShownAsALink())
