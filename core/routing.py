"""Routing every URL of the site in one or two queries (none, once the address has been
seen in the current cache generation).

Wagtail's router walks the tree: for each level of the URL it loads the child, then its
specific page, and when serving it asks for view restrictions on the page and each
ancestor. A page four levels down costs eight queries before any content. Wagtail keeps
each page's full `url_path`, so the site root can find any page at once instead: in one
query where the page's type is known beforehand (a section, or a page in a section that
holds one type of page: `only_type_at`), otherwise in two (its type, then the page). The
page's path says whether any view restriction could apply (core.queries), so the
restriction check is only made where one might; and the root page itself is routed from
its tree fields (`route_from_tree_fields`).

Within a cache generation, a page's live content cannot change: publishing, unpublishing,
moving or deleting a page starts a new one (serving.changes). So each process keeps the
specific page it loaded for an address, and each request gets its own copy of it.
"""

import copy
import functools

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from serving.process import kept_among

from .queries import top_level_pages, view_restriction_may_apply

# Addresses whose page is kept per process (serving.process); past this many, the
# rest are looked up each time. Addresses that find no page are never kept.
MAX_KEPT_ROUTES = 20_000
# Pages are larger than addresses (their body comes with them): fewer are kept.
MAX_KEPT_PAGES = 2_000


def locate(root, url_path):
    """{pk, content_type_id} of the page at `url_path`, or None."""
    return (
        Page.objects.filter(url_path=url_path, path__startswith=root.path, depth__gt=root.depth)
        .values("pk", "content_type_id")
        .first()
    )


def find_page(root, path_components, request=None):
    """The specific live-or-not page at `path_components` below `root`, or None."""
    url_path = f"{root.url_path}{'/'.join(path_components)}/"
    loaded = {}

    def locate_or_load():
        # Where the page's type is known beforehand, the page itself is the one query.
        model = only_type_at(root, path_components, request)
        if model is not None:
            page = routing_queryset(model).filter(url_path=url_path, path__startswith=root.path)
            page = page.first()
            if page is not None:
                loaded[page.pk] = page
                return {"pk": page.pk, "content_type_id": page.content_type_id}
        return locate(root, url_path)

    found = kept_among("routes", (root.pk, url_path), locate_or_load, limit=MAX_KEPT_ROUTES)
    return None if found is None else page_for(found, loaded.get(found["pk"]))


def only_type_at(root, path_components, request):
    """The only page type that can stand at `path_components` below the site's root, or
    None. A section's type is known from the navigation (core.queries.top_level_pages,
    read for every page); below it, a type whose pages can hold only one type of page
    (a news index holds articles alone) says what the next level holds."""
    home, sections = top_level_pages(request)
    if home is None or home.pk != root.pk:
        return None
    section_path = f"{root.url_path}{path_components[0]}/"
    section = next((page for page in sections if page.url_path == section_path), None)
    model = section.specific_class if section is not None else None
    for _component in path_components[1:]:
        model = only_subpage_type(model) if model is not None else None
    return model


@functools.cache
def only_subpage_type(model):
    """The one page type pages of `model` can hold, or None (none, or several)."""
    allowed = model.allowed_subpage_models()
    return allowed[0] if len(allowed) == 1 else None


def routing_queryset(model):
    return model.routing_queryset() if hasattr(model, "routing_queryset") else model.objects


def page_for(found, page=None):
    """This request's copy of the page `found` ({pk, content_type_id}; the page itself if
    it was loaded already), loaded or kept, or None."""
    page = kept_among("pages", found["pk"], lambda: page or load(found), limit=MAX_KEPT_PAGES)
    if page is not None:
        page = copy.copy(page)  # kept pages are shared: each request sets its own attributes
        page.view_restriction_may_apply = view_restriction_may_apply(page.path, page.alias_of_id)
    return page


def route_from_tree_fields(site):
    """Have Wagtail route from the site's root page without loading its content.

    Wagtail routes from `site.root_page.specific`, which costs a query for the root's own
    fields; routing below the root needs only its tree fields, which the Site's query
    brought. So the root's specific form is made from those (`specific_deferred`), and the
    home page loads the rest only when it is the page served (`HomePage.route`): one query
    fewer on every other page (measured: 0.6-1.2 ms a request with both caches off).
    """
    root = site.root_page
    root.specific = root.specific_deferred  # Wagtail's cached_property, set beforehand


def load(found):
    """The specific page `locate()` found, with what its template needs, or None."""
    model = ContentType.objects.get_for_id(found["content_type_id"]).model_class()
    if model is None:
        return None
    return routing_queryset(model).filter(pk=found["pk"]).first()
