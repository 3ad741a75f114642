"""Security headers on every response, quiet logs for requests anyone can forge, and the
same-site check of the public forms that carry no CSRF cookie (the quiz, the report form)."""

import logging
import threading
import time
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's strict policy everywhere, and a looser one of its own for the admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    Cross-Origin-Resource-Policy is same-origin unless a view chose otherwise (the
    embeddable badge and the public JSON API choose cross-origin).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class HeadWithoutBodyMiddleware:
    """A HEAD request's answer: the headers of a GET, without its body. Django answers
    HEAD as GET; gunicorn drops the body, as HTTP asks, but logs a warning for each such
    answer, so anyone could fill the log with HEAD requests. A Content-Length set by the
    view still gives the GET's length. A streamed answer (a document) streams nothing; its
    file is still closed with the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class SecurityLogThrottle(logging.Filter):
    """For Django's `django.security.*` loggers of requests anyone can send (LOGGING): a
    Host header the site does not serve (DisallowedHost), more form fields or files than
    Django reads, a body too large, a broken multipart form. Each is answered 400, and
    Django logs it at ERROR with a traceback (about 1 KB), so anyone could fill the logs.
    Here it is one WARNING line without the traceback, at most once a minute per process
    for each filter of LOGGING, with a count of those left out."""

    every_seconds = 60

    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()
        self.logged_at = float("-inf")
        self.left_out = 0

    def filter(self, record):
        now = time.monotonic()
        with self.lock:
            if now - self.logged_at < self.every_seconds:
                self.left_out += 1
                return False
            self.logged_at, left_out, self.left_out = now, self.left_out, 0
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        if left_out:
            record.msg = f"{record.getMessage()} ({left_out} more left out since the last line)"
            record.args = ()
        return True


def trusted_origins(request):
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def origin_of(url):
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[": no origin at all
        return None
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_site(request):
    """The POST comes from one of this site's own pages (as Django's CSRF origin check)."""
    trusted = {origin.lower() for origin in trusted_origins(request)}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in trusted
    referer = request.headers.get("Referer")
    return referer is not None and origin_of(referer) in trusted


class PermissionDeniedInOneLine(logging.Filter):
    """For `django.request` (LOGGING): a refusal (PermissionDenied, a 403) is one line, as
    a 404 is; Django logs it with a traceback, and anyone can ask for one (Wagtail
    refuses an admin page asked for by script, X-Requested-With, without a session so)."""

    def filter(self, record):
        exc_info = record.exc_info
        if exc_info and exc_info[0] is not None and issubclass(exc_info[0], PermissionDenied):
            record.exc_info = record.exc_text = None
        return True


# Errors that say the database cannot be reached (refused, dropped, timed out), as opposed
# to a query that is wrong (core.views answers them 503, core.database waits once). Here:
# this module is read with the logging settings, before any model may be imported.
DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


class DatabaseUnreachableInOneLine(logging.Filter):
    """For `django.request` (LOGGING): a 503 because the database does not answer is one
    line naming the error (as core.views.healthz logs it). Django logged each with three
    chained tracebacks, some 120 lines a request all through an outage (found by an
    operator's probe). Errors of the database's own (a query that is wrong) keep theirs."""

    def filter(self, record):
        exc_info = record.exc_info
        if exc_info and exc_info[0] is not None and issubclass(exc_info[0], DATABASE_UNREACHABLE):
            said = " ".join(str(exc_info[1]).split())[:300].replace("%", "%%")
            record.msg = f"{record.msg} ({exc_info[0].__name__}: {said})"
            record.exc_info = record.exc_text = None
        return True


class HealthCheckLoggedOnce(logging.Filter):
    """For `django.request` (LOGGING): the health check's 503 is logged by core.views.healthz
    in one line; Django would log it again, at ERROR, at every probe of an outage."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not (
            getattr(record, "status_code", None) == 503
            and request is not None
            and request.path_info == "/healthz"
        )
