"""Routing every URL of the site in two queries, view restrictions included (none, once
the address has been seen in the current cache generation).

Wagtail's router walks the tree: for each level of the URL it loads the child, then its
specific page, and when serving it asks for view restrictions on the page and each
ancestor. A page four levels down costs eight queries before any content. Wagtail keeps
each page's full `url_path`, so the site root can find any page at once instead; the same
query says whether any view restriction could apply, so the restriction check is only
made where one might.

Within a cache generation, a page's live content cannot change: publishing, unpublishing,
moving or deleting a page starts a new one (serving.changes). So each process keeps the
specific page it loaded for an address, and each request gets its own copy of it.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import Page, PageViewRestriction

from serving.process import kept_among

from .queries import restricted_here_or_above


def view_restriction_may_apply():
    """True for a page when a restriction sits on it or an ancestor.

    Also true whenever any restricted page has aliases: Wagtail then follows aliases
    when it checks, and this routing leaves that rare case to it.
    """
    return restricted_here_or_above() | models.Exists(
        PageViewRestriction.objects.filter(page__aliases__isnull=False)
    )


# Addresses whose page is kept per process (serving.process); past this many, the
# rest are looked up each time. Addresses that find no page are never kept.
MAX_KEPT_ROUTES = 20_000
# Pages are larger than addresses (their body comes with them): fewer are kept.
MAX_KEPT_PAGES = 2_000


def locate(root, url_path):
    """{pk, content_type_id, alias_of_id, restricted} of the page at `url_path`, or None."""
    return (
        Page.objects.filter(url_path=url_path, path__startswith=root.path, depth__gt=root.depth)
        .annotate(restricted=view_restriction_may_apply())
        .values("pk", "content_type_id", "alias_of_id", "restricted")
        .first()
    )


def view_restriction_may_apply_to(page):
    """view_restriction_may_apply() for one page already loaded (one query)."""
    return Page.objects.filter(pk=page.pk).filter(view_restriction_may_apply()).exists()


def find_page(root, path_components):
    """The specific live-or-not page at `path_components` below `root`, or None."""
    url_path = f"{root.url_path}{'/'.join(path_components)}/"
    found = kept_among(
        "routes",
        (root.pk, url_path),
        lambda: locate(root, url_path),
        limit=MAX_KEPT_ROUTES,
    )
    if found is None:
        return None
    page = kept_among("pages", found["pk"], lambda: load(found), limit=MAX_KEPT_PAGES)
    if page is not None:
        page = copy.copy(page)  # kept pages are shared: each request sets its own attributes
        page.view_restriction_may_apply = found["restricted"] or found["alias_of_id"] is not None
    return page


def load(found):
    """The specific page `locate()` found, with what its template needs, or None."""
    model = ContentType.objects.get_for_id(found["content_type_id"]).model_class()
    if model is None:
        return None
    queryset = model.routing_queryset() if hasattr(model, "routing_queryset") else model.objects
    return queryset.filter(pk=found["pk"]).first()
