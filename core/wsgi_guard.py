"""Requests Django cannot read, refused before it tries.

A Content-Type's charset is taken by Django wherever Python knows it as a codec, even one
that is no text encoding ("rot13", "hex") or fails on what it is given ("punycode"):
reading the query string then fails (a 500 on every page), and an RFC 2231 charset naming
no encoding (`charset*=BOGUS''x`) fails while Django builds the request, before any
middleware: gunicorn's bare 500, with a traceback logged at each request, which anyone
could send (Django ticket #36991 mends this one upstream, in a release after the one this
project runs). Here both are a 400, and nothing is logged. A charset Python does not know
at all is left to Django, which ignores it. (A form's body is read by the views that take
forms, which refuse one they cannot read themselves: quiz.views, reports.views.)
"""

import codecs

from django.http import QueryDict
from django.utils.http import parse_header_parameters


def readable(environ):
    """Whether Django can read the request's Content-Type and, with its charset, the
    query string: tried as Django reads them."""
    try:
        charset = parse_header_parameters(environ.get("CONTENT_TYPE", ""))[1].get("charset")
        if charset:
            codecs.lookup(charset)
    except ValueError:
        return False
    except LookupError:
        return True
    if charset:
        try:
            QueryDict(environ.get("QUERY_STRING", "").encode("latin-1"), encoding=charset)
        except (LookupError, UnicodeError):
            return False
    return True


def refuse_unreadable_requests(application):
    """WSGI `application`, answering 400 to a request Django could not read."""

    def guarded(environ, start_response):
        if readable(environ):
            return application(environ, start_response)
        start_response(
            "400 Bad Request",
            [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
        )
        return [b"Bad request: its Content-Type names no encoding its text can be read in.\n"]

    return guarded
