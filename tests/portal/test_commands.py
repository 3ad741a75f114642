"""load_demo_content, setup_roles and create_local_accounts are safe to run again."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from core.models import HomePage, SiteSettings
from editorial import roles
from tests import factories
from threats.models import ThreatLevelSettings


def snapshot():
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "groups": Group.objects.count(),
        "group_permissions": sorted(
            Group.objects.values_list("name", "permissions__codename").order_by()
        ),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "site_settings": SiteSettings.objects.count(),
        "threat_level_settings": ThreatLevelSettings.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_content_builds_the_tree_once(demo_loaded):
    first = snapshot()
    call_command("load_demo_content", verbosity=0)

    assert snapshot() == first
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    slugs = list(Page.objects.child_of(home).values_list("slug", flat=True))
    assert Page.objects.get(slug="what-we-do").specific_class.__name__ == "MissionPage"
    assert Page.objects.get(slug="threat-levels").specific_class.__name__ == "ThreatLevelsPage"
    assert slugs == [
        "what-we-do",
        "threat-levels",
        "careers",
        "news",
        "video-transcripts",
        "who-we-are",
        "report-information",
        "contact-and-reporting",
        "privacy-and-cookies",
        "accessibility-statement",
    ]
    # Wagtail's own welcome page is gone: exactly one page at the site level.
    assert Page.objects.filter(depth=2).count() == 1


@pytest.mark.django_db
def test_load_demo_content_keeps_what_editors_changed(demo_loaded):
    careers = Page.objects.get(slug="careers").specific
    careers.title = "Jobs with us"
    careers.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.hotline_number = "0800 111 222"
    site_settings.save()
    threat_level = ThreatLevelSettings.load()
    threat_level.national_level = "SEVERE"
    threat_level.save()

    call_command("load_demo_content", verbosity=0)

    assert Page.objects.get(slug="careers").title == "Jobs with us"
    assert SiteSettings.load().hotline_number == "0800 111 222"
    assert ThreatLevelSettings.load().national_level == "SEVERE"


@pytest.mark.django_db
def test_demo_threat_level_is_substantial_since_february_2022(demo_loaded):
    level = ThreatLevelSettings.load()
    assert level.national_level == "SUBSTANTIAL"
    assert level.national_changed_at.date().isoformat() == "2022-02-09"
    assert level.ni_level == "SUBSTANTIAL"
    assert level.ni_changed_at.date().isoformat() == "2024-03-06"


@pytest.mark.django_db
def test_setup_roles_twice_creates_nothing_twice(sections):
    call_command("setup_roles", verbosity=0)
    first = snapshot()
    call_command("setup_roles", verbosity=0)

    assert snapshot() == first
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.GROUP_NAMES)


@pytest.mark.django_db
def test_setup_roles_again_reads_in_a_fixed_number_of_queries_and_writes_nothing(
    sections, django_assert_max_num_queries
):
    """The groups' rights are read in one query per kind for every group, and the lookups
    several grants share (the home page, a collection) are made once: run again, with
    nothing to change, it only reads (tests make a user after each change of the tree,
    and run it each time)."""
    factories.news_index(sections["home"])
    roles.apply_roles()

    with django_assert_max_num_queries(31) as queries:
        roles.apply_roles()

    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert [sql for sql in writes if "SAVEPOINT" not in sql] == []


@pytest.mark.django_db
def test_setup_roles_says_each_missing_section_once(db, caplog):
    """On a new site, every section still to add is named once on the command's output,
    not again in a log line beside it."""
    out = io.StringIO()

    call_command("setup_roles", stdout=out)

    said = out.getvalue()
    assert said.count("no page yet for Recruiters") == 1
    assert "no page yet" not in caplog.text


def test_setup_roles_removes_permissions_that_are_no_longer_declared(sections):
    call_command("setup_roles", verbosity=0)
    recruiters = Group.objects.get(name=roles.RECRUITERS)
    GroupPagePermission.objects.create(
        group=recruiters, page=sections["news"], permission_type="publish"
    )
    recruiters.permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="change_sitesettings")
    )

    call_command("setup_roles", verbosity=0)

    assert not GroupPagePermission.objects.filter(group=recruiters, page=sections["news"]).exists()
    assert not recruiters.permissions.filter(codename="change_sitesettings").exists()


@pytest.mark.django_db
def test_setup_roles_takes_away_wagtails_default_groups(sections):
    """Wagtail's migrations make "Moderators" and "Editors", with rights over every page
    and collection; "Editors" is easily taken for "Comms editors"."""
    assert set(
        Group.objects.filter(name__in=["Moderators", "Editors"]).values_list("name", flat=True)
    ) == {"Moderators", "Editors"}
    someone = get_user_model().objects.create_user("put-in-editors")
    someone.groups.add(Group.objects.get(name="Editors"))

    call_command("setup_roles", verbosity=0)

    assert not Group.objects.filter(name="Moderators").exists()
    editors = Group.objects.get(name="Editors")  # kept for its member, with no right at all
    assert not editors.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=editors).exists()
    assert not GroupCollectionPermission.objects.filter(group=editors).exists()
    assert not sections["home"].permissions_for_user(someone).can_edit()


@pytest.mark.django_db
def test_setup_roles_attaches_careers_permissions_wherever_careers_stands(sections):
    call_command("setup_roles", verbosity=0)

    recruiters = Group.objects.get(name=roles.RECRUITERS)
    granted = set(
        GroupPagePermission.objects.filter(group=recruiters).values_list(
            "page__slug", "permission__codename"
        )
    )
    assert granted == {
        ("careers", "add_page"),
        ("careers", "change_page"),
        ("careers", "publish_page"),
    }


def test_local_accounts_are_refused_outside_development(db, settings):
    settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED = False

    with pytest.raises(CommandError, match="only for development"):
        call_command("create_local_accounts", verbosity=0)

    assert not get_user_model().objects.exists()


def test_production_settings_do_not_allow_local_accounts():
    from portal.settings import base

    assert base.PORTAL_LOCAL_ACCOUNTS_ALLOWED is False


def local_accounts_allowed(database_url):
    """PORTAL_LOCAL_ACCOUNTS_ALLOWED in the dev settings, with DATABASE_URL set so."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    environment["DATABASE_URL"] = database_url
    code = "from django.conf import settings; print(settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_dev_settings_allow_local_accounts_in_sqlite_only():
    """manage.py falls back to the dev settings: run on a server without
    DJANGO_SETTINGS_MODULE, create_local_accounts wrote accounts with the README's
    password into the production database."""
    assert local_accounts_allowed("sqlite:////tmp/portal-dev.sqlite3") == "True"
    assert local_accounts_allowed("postgres://portal@db.internal:5432/portal") == "False"


