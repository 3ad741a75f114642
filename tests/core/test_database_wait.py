"""A request waits for a database that does not answer once (core.database)."""

import os

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from serving import forget_everything
from tests import factories


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="A lock held by another connection of PostgreSQL: run with `make test-postgres`",
)
@pytest.mark.django_db(transaction=True)
def test_a_request_held_by_a_lock_waits_once_then_answers_503(settings):
    """Found by an operator's probe: with a migration holding a table's lock, a request's
    first query was cancelled at the statement timeout, the view asked again and waited
    as long again, and gunicorn killed the worker before it answered."""
    settings.SERVING_KEEP_IN_PROCESS = True  # the tier that reads the Site before the view
    client = Client(raise_request_exception=False)
    factories.site_with_sections()
    forget_everything()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 300")  # milliseconds, this session
    locker = psycopg2.connect(**connection.get_connection_params())
    try:
        locker.cursor().execute("LOCK TABLE wagtailcore_site IN ACCESS EXCLUSIVE MODE")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/privacy/")
    finally:
        locker.rollback()
        locker.close()
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")

    assert response.status_code == 503
    # Queries refused before reaching PostgreSQL have no SQL it ran (None).
    held = [query for query in queries if "wagtailcore_site" in (query["sql"] or "")]
    assert len(held) == 1, [(query["sql"] or "")[:80] for query in queries]
    assert client.get("/privacy/").status_code == 200  # the lock gone, as before
