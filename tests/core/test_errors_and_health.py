"""The error pages (404, and the 400, 403 and 500 pages made from the settings alone),
and the health check."""

import logging
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, connection
from django.test import Client, RequestFactory

from core.views import server_error

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_unknown_url_gives_the_404_page_in_the_site_layout(client, sections):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="emergency-strip__number" href="tel:999">999</a>' in html
    assert "Current national threat level:" in html
    # It shows the threat level, and no purge names it: no cache downstream keeps it.
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_500_page_is_rendered_without_touching_the_database(
    db, settings, django_assert_num_queries
):
    settings.PORTAL_FALLBACK = {
        **settings.PORTAL_FALLBACK,
        "site_name": "Fallback Service",
        "hotline_number": "0800 000 111",
    }
    request = RequestFactory().get("/broken/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Fallback Service" in html
    assert 'class="emergency-strip__number" href="tel:999">999</a>' in html
    assert (
        'href="tel:0800000111"><span class="emergency-strip__short">Hotline </span>'
        '<span class="emergency-strip__tel">0800 000 111</span></a>' in html
    )
    assert "Sorry, there is a problem with the service" in html


def refuse(execute, sql, params, many, context):
    raise OperationalError("the database is unreachable")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/privacy/", None),
        ("get", "/search/?q=cyber", None),
        ("get", "/quiz/result/1/?answer=fact", None),
        ("post", "/quiz/answer/", {"statement": "1", "answer": "fact", "next": "/"}),
    ],
)
def test_an_unreachable_database_is_a_503_with_retry_after(sections, method, path, data):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = getattr(client, method)(path, data, HTTP_ORIGIN="http://testserver")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_json_client_of_the_quiz_is_told_in_json(sections):
    from django.test import Client

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(refuse):
        response = client.post(
            "/quiz/answer/",
            {"statement": "1", "answer": "fact", "next": "/"},
            HTTP_ORIGIN="http://testserver",
            HTTP_ACCEPT="application/json",
        )

    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert int(response["Retry-After"]) > 0


def test_a_broken_query_is_still_a_500(sections):
    from django.db import ProgrammingError
    from django.test import Client

    def broken(execute, sql, params, many, context):
        raise ProgrammingError("no such column")

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(broken):
        response = client.get("/privacy/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_error_handlers_are_the_database_free_views(settings):
    from portal import urls

    assert urls.handler400 == "core.views.bad_request"
    assert urls.handler403 == "core.views.permission_denied"
    assert urls.handler500 == "core.views.server_error"
    assert settings.CSRF_FAILURE_VIEW == "core.views.csrf_failure"


def assert_site_error_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "MI5 The Security Service" in html
    assert 'class="emergency-strip__number" href="tel:999">999</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_a_host_not_served_here_gets_the_sites_400_page_without_a_query(
    client, db, django_assert_num_queries, bad_host_filter
):
    with django_assert_num_queries(0):
        response = client.get("/", HTTP_HOST="forged.example")

    assert_site_error_page(response, 400, "Your browser sent a request we could not read")


def test_too_many_fields_get_the_sites_400_page_and_one_log_line(client, sections, caplog):
    import logging

    security_log_throttle("django.security.TooManyFieldsSent")
    caplog.set_level(logging.DEBUG)
    query = "&".join(f"a{n}=1" for n in range(1100))

    for path in ("/", "/search/", "/news/", "/"):
        response = client.get(f"{path}?{query}")
        assert_site_error_page(response, 400, "Your browser sent a request we could not read")

    # Anyone may send them: one short line a minute, not a traceback each.
    lines = [r for r in caplog.records if r.name.startswith("django.security")]
    assert len(lines) == 1
    assert lines[0].levelname == "WARNING" and lines[0].exc_info is None


