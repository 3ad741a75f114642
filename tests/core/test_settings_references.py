"""Links to pages in the settings (the footer's, the search page's starting points) are
uses of those pages, which Wagtail's delete screen and usage listing count."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import ReferenceIndex

from core.models import SiteSettings
from search.models import SearchSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")

migration = importlib.import_module("core.migrations.0009_settings_in_the_reference_index")


def uses_of(page):
    return {
        type(ref.content_type.get_object_for_this_type(pk=ref.object_id))
        for ref in ReferenceIndex.get_references_to(page)
    }


def test_a_page_in_the_footer_is_counted_as_used_before_it_is_deleted(client, superuser, sections):
    privacy = sections["privacy"]  # the footer links to it (factories.site_with_sections)
    client.force_login(superuser)

    delete_screen = client.get(f"/admin/pages/{privacy.pk}/delete/").content.decode()
    usage = client.get(f"/admin/pages/{privacy.pk}/usage/").content.decode()

    assert SiteSettings in uses_of(privacy)
    assert "referenced 1 time" in delete_screen
    assert "Site settings" in usage


def test_a_search_starting_point_is_counted_as_a_use_of_its_page(sections):
    careers = sections["careers"]
    search_settings = SearchSettings.load()
    search_settings.starting_points = [("page", {"page": careers, "text": "Jobs with us"})]
    search_settings.save()

    assert SearchSettings in uses_of(careers)


def test_the_migration_indexes_the_settings_rows_that_exist_already(sections):
    privacy = sections["privacy"]
    ReferenceIndex.objects.all().delete()
    assert SiteSettings not in uses_of(privacy)

    migration.index_settings(apps, None)

    assert SiteSettings in uses_of(privacy)
