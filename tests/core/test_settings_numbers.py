"""Phone numbers in page bodies come from the site settings when the page is shown."""

import re
import warnings

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import RichText, expand_db_html

from core.blocks import PARAGRAPH_FEATURES, SettingsPhoneNumberBlock
from core.models import SiteSettings
from serving import process
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

HOTLINE_LINK = '<a linktype="phone-setting" id="hotline">call the hotline</a>'


def body_with_numbers():
    return [
        ("paragraph", RichText(f"<p>Or {HOTLINE_LINK}.</p>")),
        ("phone_number", {"number": "hotline", "label": ""}),
        ("phone_number", {"number": "emergency", "label": "Police, fire or ambulance"}),
    ]


@pytest.fixture
def contact(sections):
    return factories.standard_page(sections["home"], "Contact", body=body_with_numbers())


@pytest.fixture
def caches_on(settings, commits_at_once):
    """The page cache and the process tier both on, as in production."""
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    settings.SERVING_KEEP_IN_PROCESS = True
    cache.clear()
    process.forget_everything()
    yield
    process.forget_everything()
    cache.clear()


def article(html):
    return html[html.index("<h1>") : html.index("</article>")]


def test_blocks_show_the_numbers_the_settings_hold(client, contact):
    html = article(client.get("/contact/").content.decode())

    assert '<span class="phone-number__label">Anti-Terrorist Hotline</span>' in html
    assert '<a class="phone-number__link" href="tel:0800789321">0800 789 321</a>' in html
    assert '<span class="phone-number__label">Police, fire or ambulance</span>' in html
    assert '<a class="phone-number__link" href="tel:999">999</a>' in html


def test_a_rich_text_link_calls_the_number_the_settings_hold(client, contact):
    html = article(client.get("/contact/").content.decode())

    assert '<a href="tel:0800789321">call the hotline</a>' in html
    assert "linktype" not in html


def test_a_link_naming_no_known_number_is_no_link():
    html = expand_db_html('<p><a linktype="phone-setting" id="fax">fax us</a></p>')

    assert html == "<p><a>fax us</a></p>"


def test_a_changed_setting_shows_at_once_with_the_caches_on(client, contact, caches_on):
    client.get("/contact/")
    assert client.get("/contact/")["X-Page-Cache"] == "hit"

    site_settings = SiteSettings.load()
    site_settings.hotline_number = "+44 20 7946 0123"
    site_settings.emergency_number = "112"
    site_settings.save()

    html = article(client.get("/contact/").content.decode())
    assert '<a href="tel:+442079460123">call the hotline</a>' in html
    assert '<a class="phone-number__link" href="tel:+442079460123">+44 20 7946 0123</a>' in html
    assert '<a class="phone-number__link" href="tel:112">112</a>' in html
    assert "0800" not in html
    assert "tel:999" not in html


def test_the_block_takes_only_the_numbers_the_settings_have():
    block = SettingsPhoneNumberBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"number": "fax", "label": ""}))


def test_draftail_keeps_a_settings_link_through_an_edit(db):
    converter = ContentstateConverter(PARAGRAPH_FEATURES)
    stored = (
        f'<p>Or {HOTLINE_LINK}, <a href="https://example.org/">read more</a> '
        f'or <a linktype="page" id="3">go home</a>.</p>'
    )

    contentstate = converter.from_database_format(stored)

    assert '"url": "tel:0800789321"' in contentstate
    saved = re.sub(r' data-block-key="[^"]*"', "", converter.to_database_format(contentstate))
    assert saved == stored


def test_draftail_knows_the_feature(db):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        DraftailRichTextArea(features=PARAGRAPH_FEATURES)


def test_the_page_editor_opens_on_a_body_with_numbers(client, contact, superuser):
    client.force_login(superuser)

    response = client.get(f"/admin/pages/{contact.pk}/edit/")

    assert response.status_code == 200
    assert "phoneSetting" in response.content.decode()
