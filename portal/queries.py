"""Page queries the whole site shares, each computed once per request, and kept for the
cache generation where `portal.shared_data` allows.

Other apps use these instead of Wagtail's `.public()`, which reads every view
restriction again at each call.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from wagtail.models import Page, PageViewRestriction, Site

from .shared_data import remembered

_PRIVATE_Q = "_portal_private_q"
_TOP_LEVEL = "_portal_top_level_pages"


def _memoised(request, name, compute):
    if request is None:
        return compute()
    if not hasattr(request, name):
        setattr(request, name, compute())
    return getattr(request, name)


def restricted_paths(request=None):
    """The tree paths of the pages that carry a view restriction (password, login, groups)."""
    return remembered(
        request,
        "restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def restricted_here_or_above():
    """True for a page when a view restriction sits on it or on an ancestor."""
    return Exists(
        PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    )


def private_pages_q(request=None):
    """A Q matching every page behind a view restriction, on it or on an ancestor, built
    from the kept restricted paths: for search, whose backends filter on indexed fields
    only (public_live's subquery is not one)."""

    def compute():
        q = Q(pk__in=[])
        for path in restricted_paths(request):
            q |= Q(path__startswith=path)
        return q

    return _memoised(request, _PRIVATE_Q, compute)


def public_live(queryset):
    """Live pages that anyone may see (Wagtail's `.public()` reads every view restriction
    at each call; this asks the database in the same query)."""
    return queryset.live().exclude(restricted_here_or_above())


def public_live_searchable(queryset, request=None):
    """public_live() for a queryset that will be searched."""
    return queryset.live().exclude(private_pages_q(request))


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

    def kept():
        site = site_for(request)
        return remembered(request, ("top-level", site.pk if site else None), compute)

    return _memoised(request, _TOP_LEVEL, kept)
