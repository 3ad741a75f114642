"""The shared tier: whole anonymous pages, kept in Redis for every worker and machine.

A public page is stored once per address with the cache generation it was rendered in
(serving.generation); it is served only while that generation is current and confirmed,
so one change anywhere retires every stored page at once, everywhere. A page is never
kept past the next moment content changes by itself (a role closing, an article dated ahead).

The cache cannot be filled or poisoned through the query string: parameters no page type
uses are dropped from the request before anything runs (so nothing renders them into a
stored page), and a page stored only when every parameter left is one its type declares
(`query_params`). Every entry has a lifetime.
"""

import functools
import hashlib
import re
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from wagtail.models import get_page_models

# What other apps may use (serving/__init__.py; tests/serving/test_public_api.py).
__all__ = ["NEVER_CACHED_PREFIXES", "known_params", "limit_query_to"]

# Routes that are never cached: per-visitor, private or operational.
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/documents/",
    "/healthz",
    "/quiz/",
    "/search/",
    "/static/",
    "/media/",
)
MAX_QUERY_STRING = 256
CACHE_HEADER = "X-Page-Cache"
# How long nginx in front may keep the page (deploy/nginx/portal.conf); nginx hides it.
EDGE_HEADER = "X-Accel-Expires"
_USED_PARAMS = "_page_cache_used_params"


@functools.cache
def known_params():
    """Every query parameter some page type uses (`query_params` on the model)."""
    return frozenset(
        name for model in get_page_models() for name in getattr(model, "query_params", ())
    )


def keep_only_known_params(request):
    """Drop the parameters no page uses (utm_*, fbclid, anything made up) from `request`,
    and put the rest in one order, each once with the value pages read (the last; none
    if that is empty), so that one page has one key: `?kind=x1&kind=` and `?kind=`
    are the page without a kind, not another copy each. Whether what is left is short
    enough to be a key."""
    if not request.META.get("QUERY_STRING"):
        return True  # most requests: nothing to parse
    query = only_params(request.GET, sorted(name for name in request.GET if name in known_params()))
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"], request.GET = query, QueryDict(query)
    return len(query) <= MAX_QUERY_STRING


def only_params(params, names):
    """The query string of `params` (a QueryDict) with only `names`, in that order, each
    with the value Django reads (the last), left out where that is empty."""
    return urlencode([(name, params[name]) for name in names if params.get(name)])


def limit_query_to(request, names):
    """For a page's serve(): only `names` reach the page; the page is stored only if the
    request named nothing else (otherwise each made-up value would be another entry)."""
    setattr(request, _USED_PARAMS, frozenset(names))
    if any(name not in names for name in request.GET):
        request.GET = QueryDict(only_params(request.GET, names))


def uses_every_param(request):
    used = getattr(request, _USED_PARAMS, frozenset())
    return all(name in used for name in QueryDict(request.META.get("QUERY_STRING", "")))


def lifetime_seconds(current):
    """How long a page stored now may be kept, given the next scheduled change."""
    seconds = settings.SERVING_PAGE_CACHE_SECONDS
    if current.until is not None:
        left = int((current.until - timezone.now()).total_seconds())
        seconds = min(seconds, left - settings.SERVING_PAGE_CACHE_STALE_SECONDS)
    return max(seconds, 0)


def is_cacheable_request(request):
    return (
        settings.SERVING_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(NEVER_CACHED_PREFIXES)
        # A session may belong to a signed-in editor: never serve them a shared copy.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def drop_vary_cookie(response):
    """The request carried no session, so the page is the same whatever the cookies.

    (Templates touch the session to decide, for instance, that there is no editor's
    userbar to show; that is not a reason for a CDN to keep a copy per cookie.)
    """
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


_KEEPS_WHITESPACE = re.compile(rb"<(pre|textarea)\b", re.IGNORECASE)


def drop_indentation(response):
    """Take the templates' indentation and blank lines out of an HTML page before it is
    stored: about half the bytes of a listing, which every hit would otherwise send on
    (from Redis, to the client). A run of whitespace with a line break in it shows as one
    space anyway, except in <pre> and <textarea>, so pages with those are left alone.

    (minify-html would do more, but rewrites markup, quotes and closing tags; this only
    drops what a browser ignores, for 0.1 ms once per stored page.)
    """
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    content = response.content
    if _KEEPS_WHITESPACE.search(content):
        return
    response.content = b"\n".join([line for line in map(bytes.strip, content.split(b"\n")) if line])
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def page_key(request):
    """The key of the page at this address: the scheme (absolute links in feeds and meta
    tags name it), the host in small letters and its port as a number, the path, the
    query. None where the port is no port (`:000080`, `:99999`): such a Host would be
    another copy of the page each."""
    domain, port = split_domain_port(request.get_host())
    if port and not (port.isdigit() and port[0] != "0" and int(port) <= 65535):
        return None
    query = request.META.get("QUERY_STRING", "")
    url = f"{request.scheme}://{domain.lower()}:{port}{request.path}?{query}"
    return f"page-cache:{hashlib.sha256(url.encode()).hexdigest()}"


def stored_page(stored, current):
    """The stored response if it is still good: rendered in the current generation and
    before the next scheduled moment (its lifetime ends earlier; this holds whatever
    the cache's clock does)."""
    if current is None or stored is None:
        return None
    number, until, response = stored
    if number != current.number or (until is not None and timezone.now() >= until):
        return None
    response[CACHE_HEADER] = "hit"
    return response


def store(request, key, response, current):
    """Mark a fresh response public or not, and store it if it may be kept."""
    if not is_cacheable_response(response):
        return
    drop_vary_cookie(response)
    drop_indentation(response)
    seconds = lifetime_seconds(current) if current is not None else 0
    # A CDN is purged, but a purge can fail: it keeps a page a short while only, and
    # serves it stale a little longer unless the view said it must not (the threat level).
    stale = {"stale_while_revalidate": settings.SERVING_PAGE_CACHE_STALE_SECONDS}
    if "must-revalidate" in response.get("Cache-Control", ""):
        stale = {}
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=min(seconds, settings.SERVING_CDN_CACHE_SECONDS),
        **stale,
    )
    if seconds > 0 and uses_every_param(request):
        if not response.has_header("ETag"):  # made once, not at each hit
            set_response_etag(response)
        # Stored under the generation read before rendering: if a change came meanwhile,
        # this copy is never served.
        cache.set(key, (current.number, current.until, response), seconds)
    response[CACHE_HEADER] = "miss"


def edge_may_keep(raw_query):
    """Whether nginx's key for a request with this query string names the page the app
    answers. nginx keys on the host, the path and, for each parameter some page type
    reads, its first value, matching names in any case; the app reads the last value and
    only names spelled as declared. So: each of those names at most once, as declared."""
    known = known_params()
    lowered = {name.lower() for name in known}
    named = [
        name
        for name, _value in parse_qsl(raw_query, keep_blank_values=True)
        if name.lower() in lowered
    ]
    return all(name in known for name in named) and len(named) == len({n.lower() for n in named})


def mark_for_edge(raw_query, response, current):
    """Let nginx keep a public page for SERVING_EDGE_CACHE_SECONDS, unless the next
    scheduled change comes sooner or its key could name another page."""
    seconds = settings.SERVING_EDGE_CACHE_SECONDS
    if (
        seconds > 0
        and current is not None
        and "public" in response.get("Cache-Control", "")
        and lifetime_seconds(current) >= seconds
        and edge_may_keep(raw_query)
    ):
        response[EDGE_HEADER] = str(seconds)
