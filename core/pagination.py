"""Page numbers from the query string, and one page of a listing."""

import itertools

from django.core.paginator import EmptyPage
from django.http import Http404

# Six digits: a million pages is more than any listing here will have.
MAX_PAGE_DIGITS = 6
# Each page of a listing built in this process gets its own number, `cache_key`: a kept
# page (serving.process) keeps it, so a template can keep the page's rendered cards
# under it ({% wagtailcache None cards items.cache_key using="listing_fragments" %})
# without spelling out again what the listing is.
_built = itertools.count(1)


def numbered(page):
    page.cache_key = next(_built)
    return page


def page_number(value):
    """The page number `?page=` asks for (1 when absent); Http404 for one that is no number.

    Only plain digits are accepted, so each page has one address ("01" is not page 1).
    """
    if not value:
        return 1
    if not (
        value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS and value[0] != "0"
    ):
        raise Http404("Not a page number")
    return int(value)


def page_of(paginator, number):
    """Page `number` of `paginator`, its items fetched; Http404 for a page that is none."""
    try:
        page = paginator.page(number)
    except EmptyPage as error:
        raise Http404(str(error)) from error
    # Fetched now, so that a kept page (serving.process) holds its items, not a query.
    page.object_list = list(page.object_list)
    return numbered(page)
