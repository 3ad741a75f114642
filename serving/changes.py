"""Changes that public pages show, and what each one affects.

A change (a page published, unpublished, moved or deleted; a row of a model every page
shows, such as the threat level or the site settings) is recorded in the transaction that
makes it: the cache generation moves on there (serving.generation), so it commits or
rolls back with the change. The rest waits for the commit and is done once per
transaction, however many changes it made: the new generation is announced to every
worker, and the CDN is told which addresses to drop, through the backends of
`wagtail.contrib.frontend_cache` (not an installed app: its publish handlers would purge
again, inside the transaction). A transaction that rolls back sends nothing.

Other apps declare the models every page shows with `@serving.shown_on_every_page`.
"""

import logging
import threading
from collections import namedtuple

from django.conf import settings
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from django.db.transaction import on_commit
from wagtail import hooks

from . import EVERYTHING, generation

logger = logging.getLogger(__name__)

# Page types whose pages every page lists (@serving.shown_on_every_page).
_listed_on_every_page = set()
# Wagtail hooks by which apps name addresses that are not pages: each function returns
# paths. Those that list pages (feeds, the sitemap) change with any page; the others (the
# threat level's API, badge and feeds) only with a change every page shows.
LISTING_HOOK = "serving_addresses_listing_pages"
OTHER_HOOK = "serving_other_addresses"
# Wagtail hook: functions called with the list of a transaction's changes once it has
# committed and the new generation is announced (the mirror, edge.mirror).
COMMITTED_HOOK = "serving_changes_committed"
# How long an editor's request waits for the CDN to take a purge (purge_cdn).
PURGE_WAIT_SECONDS = 5


# One change. `page`: the page changed, or None for a change every page shows;
# `url_path_before`: a moved page's old place.
Change = namedtuple("Change", "reason page url_path_before", defaults=(None, None))


def _site_root_urls():
    """(root url_path, root url) of each Site."""
    from wagtail.models import Site

    return [(path.root_path, path.root_url) for path in Site.get_site_root_paths()]


def _urls_for_paths(url_paths):
    """Every full address at which the pages whose url_paths are `url_paths` are served."""
    roots = _site_root_urls()
    return {
        root_url + "/" + url_path[len(root_path) :]
        for url_path in filter(None, url_paths)
        for root_path, root_url in roots
        if url_path.startswith(root_path)
    }


def _fixed_urls(*hook_names):
    paths = [path for name in hook_names for fn in hooks.get_hooks(name) for path in fn()]
    return {root_url + path for _root_path, root_url in _site_root_urls() for path in paths}


def affected_urls(change):
    """The full addresses `change` shows at, or EVERYTHING.

    A page shows at its own address, on the pages above it (their listings), on the pages
    that link to it (related pages, chosen in their own content: Wagtail's reference
    index), in the feeds and the sitemap. A page in the navigation (directly under the
    home page), the home page itself, or a page of a type every page lists (news in the
    sidebar: `@serving.shown_on_every_page`) affects everything.
    """
    from wagtail.models import Page, ReferenceIndex

    page = change.page
    if page is None:
        return EVERYTHING
    model = page.specific_class or type(page)
    if page.depth <= 3 or issubclass(model, tuple(_listed_on_every_page)):
        return EVERYTHING
    paths = list(
        Page.objects.ancestor_of(page).filter(depth__gte=2).values_list("url_path", flat=True)
    )
    linking = ReferenceIndex.get_references_to(page).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    paths += (
        Page.objects.live()
        .filter(pk__in=[int(pk) for pk in linking.values_list("object_id", flat=True)])
        .values_list("url_path", flat=True)
    )
    return _fixed_urls(LISTING_HOOK) | _urls_for_paths(
        [page.url_path, change.url_path_before, *paths]
    )


def own_urls(page, url_path_before=None):
    """The full addresses of `page` itself, and where it was before a move."""
    return _urls_for_paths((page.url_path, url_path_before))


def every_url():
    """What EVERYTHING stands for: every live page and every fixed address."""
    from wagtail.models import Page

    live = Page.objects.live().filter(depth__gte=2).values_list("url_path", flat=True)
    return _fixed_urls(LISTING_HOOK, OTHER_HOOK) | _urls_for_paths(live)


