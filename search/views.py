"""The site search: Wagtail's search backend over public, live pages, with editors'
promoted results first."""

from django.core.paginator import Paginator
from django.db.models import DateField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.models import BasePage
from core.pagination import MAX_PAGE_DIGITS
from core.queries import public_live
from serving import process
from serving.process import kept, kept_among

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
# Searches whose results each process keeps for the cache generation.
MAX_KEPT_SEARCHES = 500


def clean_search_query(raw):
    """Drop control characters (PostgreSQL refuses NUL) and keep the query short."""
    printable = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return " ".join(printable.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_terms(query):
    # Double quotes start a phrase in SQLite's full-text syntax; an unbalanced one is an
    # error there, so terms are searched as plain words.
    return query.replace('"', " ").strip()


def search_promotions(query):
    """Editors' promoted results for this query (one query), public pages only."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    if not normalised:
        return []
    if process.enabled() and normalised not in kept(
        "promoted-query-strings",
        lambda: frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True)),
    ):
        # Most searches have no promoted results: the kept list of the queries that do
        # (one query per generation) spares them a query each.
        return []
    visible = public_live(Page.objects.all()).values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .filter(Q(page__isnull=True) | Q(page__in=visible))
        .select_related("page")
        .order_by("sort_order")
    )


def listing_fields(models):
    """Summary and date of pages of the given types, read in the one query that lists
    them. `.specific()` would cost a query per page type in the results.
    """
    summaries, dates = [], []
    for model in sorted(models, key=lambda model: model._meta.label):
        if not issubclass(model, BasePage):
            continue
        row = model.objects.filter(pk=OuterRef("pk")).order_by()
        summaries.append(Subquery(row.values("summary")[:1]))
        if any(field.name == "published_date" for field in model._meta.concrete_fields):
            dates.append(Subquery(row.values("published_date")[:1]))
    first_published = TruncDate("first_published_at")
    return {
        "listing_summary": Coalesce(*summaries, Value(""), output_field=TextField())
        if summaries
        else Value("", output_field=TextField()),
        "listing_date": Coalesce(*dates, first_published, output_field=DateField())
        if dates
        else first_published,
    }


def with_listing_fields(pages):
    """The same pages, in the same order, each with `listing_summary`, `listing_date` and
    `listing_kind` (the name of its type).

    Only the types among `pages` are asked for their summary: each adds to the query.
    """
    pks = [page.pk for page in pages]
    if not pks:
        return []
    models = {page.specific_class for page in pages} - {None}
    annotated = Page.objects.filter(pk__in=pks).annotate(**listing_fields(models)).in_bulk()
    found = [annotated[pk] for pk in pks if pk in annotated]
    for page in found:
        # Here, not in the template: there, `specific_class` is callable, and so would be
        # called, making a page of that type just to ask its name.
        model = page.specific_class
        page.listing_kind = model.get_verbose_name() if model else ""
    return found


def search_results(query, number):
    """(the page of results numbered `number`, or the nearest one; promoted results)."""
    terms = search_terms(query)
    results = public_live(Page.objects.all()).search(terms) if terms else []
    results_page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(number)
    results_page.object_list = with_listing_fields(list(results_page.object_list))
    promotions = search_promotions(query) if terms and results_page.number == 1 else []
    return results_page, promotions


@require_safe
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    number = request.GET.get("page", "")[:MAX_PAGE_DIGITS]
    # The same for everyone until the content changes: kept for the generation, for a
    # bounded number of searches (serving.process).
    results_page, promotions = kept_among(
        "search-results",
        (query, number),
        lambda: search_results(query, number),
        limit=MAX_KEPT_SEARCHES,
    )
    response = render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results_page,
            "promotions": promotions,
            "search_current": True,
        },
    )
    # Results depend on the query string: keep them out of shared caches.
    add_never_cache_headers(response)
    return response
