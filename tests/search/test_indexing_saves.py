"""A page is indexed (for search, and in Wagtail's reference index) when what it shows
changes, not again for each revision saved: a revision's save leaves the page's own row,
which both indexes read, as it was."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import StandardPage
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

INDEX_TABLES = ("wagtailsearch_indexentry", "wagtailcore_referenceindex")


def index_queries(queries):
    return [q["sql"] for q in queries if any(table in q["sql"] for table in INDEX_TABLES)]


def titles_found(words):
    return sorted(page.title for page in StandardPage.objects.live().search(words))


def test_a_draft_saved_touches_neither_index_and_publishing_it_updates_both(sections):
    page = factories.standard_page(sections["home"], "Protective security")
    page.title = "Protective marking"
    page.summary = "Classifications explained."

    with CaptureQueriesContext(connection) as saving:
        revision = page.save_revision()

    assert index_queries(saving.captured_queries) == []
    # The draft's words are not found: the index holds what is live.
    assert titles_found("classifications") == []
    assert titles_found("security") == ["Protective security"]

    with CaptureQueriesContext(connection) as publishing:
        revision.publish()

    written = index_queries(publishing.captured_queries)
    assert any("wagtailsearch_indexentry" in sql for sql in written)
    assert any("wagtailcore_referenceindex" in sql for sql in written)
    assert titles_found("classifications") == ["Protective marking"]
    assert titles_found("security") == []


def test_a_page_s_other_saves_still_index_it(sections):
    """Only the fields save_revision() writes are left out: a save of anything else (the
    title, here, as a script might) is indexed at once."""
    page = factories.standard_page(sections["home"], "Vetting explained")
    page.title = "Vetting in depth"

    page.save(update_fields=["title", "draft_title"])

    assert titles_found("depth") == ["Vetting in depth"]


def test_a_role_is_found_by_locations_saved_after_its_row(sections):
    """Its facts (a method the index reads) name its locations, which are saved after the
    page's row when it is published: it is indexed again once they are."""
    careers = factories.careers_index(sections["home"])
    role = factories.role_profile(careers, "Intelligence officer", live=False)
    role.locations.set([factories.career_location("Manchester")])

    role.save_revision().publish()

    assert [page.title for page in type(role).objects.live().search("manchester")] == [
        "Intelligence officer"
    ]


def test_a_deleted_page_leaves_the_index(sections):
    """Our page types are indexed by search.signals (Wagtail's receivers are off for
    them); a deletion is still Wagtail's to follow, through its receiver for Page."""
    from wagtail.search.models import IndexEntry

    page = factories.standard_page(sections["home"], "Protective security")
    entries = IndexEntry.objects.filter(object_id=str(page.pk))
    assert entries.exists()

    page.delete()

    assert not entries.exists()
