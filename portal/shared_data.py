"""What pages are built from, kept in each process for as long as the cache generation lasts.

The Wagtail Site, both settings rows, the navigation, the view restrictions, the latest
news and the quiz statement are read by page after page; each page and what it lists
(a page of an index, related pages, feed entries, search results) are read again at each
visit. All of it only changes through the actions that start a new page-cache generation
(see `serving.generation`), or at the next scheduled moment (`portal_next_content_change`).
So a process may keep it while the generation it read it in is still current and that
moment has not come. One read of Redis per request (and of the database at most once a
second) says which generation is current; pages are still rendered afresh, but without
asking the database again.

When the generation cannot be confirmed (Redis and the database both unreachable),
nothing kept is used: every request reads from the database, or fails with a 503.

Kept values are shared between requests: read them, never change them.
"""

import copy
import threading

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.models import Site

from serving import generation

_REQUEST_ATTR = "_portal_generation"


class _Memory:
    __slots__ = ("generation", "until", "values")

    def __init__(self, generation=None, until=None):
        self.generation = generation
        self.until = until
        self.values = {}


_memory = _Memory()
_lock = threading.Lock()


def generation_of(request):
    """The current generation (serving.generation.Generation, or None) for this request,
    read once."""
    if not hasattr(request, _REQUEST_ATTR):
        setattr(request, _REQUEST_ATTR, generation.read()[0])
    return getattr(request, _REQUEST_ATTR)


def note_generation(request, current):
    """For the page cache, which reads the generation in its own round trip."""
    setattr(request, _REQUEST_ATTR, current)


def _current_memory(request):
    """What this process keeps for the request's generation; None when unconfirmed."""
    global _memory
    current = generation_of(request)
    if current is None:
        return None
    memory = _memory
    if memory.generation != current.number or (
        memory.until is not None and timezone.now() >= memory.until
    ):
        with _lock:
            if _memory is memory:
                _memory = _Memory(current.number, current.until)
            memory = _memory
    return memory


def enabled():
    return settings.PORTAL_KEEP_SHARED_DATA


def remembered(request, key, build):
    """The value kept under `key` in this generation, built (and kept) if there is none.

    Without a request (a command, a signal) nothing is kept: `build()` is returned.
    """
    if request is None or not enabled():
        return build()
    memory = _current_memory(request)
    if memory is None:
        return build()
    values = memory.values
    try:
        return values[key]
    except KeyError:
        value = values[key] = build()
        return value


def remembered_among(request, group, key, build, *, limit):
    """Like remembered(), for one of many values (a page's, an address's): at most `limit`
    are kept per group, so that requests naming ever more cannot make a process keep more
    and more. None is never kept.
    """
    kept = remembered(request, ("group", group), dict)
    try:
        return kept[key]
    except KeyError:
        value = build()
        if value is not None and len(kept) < limit:
            kept[key] = value
        return value


def is_preview(request):
    """Whether `request` previews a draft (Wagtail sets `is_preview`)."""
    return getattr(request, "is_preview", False)


# Listings (one page of an index, the pages related to one page) each process keeps.
MAX_KEPT_LISTINGS = 2_000


def remembered_listing(request, group, key, build):
    """Like remembered_among(), for what a page lists: a page of its index, its related
    pages. Build lists, not querysets: a kept queryset would query again each time.

    A preview lists afresh and keeps nothing: it lists for the page as edited (a related
    article of the kind chosen in the draft, say), which visitors must not be shown.
    """
    if is_preview(request):
        return build()
    return remembered_among(request, group, key, build, limit=MAX_KEPT_LISTINGS)


def kept_copy_among(request, group, key, build, *, limit):
    """Like remembered_among(), for a model instance: each request gets its own copy of
    the kept one, so that nothing set on it during one request reaches another.
    """
    value = remembered_among(request, group, key, build, limit=limit)
    if value is None or request is None or not enabled():
        return value  # built for this request alone
    return copy.copy(value)


def forget_everything():
    """Drop every kept value in this process (tests; the next request rebuilds)."""
    global _memory
    with _lock:
        _memory = _Memory()


def site_for_request(request):
    """The Wagtail Site serving this request, as Site.find_for_request() would find it."""
    # get_host() checks ALLOWED_HOSTS (a 400 otherwise) before anything is kept.
    key = (split_domain_port(request.get_host())[0], request.get_port())
    return remembered_among(
        request, "sites", key, lambda: Site._find_for_request(request), limit=32
    )


def setting_for_request(model, request):
    """A settings row (BaseGenericSetting), a copy per request of the one kept."""
    kept = remembered(request, ("setting", model._meta.label_lower), model._get_or_create)
    # A copy, so that nothing done with it during one request reaches another.
    return copy.copy(kept)


class SharedDataMiddleware:
    """Give each request the kept Site and site root paths Wagtail would otherwise query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if enabled():
            request._wagtail_site = site_for_request(request)
            request._wagtail_cached_site_root_paths = remembered(
                request, "site-root-paths", Site.get_site_root_paths
            )
        return self.get_response(request)
