"""Requests Django cannot read, refused before it tries.

A Content-Type whose charset is no text encoding ("rot13", "hex": Python knows them as
codecs, so Django takes them) makes Django fail reading the query string or the form
(a 500 on every page and form), and an RFC 2231 charset naming no encoding
(`charset*=BOGUS''x`) fails while Django builds the request, before any middleware:
gunicorn's bare 500, and a traceback logged at each request, which anyone could send.
(Django ticket #36991 mends the second upstream, in a release after the one this
project runs.) Here both are a 400, and nothing is logged.
"""

from django.utils.http import parse_header_parameters


def readable_content_type(value):
    try:
        _media_type, params = parse_header_parameters(value)
        if charset := params.get("charset"):
            b"a".decode(charset, "ignore")  # LookupError where it is no text encoding
    except (LookupError, ValueError):
        return False
    return True


def refuse_unreadable_requests(application):
    """WSGI `application`, answering 400 to a request whose Content-Type Django cannot read."""

    def guarded(environ, start_response):
        if readable_content_type(environ.get("CONTENT_TYPE", "")):
            return application(environ, start_response)
        start_response(
            "400 Bad Request",
            [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
        )
        return [b"Bad request: its Content-Type names no text encoding.\n"]

    return guarded
