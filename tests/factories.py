"""Builders for test data. Small and explicit: each returns saved, published objects."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Site

from portal.models import HomePage, SiteSettings, StandardPage
from portal.roles import apply_roles
from threats.models import ThreatLevelSettings
from threats.queries import THREAT_LEVELS_SLUG

TEST_PASSWORD = "a-long-test-password"


def home_page(**fields):
    """A HomePage at the root of the default site."""
    root = Page.get_first_root_node()
    fields.setdefault("title", "Home")
    home = HomePage(slug="test-home", **fields)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80},
    )
    return home


def standard_page(parent, title, *, slug=None, live=True, **fields):
    page = StandardPage(title=title, slug=slug or title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


def site_with_sections():
    """Home with the sections the foundation knows: threat levels and careers."""
    home = home_page()
    # Settings rows exist on every real site; create them as load_demo_content does.
    SiteSettings.load()
    ThreatLevelSettings.load()
    return {
        "home": home,
        "threat_levels": standard_page(home, "Threat levels", slug=THREAT_LEVELS_SLUG),
        "careers": standard_page(home, "Careers", show_in_menus=True),
        "news": standard_page(home, "News", show_in_menus=True),
    }


def user(username, *groups, password=TEST_PASSWORD, **fields):
    """A user in the named groups; the groups get their permissions from setup_roles."""
    apply_roles()
    account = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=password, **fields
    )
    account.groups.set(Group.objects.filter(name__in=groups))
    return account


def settings_edit_url(instance):
    """The admin edit URL of a Wagtail settings row."""
    meta = instance._meta
    return reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name, instance.pk])
