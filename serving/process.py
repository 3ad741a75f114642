"""The process tier: what pages are built from, kept in each worker while the cache
generation lasts.

Pages are built from what every page shares (the Site, the settings rows, the
navigation, the threat level bar, the footer), from the page itself and from what it
lists. None of it changes except through a change that moves the generation on
(serving.changes) or at the next scheduled moment (serving.generation). So a worker
keeps what it built and uses it while the generation it was built in is current.

- `kept(key, build)`: the value kept under `key`, or `build()`, kept now.
- `kept_among(group, key, build, limit=...)`: the same, for one of many values (a
  page's, an address's, a page of a listing); at most `limit` per group, so that
  requests naming ever more cannot make a worker keep more and more. None is never kept.
- Template fragments, through Django's cache API: `FragmentCache` is the
  `template_fragments` cache, which Wagtail's `{% wagtailcache None "name" values %}`
  uses (it renders previews afresh).

Every key is made here and includes the Site (the request's host), so one worker serving
two Sites never mixes them. Nothing is kept outside a request (a command, a signal), for
the admin or a preview (it shows a draft), or while the generation cannot be confirmed:
`build()` runs each time (`kept()` still builds a value once per request). Kept values
are shared between requests: read them, never change them.

Why our own code rather than Django's cache framework: this tier must keep working while
Redis hangs or is gone, so it lives in the process; Django's local-memory backend
pickles every value and would unpickle a page, with its content, at each use. A dict per
generation, dropped whole when the generation moves on, does the job.
"""

import contextlib
import contextvars
import threading
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Site

from . import generation

# What other apps may use (serving/__init__.py; tests/serving/test_public_api.py).
__all__ = ["FragmentCache", "enabled", "kept", "kept_among"]

# At most this many values per group (kept_among), unless the caller says; fragments.
MAX_KEPT_PER_GROUP = 2_000
MAX_KEPT_FRAGMENTS = 5_000
# Hosts (each a Site, or the default one) a worker keeps values for, per generation.
MAX_KEPT_HOSTS = 32
# The admin shows drafts; the health check reads nothing kept, and must reach its own
# view, which logs an outage in one line, whatever the database does.
NOT_KEPT_PREFIXES = ("/admin/", "/healthz")


def _memory_for(generation):
    """What this process keeps for one generation: {(host, group): {key: value}}."""
    return SimpleNamespace(generation=generation, groups={}, hosts=set())


_memory = _memory_for(None)
_lock = threading.Lock()
_current = contextvars.ContextVar("serving_process_request", default=None)
_UNREAD = object()


@contextlib.contextmanager
def serving(request, current=_UNREAD):
    """Within it, `request` is the one being served (serving.middleware). `current`: the
    generation read already, if it was."""
    # Nothing is kept for the admin, nor for a preview (Wagtail serves it with a dummy
    # request): it shows a draft, which visitors must not see. `memo`: for this request
    # alone, where nothing may be kept.
    keep = not (
        request.path_info.startswith(NOT_KEPT_PREFIXES) or getattr(request, "is_dummy", False)
    )
    state = SimpleNamespace(request=request, generation=current, keep=keep, host=None, memo={})
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def enabled():
    return settings.SERVING_KEEP_IN_PROCESS


def _group(name):
    """The values kept in group `name` for this request's host in the current generation,
    or None when nothing may be kept now."""
    global _memory
    state = _current.get()
    if state is None or not state.keep or not enabled():
        return None
    if state.generation is _UNREAD:
        # Known from now on: what reading it needs (the next scheduled change) is built
        # for this request, not kept.
        state.generation = None
        state.generation = generation.read()[0]
    current = state.generation
    if current is None:
        return None
    memory = _memory
    if memory.generation != current:  # moved on, or its next scheduled moment came
        with _lock:
            if _memory is memory and _sooner(memory.generation, current):
                _memory = _memory_for(current)
            memory = _memory
        if memory.generation != current:
            # Another request's, which read a later generation: a value this one built
            # from what it read before that change must not be kept there.
            return None
    if state.host is None:
        # get_host() checks ALLOWED_HOSTS (a 400 otherwise) before anything is kept.
        state.host = (state.request.get_host(), state.request.get_port())
    if state.host not in memory.hosts and len(memory.hosts) >= MAX_KEPT_HOSTS:
        return None  # a request naming ever more hosts keeps nothing more
    memory.hosts.add(state.host)
    return memory.groups.setdefault((state.host, name), {})


def _sooner(kept, current):
    """Whether what is kept is for a generation before `current` (or none): a request that
    read an earlier one never takes the memory back to it."""
    if kept is None:
        return True
    last = timezone.now() + timedelta(days=36500)  # no next moment: the latest of all
    return (kept.number, kept.until or last) < (current.number, current.until or last)


def kept(key, build):
    """The value kept under `key` in this generation, built (and kept) if there is none.
    Where nothing may be kept, it is built once for the request being served."""
    values = _group("values")
    if values is None:
        state = _current.get()
        if state is None:
            return build()
        values = state.memo
    try:
        return values[key]
    except KeyError:
        value = values[key] = build()
        return value


def kept_among(group, key, build, *, limit=MAX_KEPT_PER_GROUP):
    """Like kept(), for one of many values: at most `limit` per group. None is never
    kept. Build lists, not querysets: a kept queryset would query again each time."""
    values = _group(group)
    if values is None:
        return build()
    try:
        return values[key]
    except KeyError:
        value = build()
        if value is not None and len(values) < limit:
            values[key] = value
        return value


class FragmentCache(BaseCache):
    """Template fragments kept in this tier: `CACHES["template_fragments"]`, which Django's
    `{% cache %}` and Wagtail's `{% wagtailcache %}` use. Only for fragments that are the
    same for every visitor given the values named (nothing per visitor: no CSRF token,
    no signed-in user). The timeout is not used: the generation decides. LOCATION names
    the group, each bounded on its own (listings' cards apart from the rest)."""

    def __init__(self, location, params):
        super().__init__(params)
        self.group = location or "fragments"

    def get(self, key, default=None, version=None):
        fragments = _group(self.group)
        return default if fragments is None else fragments.get((get_language(), key), default)

    def set(self, key, value, timeout=None, version=None):
        fragments = _group(self.group)
        if fragments is not None and len(fragments) < MAX_KEPT_FRAGMENTS:
            fragments[(get_language(), key)] = value


def forget_everything():
    """Drop every kept value in this process (tests; the next request rebuilds)."""
    global _memory
    with _lock:
        _memory = _memory_for(None)


def give_wagtail_what_is_kept(request):
    """Hand Wagtail the kept Site and site root paths for this request.

    Wagtail reads both once per request and keeps them on the request under private
    names: `Site.find_for_request()` queries the database (one query), and
    `Page._get_site_root_paths()` asks the cache (one Redis round trip, and a copy that
    can outlive a change of Site while Redis hangs). Measured on an uncached article
    (`make bench`): one query fewer per request. tests/serving/test_wagtail_internals.py
    fails if Wagtail stops reading these names.
    """
    if _group("values") is None:
        return
    try:
        request._wagtail_site = kept("site", lambda: Site.find_for_request(request))
        request._wagtail_cached_site_root_paths = kept("site-root-paths", Site.get_site_root_paths)
    except DatabaseError:
        # Not kept yet, and the database is down: the view meets it and answers for it
        # (the report form keeps what was typed), as it would without this tier.
        return
