"""Page queries the whole site shares, each computed once per request, and kept for the
cache generation where `portal.shared_data` allows.

Other apps use these instead of Wagtail's `.public()`, which reads every view
restriction again at each call.
"""

from django.db.models import Q
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


def restriction_may_apply_to(page, request=None):
    """Whether a restriction could apply to `page` (False means: surely none does).

    The same answer as the router's (portal.routing), from the kept restricted paths.
    """
    paths = restricted_paths(request)
    if not paths:
        return page.alias_of_id is not None
    if page.alias_of_id is not None or any(page.path.startswith(path) for path in paths):
        return True
    # Wagtail follows aliases when it checks: leave that rare case to it.
    return remembered(
        request,
        "restricted-pages-have-aliases",
        lambda: PageViewRestriction.objects.filter(page__aliases__isnull=False).exists(),
    )


def private_pages_q(request=None):
    """A Q matching every page behind a view restriction, on it or on an ancestor."""

    def compute():
        q = Q(pk__in=[])
        for path in restricted_paths(request):
            q |= Q(path__startswith=path)
        return q

    return _memoised(request, _PRIVATE_Q, compute)


def public_live(queryset, request=None):
    """Live pages that anyone may see."""
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
        children = list(public_live(Page.objects.child_of(home), request))
        return home, children

    def kept():
        site = site_for(request)
        return remembered(request, ("top-level", site.pk if site else None), compute)

    return _memoised(request, _TOP_LEVEL, kept)