# The changes of the current transaction, per thread (each request has its own).
_pending = threading.local()


def _batch():
    if getattr(_pending, "changes", None) is None:
        _pending.changes = []
    return _pending.changes


def discard_pending(**kwargs):
    """Forget changes of transactions that rolled back (their commit never came)."""
    _pending.changes = None


def record(change):
    """Record `change`: the generation moves on now, the rest once the transaction commits."""
    _pending.number = generation.advance()
    _batch().append(change)
    # One callback per change, but only the first to run finds the batch: one send per
    # commit. A rolled-back transaction drops its callbacks, and its batch with them at
    # the next request (or is sent with the next commit in this thread, which is harmless).
    on_commit(_send_batch)


def _send_batch():
    changes, _pending.changes = _batch(), None
    if not changes:
        return
    number = _pending.number
    generation.announce_committed(number)
    logger.info("Cache generation %s: %s", number, "; ".join(sorted({c.reason for c in changes})))
    # The hooks next, before anything needs the database (the mirror, on this machine,
    # withholds its level first), and before the CDN, which a slow answer holds up.
    for fn in hooks.get_hooks(COMMITTED_HOOK):
        try:
            fn(changes)
        except Exception:  # the change is committed: an editor's publish must not fail
            logger.exception("%s failed", COMMITTED_HOOK)
    generation.settle_committed(number)
    if settings.WAGTAILFRONTENDCACHE:
        purge_cdn(changes)


def purge_cdn(changes):
    """Tell the CDN, in one batch, every address the changes affect.

    Sent from a thread of its own, waited for PURGE_WAIT_SECONDS at most: Wagtail's
    backends have no timeout and send an address (or 30) at a time, so a hung or slow CDN
    (every page at 10,000 articles is 11,500 addresses) would hold the editor's request
    until gunicorn killed it, reporting a committed change as failed. A purge cut short
    by the worker's exit leaves the CDN's copies to expire (`CDN_CACHE_SECONDS`). (Not
    django-tasks' database backend: a worker process more, which a hung CDN would hold,
    with every task queued behind the purge.)"""
    try:
        affected = [affected_urls(change) for change in changes]
        urls = every_url() if EVERYTHING in affected else set().union(*affected)
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge failed")
        return
    if urls:
        sender = threading.Thread(target=_purge, args=(sorted(urls),), daemon=True)
        sender.start()
        sender.join(PURGE_WAIT_SECONDS)
        if sender.is_alive():
            logger.warning(
                "CDN purge of %s addresses still running after %s s", len(urls), PURGE_WAIT_SECONDS
            )


def _purge(urls):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(urls)
    except Exception:
        logger.exception("CDN purge failed")


# Receivers


def _page_changed(sender, instance, url_path_before=None, **kwargs):
    """Published, unpublished, moved (from `url_path_before`) or deleted."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        record(
            Change(f"page {instance.pk} changed", page=instance, url_path_before=url_path_before)
        )


def _row_changed(sender, instance=None, **kwargs):
    record(Change(f"{sender._meta.label} changed"))


def shown_on_every_page(model):
    """See serving.shown_on_every_page."""
    from wagtail.models import Page

    if issubclass(model, Page):
        _listed_on_every_page.add(model)
        return model
    # Every page shows rows of `model`: saving or deleting one affects everything.
    uid = f"serving-{model._meta.label_lower}"
    post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
    return model


def connect():
    """Connected by ServingConfig.ready()."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_page_changed, dispatch_uid="serving-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="serving-page-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="serving-page-moved")
    post_delete.connect(_page_changed, dispatch_uid="serving-page-deleted")
    request_started.connect(discard_pending, dispatch_uid="serving-discard-pending")
    # A view restriction changes who may see a page and what listings show; a Site's
    # host or root changes every address; an image or document replaced changes the
    # addresses pages link to; a promoted search result shows on search.
    for model in (
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
        SearchPromotion,
    ):
        shown_on_every_page(model)