def test_a_refused_page_gets_the_sites_403_page_without_a_query(db, django_assert_num_queries):
    from django.core.exceptions import PermissionDenied

    from core.views import permission_denied

    with django_assert_num_queries(0):
        response = permission_denied(RequestFactory().get("/private/"), PermissionDenied())

    assert_site_error_page(response, 403, "You cannot see this page")


def test_a_form_with_an_old_token_gets_the_sites_403_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "someone", "password": "secret"})

    assert_site_error_page(response, 403, "The form was out of date")
    assert "reload the page and send the form again" in response.content.decode()


def test_healthz_answers_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    # No shared cache under the test settings: nothing to report as degraded.
    assert response.json() == {"status": "ok", "database": "ok", "cache": "off"}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("kept", [False, True], ids=["nothing kept", "generation in redis"])
def test_healthz_answers_503_when_the_database_fails(client, db, caplog, settings, kept):
    """With the generation still announced in Redis, a new worker looked the Site up
    for the process tier before the health check ran: its 503 came with a traceback at
    each probe. And Django logged each 503 again, at ERROR."""
    if kept:
        from serving import generation

        settings.SERVING_KEEP_IN_PROCESS = True
        cache.set(generation.REDIS_KEY, 7)
        cache.set(generation.REDIS_UNTIL_KEY, (7, None))

    def refuse(execute, sql, params, many, context):
        # As psycopg words it: a line for each address it tried.
        raise OperationalError(
            'connection to server at "10.0.0.7", port 5432 failed: timeout expired\n'
            "the database is unreachable\n"
        )

    # django.request does not propagate to the root logger, where caplog listens.
    django_request = logging.getLogger("django.request")
    django_request.addHandler(caplog.handler)
    try:
        with connection.execute_wrapper(refuse):
            response = client.get("/healthz")
    finally:
        django_request.removeHandler(caplog.handler)

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "no-store" in response["Cache-Control"]
    # One line a probe, without a traceback: probes come every few seconds.
    [record] = [r for r in caplog.records if r.name == "core.views"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "timeout expired the database is unreachable" in record.getMessage()
    assert "\n" not in record.getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_page_s_503_while_the_database_is_away_is_one_line_in_the_log(sections, caplog):
    """Found by an operator's probe: each came with three chained tracebacks, some 120
    lines a request all through an outage."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    django_request = logging.getLogger("django.request")
    django_request.addHandler(caplog.handler)
    try:
        with connection.execute_wrapper(refuse):
            response = client.get("/privacy/")
    finally:
        django_request.removeHandler(caplog.handler)

    assert response.status_code == 503
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == (
        "Service Unavailable: /privacy/ (OperationalError: the database is unreachable)"
    )


def test_a_refusal_anyone_can_ask_for_is_one_line_in_the_log(client, db, caplog):
    """Wagtail refuses an admin page asked for by script without a session with
    PermissionDenied, which Django logged with a traceback at each request."""
    django_request = logging.getLogger("django.request")
    django_request.addHandler(caplog.handler)
    try:
        response = client.get("/admin/pages/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    finally:
        django_request.removeHandler(caplog.handler)

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "/admin/pages/" in record.getMessage()


def test_healthz_is_not_redirected_to_https(client, db, settings):
    """A load balancer's plain-HTTP probe must get the health check, not a redirect that
    looks the same whether the database answers or not (production: SSL redirect on)."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/news/").status_code == 301  # the rest still goes to HTTPS


READ_ONLY = [
    "/",
    "/news/",
    "/report-information/",
    "/feeds/news.atom",
    "/feeds/threat-level.rss",
    "/api/threat-level.json",
    "/embed/threat-level.svg",
    "/sitemap.xml",
    "/robots.txt",
    "/.well-known/security.txt",
    "/healthz",
    "/favicon.ico",
    "/search/?q=cyber",
]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"])
def test_addresses_only_read_refuse_other_methods_with_the_sites_405_page(sections, method):
    """With CSRF checked as in production and no cookie: a 405 naming what is allowed,
    not the CSRF check's 403 (which said the form was out of date) nor an empty page."""
    client = Client(enforce_csrf_checks=True)
    for path in READ_ONLY:
        response = client.generic(method, path, "what=hello")
        assert response.status_code == 405, (path, response.status_code)
        assert response["Allow"].startswith("GET, HEAD"), path
        assert_site_error_page(response, 405, "This address does not take forms")


