"""Page queries the whole site shares, kept for the cache generation (serving.process).

Other apps use these instead of Wagtail's `.public()`, which reads every view
restriction again at each call.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, Site

from serving.process import kept


def restricted_paths(rows=None):
    """The paths of the pages with a view restriction and of their aliases, read afresh
    (or from `rows` of `_restriction_rows()`). Everything at or below such a path is
    private: Wagtail checks an alias, and the pages below it, against the restrictions of
    the page it copies."""
    rows = _restriction_rows() if rows is None else rows
    return tuple({path for row in rows for path in row if path is not None})


def _restriction_rows():
    return list(PageViewRestriction.objects.values_list("page__path", "page__aliases__path"))


def view_restrictions():
    """(`restricted_paths()`, whether any of those pages has aliases): one small query,
    kept."""

    def read():
        rows = _restriction_rows()
        return restricted_paths(rows), any(alias for _path, alias in rows)

    return kept("view-restrictions", read)


def view_restriction_may_apply(path, alias_of_id=None):
    """Whether Wagtail must check view restrictions for the page at `path`: one sits on
    it or an ancestor, or the page is an alias, or a restricted page has aliases (Wagtail
    follows aliases when it checks; that rare case is left to it)."""
    paths, restricted_pages_have_aliases = view_restrictions()
    return bool(paths) and (
        alias_of_id is not None
        or restricted_pages_have_aliases
        or any(path.startswith(private) for private in paths)
    )


def public_live(queryset):
    """Live pages that anyone may see. Wagtail's `.public()` reads every view restriction
    at each call; here they are read once (kept) and become path prefixes, none at all on
    a site without restrictions. Search backends can filter on them too (`path` is
    indexed), which they cannot do with a subquery."""
    queryset = queryset.live()
    paths, _aliases = view_restrictions()
    if paths:
        queryset = queryset.exclude(reduce(or_, (Q(path__startswith=path) for path in paths)))
    return queryset


def is_public(page):
    """Whether anyone may see `page` (one read of `public_live`'s rule, for a page in
    hand: an editor's chosen link, say). Needs its `live` and `path`."""
    paths, _aliases = view_restrictions()
    return page.live and not any(page.path.startswith(path) for path in paths)


def site_for(request=None):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site


# What a link to a page reads of it: its title, and its address (a page's URL comes from
# its url_path; Wagtail reads `live` and `locale` to find its translation). Listings that
# read only these (and their own fields) load pages `.only()` these.
LINK_FIELDS = ("title", "url_path", "live", "locale")
# ... and what the navigation and breadcrumbs read of the sections.
NAVIGATION_FIELDS = (*LINK_FIELDS, "path", "depth", "content_type", "show_in_menus")


def top_level_pages(request=None):
    """The site's home page and its live, public children, in tree order (one query)."""

    def compute():
        site = site_for(request)
        if site is None:
            return None, []
        home = site.root_page
        children = list(public_live(Page.objects.child_of(home)).only(*NAVIGATION_FIELDS))
        return home, children

    return kept("top-level", compute)


def top_level_page(model, request=None):
    """The live, public page of type `model` directly under the home page, or None (a
    section such as the news index can only stand there)."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.specific_class is model), None)
