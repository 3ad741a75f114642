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
- `kept_copy_among(...)`: the same, a copy per call (model instances, which a request
  may set attributes on).
- `{% kept "name" value ... %}…{% endkept %}` (`{% load serving %}`): a fragment of a
  template; `{% kept listing %}…` renders a listing kept with `kept_among()` once.

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
import copy
import threading

from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from . import generation

# At most this many values per group (kept_among), unless the caller says; fragments.
MAX_KEPT_PER_GROUP = 2_000
MAX_KEPT_FRAGMENTS = 5_000
# Hosts (each a Site, or the default one) a worker keeps values for, per generation.
MAX_KEPT_HOSTS = 32
NOT_KEPT_PREFIXES = ("/admin/",)


class _Memory:
    """What this process keeps for one generation."""

    __slots__ = ("generation", "until", "values", "keys", "hosts")

    def __init__(self, generation=None, until=None):
        self.generation = generation
        self.until = until
        self.hosts = set()
        self.values = {}
        self.keys = {}  # id(kept listing) -> its key, for {% kept listing %}


class _Request:
    """What this tier knows of the request being served."""

    __slots__ = ("request", "generation", "generation_known", "keep", "site", "memo")

    def __init__(self, request):
        self.request = request
        self.generation = None
        self.generation_known = False
        self.keep = True
        self.site = None
        self.memo = {}  # for this request alone, where nothing may be kept


_memory = _Memory()
_lock = threading.Lock()
_current = contextvars.ContextVar("serving_process_request", default=None)


def enabled():
    return settings.SERVING_KEEP_IN_PROCESS


@contextlib.contextmanager
def serving(request, current=_Request):
    """Within it, `request` is the one being served (serving.middleware). `current`: the
    generation read already, if it was."""
    state = _Request(request)
    # Nothing is kept for the admin, nor for a preview (Wagtail serves it with a dummy
    # request): it shows a draft, which visitors must not see.
    state.keep = not (
        request.path.startswith(NOT_KEPT_PREFIXES) or getattr(request, "is_dummy", False)
    )
    if current is not _Request:
        state.generation, state.generation_known = current, True
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def _site_key(state):
    # get_host() checks ALLOWED_HOSTS (a 400 otherwise) before anything is kept.
    if state.site is None:
        state.site = (state.request.get_host(), state.request.get_port())
    return state.site


def _values():
    """(this request's Site key, the kept values of the current generation), or None
    when nothing may be kept now."""
    global _memory
    state = _current.get()
    if state is None or not state.keep or not enabled():
        return None
    if not state.generation_known:
        state.generation, state.generation_known = generation.read()[0], True
    current = state.generation
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
    site = _site_key(state)
    if site not in memory.hosts:
        if len(memory.hosts) >= MAX_KEPT_HOSTS:
            return None  # a request naming ever more hosts keeps nothing more
        memory.hosts.add(site)
    return site, memory


def kept(key, build):
    """The value kept under `key` in this generation, built (and kept) if there is none.
    Where nothing may be kept, it is built once for the request being served."""
    found = _values()
    if found is None:
        state = _current.get()
        if state is None:
            return build()
        values, full_key = state.memo, key  # once per request, at least
    else:
        site, memory = found
        values, full_key = memory.values, (site, key)
    try:
        return values[full_key]
    except KeyError:
        value = values[full_key] = build()
        return value


def kept_among(group, key, build, *, limit=MAX_KEPT_PER_GROUP):
    """Like kept(), for one of many values: at most `limit` per group. None is never
    kept. Build lists, not querysets: a kept queryset would query again each time."""
    found = _values()
    if found is None:
        return build()
    site, memory = found
    values = memory.values.setdefault((site, "group", group), {})
    try:
        return values[key]
    except KeyError:
        value = build()
        if value is not None and len(values) < limit:
            values[key] = value
            memory.keys[id(value)] = (site, group, key)
        return value


def kept_copy_among(group, key, build, *, limit=MAX_KEPT_PER_GROUP):
    """Like kept_among(), for a model instance: each call gets its own copy of the kept
    one, so that nothing set on it during one request reaches another."""
    value = kept_among(group, key, build, limit=limit)
    return copy.copy(value) if value is not None and _values() is not None else value


def key_of(value):
    """The key `value` was kept under by kept_among() in this generation, or None."""
    found = _values()
    return found[1].keys.get(id(value)) if found is not None else None


def forget_everything():
    """Drop every kept value in this process (tests; the next request rebuilds)."""
    global _memory
    with _lock:
        _memory = _Memory()


def site_of(request):
    """The Wagtail Site serving `request`, as Site.find_for_request() finds it, kept."""
    return kept("site", lambda: Site.find_for_request(request))


def give_wagtail_what_is_kept(request):
    """Hand Wagtail the kept Site and site root paths for this request.

    Wagtail reads both once per request and keeps them on the request under private
    names: `Site.find_for_request()` queries the database (one query), and
    `Page._get_site_root_paths()` asks the cache (one Redis round trip, and a copy that
    can outlive a change of Site while Redis hangs). Measured on an uncached article
    (`make bench`): one query fewer per request. tests/serving/test_wagtail_internals.py
    fails if Wagtail stops reading these names.
    """
    if _values() is None:
        return
    request._wagtail_site = site_of(request)
    request._wagtail_cached_site_root_paths = kept("site-root-paths", Site.get_site_root_paths)
