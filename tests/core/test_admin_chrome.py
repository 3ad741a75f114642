"""The admin around the editors' work: no third-party images, the site's own name, and
links in emails to the admin's configured address."""

import datetime
import importlib
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from core.models import SiteSettings
from editorial.roles import apply_roles
from tests import factories
from tests.editorial.helpers import submit

pytestmark = pytest.mark.usefixtures("site_for_the_module")

ADMIN_ADDRESS = "https://cms.example.org"
NAMING_MIGRATION = importlib.import_module("core.migrations.0003_sites_named_by_site_settings")


class ImageSources(HTMLParser):
    """Every address an admin page makes the browser fetch an image or script from."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("src", "data-src"):
                self.urls.append(value)
            elif value and name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


def off_site_sources(html):
    parser = ImageSources()
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url).netloc not in ("", "testserver")]


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("superuser", reverse("wagtailadmin_home")),
        ("superuser", reverse("wagtailadmin_account")),
        ("superuser", reverse("wagtailusers_users:index")),
        ("recruiter", reverse("wagtailadmin_home")),
    ],
)
def test_admin_pages_load_nothing_from_other_sites(db, client, request, sections, role, path):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar.com" not in html
    assert 'data-controller="w-upgrade' not in html  # no release check with wagtail.org
    assert off_site_sources(html) == []
    # The admin's own default avatar stands in.
    assert "wagtailadmin/images/default-user-avatar" in html


def site_settings_form(site_name):
    return {
        "site_name": site_name,
        "emergency_text": "Call",
        "emergency_number": "999",
        "hotline_label": "Hotline",
        "hotline_number": "0800 789 321",
        "footer_links-count": "0",
    }


def dashboard_heading(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.S).group(1)


def test_saving_the_site_settings_renames_every_site_and_the_dashboard_says_so(
    client, comms_approver, recruiter, sections
):
    other = Site.objects.create(
        hostname="careers.localhost", root_page=sections["careers"], site_name="Old name"
    )
    client.force_login(comms_approver)

    response = client.post(
        factories.settings_edit_url(SiteSettings.load()), site_settings_form("Thames House")
    )

    assert response.status_code == 302
    assert set(Site.objects.values_list("site_name", flat=True)) == {"Thames House"}
    other.refresh_from_db()
    assert other.site_name == "Thames House"
    # A recruiter's dashboard names the site their section is in.
    client.force_login(recruiter)
    assert dashboard_heading(client) == "Thames House"


def test_the_dashboard_never_falls_back_to_the_host_name(client, recruiter):
    client.force_login(recruiter)

    heading = dashboard_heading(client)

    assert heading == SiteSettings.load().site_name
    assert heading != "localhost"


def test_a_site_added_without_a_name_takes_the_settings_name(sections):
    site_settings = SiteSettings.load()
    site_settings.site_name = "Thames House"
    site_settings.save()

    added = Site.objects.create(hostname="careers.localhost", root_page=sections["careers"])

    assert added.site_name == "Thames House"


def test_a_site_added_with_a_name_keeps_it_until_the_settings_change(sections):
    added = Site.objects.create(
        hostname="careers.localhost", root_page=sections["careers"], site_name="Careers"
    )
    assert Site.objects.get(pk=added.pk).site_name == "Careers"

    site_settings = SiteSettings.load()
    site_settings.site_name = "Thames House"
    site_settings.save()

    assert Site.objects.get(pk=added.pk).site_name == "Thames House"


class TestTheMigration:
    """core 0003 names the sites that existed before Site.site_name followed the settings."""

    def test_sites_take_the_settings_name(self, sections):
        SiteSettings.objects.update(site_name="Thames House")
        Site.objects.update(site_name="")

        NAMING_MIGRATION.name_sites(apps, None)

        assert list(Site.objects.values_list("site_name", flat=True)) == ["Thames House"]

    def test_without_a_settings_row_an_unnamed_site_takes_the_fallback(self, sections, settings):
        settings.PORTAL_FALLBACK = {**settings.PORTAL_FALLBACK, "site_name": "Fallback Service"}
        SiteSettings.objects.all().delete()
        named = Site.objects.create(
            hostname="careers.localhost", root_page=sections["careers"], site_name="Careers"
        )
        Site.objects.exclude(pk=named.pk).update(site_name="")

        NAMING_MIGRATION.name_sites(apps, None)

        assert dict(Site.objects.values_list("hostname", "site_name")) == {
            "localhost": "Fallback Service",
            "careers.localhost": "Careers",
        }


def test_a_password_reset_links_to_the_admin_address(client, comms_editor, settings):
    settings.WAGTAILADMIN_BASE_URL = ADMIN_ADDRESS

    client.post(reverse("wagtailadmin_password_reset"), {"email": "comms@example.org"})

    [message] = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links
    assert all(link.startswith(f"{ADMIN_ADDRESS}/admin/password_reset/confirm/") for link in links)


def test_a_moderation_email_links_to_the_admin_address(
    client, sections, comms_editor, comms_approver, settings
):
    settings.WAGTAILADMIN_BASE_URL = ADMIN_ADDRESS
    news = factories.news_index(sections["home"])
    apply_roles()  # "Comms review" on the news index
    article = factories.news_article(news, "An article", datetime.date(2024, 1, 1), live=False)
    client.force_login(comms_editor)
    mail.outbox.clear()

    assert submit(client, article, title="For review").status_code == 302

    [message] = [m for m in mail.outbox if m.to == ["approver@example.org"]]
    links = re.findall(r"https?://\S+", message.body)
    assert f"{ADMIN_ADDRESS}/admin/pages/{article.pk}/edit/" in links
    assert all(link.startswith(f"{ADMIN_ADDRESS}/admin/") for link in links)


def test_wagtails_error_test_page_raises_no_error(client, comms_editor, superuser):
    """Wagtail's /admin/failwhale/ raises an error on purpose for anyone signed in: here
    it would set off the error alerts."""
    client.raise_request_exception = True
    for user in (comms_editor, superuser):
        client.force_login(user)
        assert client.get("/admin/failwhale/").status_code == 404
