"""The anonymous page cache, shared by every worker and machine through Redis.

A public page is stored once per URL with the "generation" it was rendered in. Any change that
can show on a page (a page published, unpublished, moved or deleted, a threat level, a
site setting, a quiz statement, a schedule) starts a new generation, so the next request
to any worker renders afresh: one write purges everything, at once, everywhere.

A page is also never kept past the next moment content changes by itself (a role
closing, a scheduled go-live or expiry): apps report those moments through the
`portal_next_content_change` Wagtail hook.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import patch_cache_control
from wagtail import hooks

from . import shared_data

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_CHANGE_KEY = "page-cache:next-change"
NO_NEXT_CHANGE = "none"
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


def current_generation(stored=None):
    generation = stored if stored is not None else cache.get(GENERATION_KEY)
    if generation is None:
        # Never reuse an old number: a fresh one cannot match pages stored before.
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
    return generation


def read_generation():
    """(current generation, next scheduled change or None), in one round trip."""
    found = cache.get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
    return current_generation(found.get(GENERATION_KEY)), next_content_change(
        found.get(NEXT_CHANGE_KEY)
    )


def purge_all(reason=""):
    """Start a new generation: every cached page is out of date, on every worker.

    Called inside a transaction, it starts another once the transaction commits: a
    page rendered meanwhile, from what the database held before, is not kept either.
    """
    _start_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_start_generation)
    logger.info("Page cache purged%s", f": {reason}" if reason else "")


def _start_generation():
    # The next scheduled change is found here, in the editor's request, so that no
    # visitor's request has to look for it; both keys are written at once.
    upcoming = find_next_content_change()
    cache.set_many(
        {NEXT_CHANGE_KEY: upcoming or NO_NEXT_CHANGE, GENERATION_KEY: time.time_ns()}, None
    )


def find_next_content_change():
    """Ask every `portal_next_content_change` hook; the earliest moment, or None."""
    moments = [fn() for fn in hooks.get_hooks("portal_next_content_change")]
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None


def next_content_change(stored=None):
    """The next moment content changes by itself, or None (kept until the next purge).

    `stored` is what the cache held under NEXT_CHANGE_KEY, when the caller read it.
    """
    if stored is None:
        stored = cache.get(NEXT_CHANGE_KEY)
    if stored == NO_NEXT_CHANGE:
        return None
    if stored is not None and stored > timezone.now():
        return stored
    # Nothing stored, or the moment has passed: pages stored before it were given
    # lifetimes that ended with it, so only the next moment needs finding.
    upcoming = find_next_content_change()
    cache.set(NEXT_CHANGE_KEY, upcoming or NO_NEXT_CHANGE, None)
    return upcoming


@hooks.register("portal_next_content_change")
def next_scheduled_page_change():
    from wagtail.models import Page, Revision

    now = timezone.now()
    go_live = Revision.objects.filter(approved_go_live_at__gt=now).aggregate(
        moment=Min("approved_go_live_at")
    )["moment"]
    expiry = (
        Page.objects.live().filter(expire_at__gt=now).aggregate(moment=Min("expire_at"))["moment"]
    )
    moments = [moment for moment in (go_live, expiry) if moment is not None]
    return min(moments) if moments else None


def lifetime_seconds(upcoming):
    """How long a page stored now may be kept, given the next scheduled change."""
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    if upcoming is not None:
        until = (upcoming - timezone.now()).total_seconds()
        seconds = min(seconds, int(until) - settings.PORTAL_PAGE_CACHE_STALE_SECONDS)
    return max(seconds, 0)


def is_cacheable_request(request):
    return (
        settings.PORTAL_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
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


def page_key(request):
    url = f"{request.get_host()}{request.get_full_path()}"
    return f"page-cache:{hashlib.sha256(url.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        # One round trip: the generation, the next scheduled change and the stored page,
        # which is only good if it was rendered in this generation.
        found = cache.get_many([GENERATION_KEY, NEXT_CHANGE_KEY, key])
        generation = current_generation(found.get(GENERATION_KEY))
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            response = stored[1]
            response[CACHE_HEADER] = "hit"
            return response
        upcoming = next_content_change(found.get(NEXT_CHANGE_KEY))
        shared_data.note_generation(request, generation, upcoming)
        response = self.get_response(request)
        if is_cacheable_response(response):
            drop_vary_cookie(response)
            seconds = lifetime_seconds(upcoming)
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=seconds,
                stale_while_revalidate=settings.PORTAL_PAGE_CACHE_STALE_SECONDS,
            )
            if seconds > 0:
                # Stored under the generation read before rendering: if a change came
                # meanwhile, this copy is never served.
                cache.set(key, (generation, response), seconds)
            response[CACHE_HEADER] = "miss"
        return response