def test_local_accounts_keep_a_changed_password(db, settings):
    settings.PORTAL_LOCAL_ACCOUNTS_ALLOWED = True
    call_command("create_local_accounts", verbosity=0)
    comms = get_user_model().objects.get(username="comms")
    comms.set_password("an-editor-chose-this-one")
    comms.save()

    call_command("create_local_accounts", verbosity=0)

    comms.refresh_from_db()
    assert comms.check_password("an-editor-chose-this-one")
    assert get_user_model().objects.filter(username="comms").count() == 1


@pytest.mark.django_db
def test_bulk_content_adds_generated_pages_to_a_sound_tree(client, demo_loaded):
    from careers.models import RoleProfilePage
    from news.models import NewsArticlePage, VideoTranscriptPage

    before = NewsArticlePage.objects.count()

    call_command("load_demo_content", bulk=60, verbosity=0)
    call_command("load_demo_content", bulk=40, verbosity=0)

    assert NewsArticlePage.objects.count() == before + 100
    assert VideoTranscriptPage.objects.filter(slug__startswith="generated-").count() == 5
    assert RoleProfilePage.objects.filter(slug__startswith="generated-role-").count() == 10
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get("/news/generated-99/").status_code == 200
    assert client.get("/careers/generated-role-9/").status_code == 200
    assert "Generated article" in client.get("/news/").content.decode()


@pytest.mark.django_db
def test_bulk_refuses_a_negative_count():
    with pytest.raises(CommandError, match="0 or more"):
        call_command("load_demo_content", bulk=-5, verbosity=0)