def test_favicon_ico_points_at_the_served_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def security_log_throttle(logger):
    """The filter LOGGING puts on Django's `logger`, as in a new process."""
    import logging

    from core.security import SecurityLogThrottle

    found = [f for f in logging.getLogger(logger).filters if isinstance(f, SecurityLogThrottle)]
    assert len(found) == 1  # configured in settings.LOGGING
    found[0].logged_at, found[0].left_out = float("-inf"), 0
    return found[0]


@pytest.fixture
def bad_host_filter():
    return security_log_throttle("django.security.DisallowedHost")


def test_forged_host_headers_are_refused_and_logged_briefly(client, db, caplog, bad_host_filter):
    import logging

    caplog.set_level(logging.DEBUG)
    statuses = {client.get("/", HTTP_HOST=f"forged-{n}.example").status_code for n in range(100)}

    assert statuses == {400}
    lines = [r for r in caplog.records if r.name.startswith("django.security")]
    assert len(lines) == 1
    assert lines[0].levelname == "WARNING" and lines[0].exc_info is None
    assert "forged-0.example" in lines[0].getMessage()

    # A minute later: one line again, with the count of those left out.
    bad_host_filter.logged_at -= bad_host_filter.every_seconds
    assert client.get("/", HTTP_HOST="forged-100.example").status_code == 400
    lines = [r for r in caplog.records if r.name.startswith("django.security")]
    assert len(lines) == 2
    assert "99 more left out" in lines[1].getMessage()


def wsgi_get(path, content_type, query=""):
    """(status, body) of the project's WSGI application, as gunicorn calls it."""
    from portal.wsgi import application

    environ = {}
    setup_testing_defaults(environ)
    environ.update(
        HTTP_HOST="testserver", PATH_INFO=path, QUERY_STRING=query, CONTENT_TYPE=content_type
    )
    statuses = []
    # As Django's test client does: the test's transaction holds the database connection,
    # which a real request's start and end would close (PostgreSQL).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        answer = application(environ, lambda status, headers, *_: statuses.append(status))
        body = b"".join(answer)
        if hasattr(answer, "close"):  # as a WSGI server does
            answer.close()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return statuses[0], body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content_type", "query"),
    [
        ("text/plain; charset=rot13", "page=1"),  # a codec, but no text encoding
        ("text/plain; charset=hex", "a=1"),
        ("text/plain; charset=punycode", "q=ab-9z"),  # a text encoding failing on it
        ("text/plain; charset*=BOGUS''x", ""),  # fails as Django builds the request
    ],
)
def test_a_content_type_django_cannot_read_is_a_400(content_type, query, caplog):
    status, body = wsgi_get("/robots.txt", content_type, query)

    assert status.startswith("400")
    assert body.startswith(b"Bad request")
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    # The same request with a readable one is answered.
    assert wsgi_get("/robots.txt", "text/plain; charset=utf-8", query)[0].startswith("200")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    [
        "",
        "text/plain; charset=UTF-8",
        'application/x-www-form-urlencoded; charset="ISO-8859-1"',
        'multipart/form-data; boundary="a;b"',
        "text/plain; charset*=utf-8''",
        # Charsets Python does not know: Django ignores them, and so does the guard.
        "text/plain; charset=binary",
        "application/x-www-form-urlencoded; charset=utf8mb4",
    ],
)
def test_a_content_type_django_reads_or_ignores_is_answered(content_type):
    assert wsgi_get("/robots.txt", content_type, "q=threat")[0].startswith("200")
