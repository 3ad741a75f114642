"""Page queries the whole site shares, kept for the cache generation (serving.process).

Other apps use these instead of Wagtail's `.public()`, which reads every view
restriction again at each call.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from wagtail.models import Page, PageViewRestriction, Site

from serving.process import kept


def restricted_here_or_above():
    """True for a page when a view restriction sits on it or on an ancestor."""
    return Exists(
        PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    )


def public_live(queryset):
    """Live pages that anyone may see (Wagtail's `.public()` reads every view restriction
    at each call; this asks the database in the same query)."""
    return queryset.live().exclude(restricted_here_or_above())


def public_live_searchable(queryset):
    """public_live() for a queryset that will be searched: search backends filter on
    indexed fields only, so the restricted paths are read first (kept)."""
    paths = kept(
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
    private = Q(pk__in=[])
    for path in paths:
        private |= Q(path__startswith=path)
    return queryset.live().exclude(private)


def site_for(request=None):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site


def top_level_pages(request=None):
    """The site's home page and its live, public children, in tree order (one query)."""

    def compute():
        site = site_for(request)
        if site is None:
            return None, []
        home = site.root_page
        children = list(public_live(Page.objects.child_of(home)))
        return home, children

    return kept("top-level", compute)


def top_level_page(model, request=None):
    """The live, public page of type `model` directly under the home page, or None (a
    section such as the news index can only stand there)."""
    _home, children = top_level_pages(request)
    return next((page for page in children if page.specific_class is model), None)
