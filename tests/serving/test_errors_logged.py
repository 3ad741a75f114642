"""An unexpected error is logged with what is needed to act, and the visitor sees none of it."""

import logging

import pytest


@pytest.fixture
def faulty_site(settings, sections):
    settings.ROOT_URLCONF = "tests.serving.urls_with_a_fault"
    settings.DEBUG = False


def test_an_error_is_logged_with_its_traceback_and_path(client, faulty_site, caplog):
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "warehouse of secrets" not in html
    assert "Traceback" not in html
    record = next(r for r in caplog.records if r.name == "django.request")
    assert "/broken/" in record.getMessage()
    assert record.exc_info is not None
    assert "warehouse of secrets" in str(record.exc_info[1])


def test_errors_are_written_to_standard_output_or_error():
    from django.conf import settings

    handler = settings.LOGGING["handlers"]["console"]
    assert handler["class"] == "logging.StreamHandler"
    assert "console" in settings.LOGGING["loggers"]["django.request"]["handlers"]


def test_the_generation_unread_from_the_database_is_one_line(db, caplog):
    """Each worker reads the generation's row every second: through an outage, psycopg's
    message (a line for each address it tried) made three log lines each minute."""
    from django.db import OperationalError, connection

    from serving import generation

    def refuse(execute, sql, params, many, context):
        raise OperationalError(
            'connection to server at "10.0.0.7", port 5432 failed: timeout expired\n'
            "the database is unreachable\n"
        )

    generation.forget()
    with (
        caplog.at_level(logging.WARNING, logger="serving.generation"),
        connection.execute_wrapper(refuse),
    ):
        generation.read()

    [record] = [r for r in caplog.records if r.name == "serving.generation"]
    assert "timeout expired the database is unreachable" in record.getMessage()
    assert "\n" not in record.getMessage()


def test_a_new_worker_takes_redis_word_only_once_the_database_has_answered(db):
    """Found by a fault probe: workers started while the database was down, with Redis
    restored from an older snapshot, took its number for confirmed and served the pages
    stored under it, the threat level before the last change among them."""
    from django.core.cache import cache
    from django.db import OperationalError, connection

    from serving import generation

    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database is unreachable")

    older = generation.read()[0].number  # what a snapshot of Redis holds
    current = generation.Generation(generation.advance(), None)  # a change since
    generation.forget()  # a new worker
    cache.set(generation.REDIS_KEY, older)
    cache.set(generation.REDIS_UNTIL_KEY, (older, None))
    try:
        with connection.execute_wrapper(refuse):
            assert generation.read()[0] is None  # nothing kept may be used, nor stored
        # Once the database answers (asked again a second later), the number is its own;
        # Redis is put right.
        generation._known.database_read_at = float("-inf")
        assert generation.read()[0].number == current.number
        assert cache.get(generation.REDIS_KEY) == current.number
        # From then on Redis confirms: with the database away for a moment, it is used.
        with connection.execute_wrapper(refuse):
            generation._known.database_read_at = float("-inf")
            assert generation.read()[0].number == current.number
    finally:
        cache.delete_many([generation.REDIS_KEY, generation.REDIS_UNTIL_KEY])
        generation.forget()
