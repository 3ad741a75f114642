"""Indexes the project adds to Wagtail's page table (core 0002), which routing and the
navigation read on every uncached request."""

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.parametrize("columns", [["url_path"], ["depth", "path"]])
def test_the_page_table_is_indexed_for_routing_and_navigation(columns):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")

    assert any(c["index"] and c["columns"] == columns for c in constraints.values())


@pytest.mark.django_db
def test_a_page_is_found_by_its_url_path_through_the_index():
    if connection.vendor != "sqlite":
        pytest.skip("The query plan is read with SQLite's EXPLAIN QUERY PLAN.")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM wagtailcore_page WHERE url_path = %s",
            ["/home/news/"],
        )
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "core_page_url_path" in plan
