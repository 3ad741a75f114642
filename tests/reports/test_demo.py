"""The demo's report page, and the pages that point to it (also on sites made before it).

The demo is loaded once for the module (tests/conftest.py): each test starts from it as
this version loads it on an empty site, and rolls back to it.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from core.models import HomePage, SiteSettings, StandardPage
from demo import core as demo
from reports.models import ReportPage

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def links_to_report_page(client, path):
    return 'href="/report-information/"' in client.get(path).content.decode()


@pytest.mark.django_db
def test_the_report_page_is_linked_from_home_contact_and_the_footer(client):
    page = ReportPage.objects.get()
    assert page.live and page.url == "/report-information/"
    assert isinstance(page.get_parent().specific, HomePage)
    contact = client.get("/contact-and-reporting/").content.decode()
    assert "There is no reporting form" not in contact
    assert '<a href="/report-information/">report information online</a>' in contact
    home = client.get("/").content.decode()
    assert '<a class="signpost__link" href="/report-information/">Report information</a>' in home
    footer = home[home.index('<footer class="site-footer">') :]
    assert '<a href="/report-information/">Report information</a>' in footer
    privacy = client.get("/privacy-and-cookies/").content.decode()
    assert "Reports sent through our online form" in privacy
    assert client.get("/report-information/").status_code == 200


@pytest.mark.django_db
def test_a_site_made_before_the_form_gets_it_and_the_links_to_it(client):
    ReportPage.objects.get().delete()
    home = HomePage.objects.get()
    home.body = demo.migrated_home_body()
    home.save_revision().publish()
    for slug, body in ((demo.CONTACT_SLUG, demo.contact_body()), (demo.PRIVACY_SLUG, None)):
        page = StandardPage.objects.get(slug=slug)
        page.body = body if body is not None else demo.privacy_body(with_reports=False)
        page.save_revision().publish()
    settings = SiteSettings.load()
    settings.footer_links = [
        ("link", {"label": link.value["label"], "page": link.value["page"], "url": ""})
        for link in settings.footer_links
        if link.value["page"] is not None
    ]
    settings.save()
    assert not links_to_report_page(client, "/contact-and-reporting/")

    load_demo()

    assert ReportPage.objects.get().live
    assert links_to_report_page(client, "/")
    assert links_to_report_page(client, "/contact-and-reporting/")
    assert (
        "Reports sent through our online form"
        in client.get("/privacy-and-cookies/").content.decode()
    )
    footer_pages = [link.value["page"].pk for link in SiteSettings.load().footer_links]
    assert ReportPage.objects.get().pk in footer_pages


@pytest.mark.django_db
def test_pages_editors_changed_are_left_alone(client):
    ReportPage.objects.get().delete()
    contact = StandardPage.objects.get(slug=demo.CONTACT_SLUG)
    contact.body = [demo.paragraph("<p>Our own words about contacting us.</p>")]
    contact.save_revision().publish()

    output = load_demo("--refresh")

    assert (
        "Left “Contact and reporting” (/contact-and-reporting/) alone: editors have changed it."
        in output
    )
    assert (
        "Our own words about contacting us."
        in client.get("/contact-and-reporting/").content.decode()
    )
    assert Page.objects.filter(slug="report-information").exists()
