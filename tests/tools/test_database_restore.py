"""The suite's own safety net: after a transactional test's flush, the next test on the
same worker still finds the rows the migrations made (tests/conftest.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site

from tests import conftest


def migrated_rows():
    return {
        "root": list(Page.objects.filter(depth=1).values_list("pk", "title")),
        "sites": list(Site.objects.values_list("pk", "hostname", "root_page_id")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_a_flush_is_undone_for_the_tests_that_follow():
    before = migrated_rows()
    assert before["root"] and before["sites"]
    assert "Editors" in before["groups"]  # made by Wagtail's migrations

    call_command("flush", interactive=False, verbosity=0)  # as a transactional test ends
    assert migrated_rows()["root"] == []

    conftest._restore_migrated_database()

    assert migrated_rows() == before
    # New rows take new ids (on PostgreSQL the sequences must have moved past the rows').
    Group.objects.create(name="Made after the restore")
    Page.get_first_root_node().add_child(instance=Page(title="After", slug="after"))
