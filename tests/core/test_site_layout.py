"""What every page carries: skip link, emergency strip, threat level bar, navigation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from core.models import SiteSettings
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_home_page_has_strip_bar_and_navigation(client, sections):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main-content">' in html
    assert 'id="main-content"' in html
    assert '<a class="emergency-strip__number" href="tel:999">999</a>' in html
    assert (
        '<a class="emergency-strip__number" href="tel:0800789321">'
        '<span class="emergency-strip__short">Hotline </span>'
        '<span class="emergency-strip__tel">0800 789 321</span></a>'
    ) in html
    assert "Anti-Terrorist Hotline" in html
    assert "Current national threat level:" in html
    assert re.search(r"<strong[^>]*>SUBSTANTIAL</strong>", html)
    assert "(an attack is likely)" in html
    assert re.search(
        r'href="/threat-levels/" aria-labelledby="[^"]+">'
        r'<span class="threat-level-bar__link-text" id="threat-level-bar-more">'
        r"Read more about threat levels</span></a>",
        html,
    )
    assert '<html lang="en-gb" dir="ltr">' in html


def test_navigation_lists_menu_pages_and_marks_the_current_one(client, sections):
    factories.standard_page(sections["home"], "Hidden from menu")

    html = client.get("/careers/").content.decode()

    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>")]
    assert '<a href="/">Home</a>' in nav
    assert '<a href="/careers/" aria-current="page">Careers</a>' in nav
    assert '<a href="/news/">News</a>' in nav
    assert '<a href="/search/">Search</a>' in nav
    assert "Hidden from menu" not in nav


def test_draft_pages_stay_out_of_the_navigation(client, sections):
    factories.standard_page(sections["home"], "Draft section", live=False, show_in_menus=True)

    assert "Draft section" not in client.get("/").content.decode()


def test_site_settings_drive_the_strip_and_site_name(client, sections):
    site_settings = SiteSettings.load()
    site_settings.site_name = "Example Security Agency"
    site_settings.hotline_label = "Confidential line"
    site_settings.hotline_number = "+44 20 7946 0000"
    site_settings.save()

    html = client.get("/").content.decode()

    assert "Example Security Agency" in html
    assert (
        'href="tel:+442079460000"><span class="emergency-strip__short">Hotline </span>'
        '<span class="emergency-strip__tel">+44 20 7946 0000</span></a>' in html
    )
    assert "Confidential line" in html
    assert "Anti-Terrorist Hotline" not in html


def test_footer_links_come_from_site_settings(client, sections):
    contact = factories.standard_page(sections["home"], "Contact us")
    site_settings = SiteSettings.load()
    site_settings.footer_links = [
        ("link", {"label": "Get in touch", "page": contact, "url": ""}),
        ("link", {"label": "Elsewhere", "page": None, "url": "https://example.org/"}),
    ]
    site_settings.save()

    html = client.get("/").content.decode()

    assert '<a href="/contact-us/">Get in touch</a>' in html
    assert '<a href="https://example.org/">Elsewhere</a>' in html


def test_the_footer_leaves_out_a_page_nobody_may_see_now(client, sections):
    """A page in the footer made private or unpublished kept its link on every page: its
    title and address shown, a sign-in or a 404 behind it."""
    from wagtail.models import PageViewRestriction

    private = factories.standard_page(sections["home"], "Staff notices")
    withdrawn = factories.standard_page(sections["home"], "Old statement")
    site_settings = SiteSettings.load()
    site_settings.footer_links = [
        ("link", {"label": "Notices", "page": private, "url": ""}),
        ("link", {"label": "Statement", "page": withdrawn, "url": ""}),
        ("link", {"label": "Privacy", "page": sections["privacy"], "url": ""}),
    ]
    site_settings.save()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    withdrawn.unpublish()

    html = client.get("/").content.decode()

    footer = html.split('<footer class="site-footer">', 1)[1]
    links = [item.strip() for item in re.findall(r"<li>(.*?)</li>", footer, re.S)]
    assert links == ['<a href="/privacy/">Privacy</a>']


def test_the_settings_editor_shows_the_footer_links_chosen_pages(client, sections, superuser):
    """core.blocks.PageLinkChooserBlock reads chosen pages narrowly: the editor still
    names each page chosen."""
    contact = factories.standard_page(sections["home"], "Contact us")
    site_settings = SiteSettings.load()
    site_settings.footer_links = [("link", {"label": "Get in touch", "page": contact, "url": ""})]
    site_settings.save()
    client.force_login(superuser)

    response = client.get(f"/admin/settings/core/sitesettings/{site_settings.pk}/")

    assert response.status_code == 200
    assert "Contact us" in response.content.decode()


def test_standard_page_renders_its_body(client, sections):
    from demo.core import heading, paragraph, quote

    factories.standard_page(
        sections["home"],
        "About",
        summary="A short summary.",
        body=[
            heading("Our history"),
            paragraph("<p>Founded long ago.</p>"),
            quote("Stay curious.", "A member of staff"),
        ],
    )

    html = client.get("/about/").content.decode()

    assert "<h1>About</h1>" in html
    assert "<h2>Our history</h2>" in html
    assert "<p>Founded long ago.</p>" in html
    assert "<blockquote><p>Stay curious.</p></blockquote>" in html
    assert '<meta name="description" content="A short summary.">' in html


# Every page: the Site, the page (one query where its section says its type, two
# otherwise: core.routing), view restrictions, the two settings rows, the navigation and
# the footer's page links. Home and content pages add latest news and the quiz; the
# threat levels page adds its history (and whether any correction exists) instead.
@pytest.mark.parametrize(("path", "budget"), [("/", 9), ("/careers/", 9), ("/threat-levels/", 9)])
def test_public_pages_stay_within_a_query_budget(
    client, sections, path, budget, django_assert_max_num_queries
):
    # Twenty menu sections: a query per menu item would blow the budget.
    for index in range(20):
        factories.standard_page(sections["home"], f"Section {index}", show_in_menus=True)
    client.get(path)  # the first request fills Wagtail's cache of site root paths

    with django_assert_max_num_queries(budget):
        response = client.get(path)

    assert response.status_code == 200


def test_pages_below_home_route_from_its_tree_fields_alone(client, sections):
    """core.routing.route_from_tree_fields: the home page's own content is read only when
    the home page is served."""
    client.get("/privacy/")

    with CaptureQueriesContext(connection) as below:
        assert client.get("/privacy/").status_code == 200
    with CaptureQueriesContext(connection) as home:
        assert client.get("/").status_code == 200

    assert not [query for query in below if '"core_homepage"' in query["sql"]]
    assert len([query for query in home if '"core_homepage"' in query["sql"]]) == 1


def test_links_to_pages_in_rich_text_take_one_narrow_query(sections, django_assert_num_queries):
    """core.rich_text.PageURLLinkHandler: pages of any type, one query, and a link to a
    page that has gone stays a link without an address, as Wagtail's does."""
    from wagtail.rich_text import expand_db_html

    privacy, careers = sections["privacy"], sections["careers"]
    html = (
        f'<p><a linktype="page" id="{privacy.pk}">Privacy</a>, '
        f'<a linktype="page" id="{careers.pk}">careers</a>, '
        '<a linktype="page" id="999999">gone</a> and <a linktype="page" id="x">bad</a></p>'
    )
    expand_db_html(html)  # fills Wagtail's cache of site root paths

    with django_assert_num_queries(1):
        expanded = expand_db_html(html)

    assert expanded == (
        '<p><a href="/privacy/">Privacy</a>, <a href="/careers/">careers</a>, '
        "<a>gone</a> and <a>bad</a></p>"
    )


