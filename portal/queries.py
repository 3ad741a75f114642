"""Page queries the whole site shares, each computed once per request.

Other apps use these instead of Wagtail's `.public()`, which reads every view
restriction again at each call.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, Site

_PRIVATE_Q = "_portal_private_q"
_TOP_LEVEL = "_portal_top_level_pages"


def _memoised(request, name, compute):
    if request is None:
        return compute()
    if not hasattr(request, name):
        setattr(request, name, compute())
    return getattr(request, name)


def private_pages_q(request=None):
    """A Q matching every page behind a view restriction (password, login, groups)."""

    def compute():
        q = Q(pk__in=[])
        for path in PageViewRestriction.objects.values_list("page__path", flat=True):
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

    return _memoised(request, _TOP_LEVEL, compute)
