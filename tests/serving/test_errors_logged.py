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