def test_the_hotline_s_short_name_on_phones_comes_from_the_settings(client, sections):
    site_settings = SiteSettings.load()
    site_settings.hotline_short_label = "Anti-terror line"
    site_settings.save()
    assert '<span class="emergency-strip__short">Anti-terror line </span>' in (
        client.get("/").content.decode()
    )

    site_settings.hotline_short_label = ""
    site_settings.save()
    html = client.get("/").content.decode()

    assert "emergency-strip__short" not in html
    number = '<span class="emergency-strip__tel">0800 789 321</span>'
    assert f'href="tel:0800789321">{number}</a>' in html


def test_a_link_says_what_it_lacks_or_has_too_much_of(sections):
    """A footer link whose page was deleted since was refused as having "both"."""
    from core.blocks import LinkBlock

    block = LinkBlock()
    page = sections["privacy"]
    outside_every_site = Page.get_first_root_node().add_child(
        instance=Page(title="Elsewhere", slug="elsewhere")
    )

    for value, said in (
        ({"label": "Privacy", "page": None, "url": ""}, "the link has neither"),
        ({"label": "Privacy", "page": page, "url": "https://example.org/"}, "not both"),
        # The tree's root, which the chooser does not offer, posted by hand: no address,
        # so every page's footer linked to "None".
        ({"label": "Privacy", "page": Page.get_first_root_node(), "url": ""}, "no address"),
        ({"label": "Privacy", "page": outside_every_site, "url": ""}, "no address"),
    ):
        with pytest.raises(StructBlockValidationError) as refused:
            block.clean(block.to_python(block.get_prep_value(value)))
        assert said in str(refused.value.block_errors["page"])
    assert block.clean({"label": "Privacy", "page": page, "url": ""})["page"].pk == page.pk
