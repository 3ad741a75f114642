"""The site search page: Wagtail's search backend over public, live pages (search.query
says how a query is read), with editors' promoted results first, kinds to filter by,
and corrections."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import DateField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.blocks import load_choices
from core.models import BasePage
from core.pagination import MAX_PAGE_DIGITS
from core.queries import is_public, public_live
from serving import process
from serving.process import kept, kept_among

from .kinds import kind_filters, kind_of
from .query import Ranked, plan

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
# Searches whose results each process keeps for the cache generation.
MAX_KEPT_SEARCHES = 500


def clean_search_query(raw):
    """Drop control characters (PostgreSQL refuses NUL) and keep the query short."""
    printable = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return " ".join(printable.split())[:SEARCH_QUERY_MAX_LENGTH]


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
    """Summary, date (only a type's own: `search_date_field`) and kind-telling field of
    pages of the given types, read in the one query that lists them. `.specific()` would
    cost a query per page type in the results.
    """
    summaries, dates, kinds = [], [], []
    for model in sorted(models, key=lambda model: model._meta.label):
        if not issubclass(model, BasePage):
            continue
        row = model.objects.filter(pk=OuterRef("pk")).order_by()
        summaries.append(Subquery(row.values("summary")[:1]))
        if getattr(model, "search_date_field", None):
            dates.append(Subquery(row.values(model.search_date_field)[:1]))
        if getattr(model, "search_kind_field", None):
            kinds.append(Subquery(row.values(model.search_kind_field)[:1]))

    def first(found, output_field):
        none = Value(None, output_field=output_field)
        return Coalesce(*found, none, output_field=output_field) if found else none

    return {
        "listing_summary": first(summaries, TextField()),
        "listing_date": first(dates, DateField()),
        "listing_kind_value": first(kinds, TextField()),
    }


def with_listing_fields(pages):
    """The same pages, in the same order, each with `listing_summary`, `listing_date`
    and `listing_kind` (a search.kinds.SearchKind).

    Only the types among `pages` are asked for their fields: each adds to the query.
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
        page.listing_kind = kind_of(page.specific_class, page.listing_kind_value)
    return found


def searchable(kind=None):
    """Public, live pages; of one kind (a search.kinds.KindFilter) if given.

    Always a search of `Page`: searching a page type's own queryset makes SQLite's
    planner look up the full-text index once for every page of that type (150 ms at
    10,000 articles, against 3 ms this way)."""
    pages = Page.objects.all()
    if kind is not None:
        pages = pages.filter(content_type_id__in=kind.content_type_ids)
        if kind.field:
            of_kind = kind.model.objects.filter(**{kind.field: kind.value}).values("pk")
            pages = pages.filter(pk__in=of_kind)
    return public_live(pages)


def kind_counts(expression, kinds):
    """[(KindFilter, number of results)] for the kinds with results, most first: one
    query, and one more for each kind told apart by a field (news, blog posts, speeches)
    when pages of its type are among the results."""
    by_type = searchable().search(expression, order_by_relevance=False).facet("content_type_id")
    counts = {}
    for kind in kinds.values():
        if kind.field and by_type.get(kind.content_type_ids[0]):
            matches = searchable(kind).search(expression, order_by_relevance=False)
            counts[kind.kind.slug] = matches.count()
        elif not kind.field:
            counts[kind.kind.slug] = sum(by_type.get(pk, 0) for pk in kind.content_type_ids)
    found = [(kinds[slug], count) for slug, count in counts.items() if count]
    return sorted(found, key=lambda pair: (-pair[1], str(pair[0].kind.label)))


@dataclass
class Answer:
    results: object = None  # a page of results (a Django Page of Wagtail pages)
    kinds: list = field(default_factory=list)  # [(KindFilter, count)]
    total: int = 0  # results of every kind
    stems: frozenset = frozenset()  # to highlight in summaries
    suggestion: str = ""  # "Did you mean …?"
    corrected_from: str = ""  # the words typed, when results are for a correction
    promotions: list = field(default_factory=list)


def answer(query, number, kind_slug, correct):
    kinds = kind_filters()
    wanted = plan(query)
    if correct and wanted.correction and wanted.clear:
        shown = plan(wanted.correction)
        result = Answer(suggestion=wanted.correction, corrected_from=query)
    else:
        shown = wanted
        result = Answer(suggestion=wanted.correction)
    expression = shown.expression
    if expression is None:
        result.results = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
        return result
    result.stems = frozenset(shown.stems)
    result.kinds = kind_counts(expression, kinds)
    result.total = sum(count for _kind, count in result.kinds)
    kind = kinds.get(kind_slug)
    counted = dict((shown_kind.kind.slug, count) for shown_kind, count in result.kinds)
    # Counted already, with the kinds: Django's Paginator would count them again.
    count = counted.get(kind_slug, 0) if kind else result.total
    ranked = Ranked(searchable(kind).search(expression), shown.groups, count)
    paginator = Paginator(ranked, SEARCH_RESULTS_PER_PAGE)
    result.results = paginator.get_page(number)
    result.results.object_list = with_listing_fields(list(result.results.object_list))
    if result.results.number == 1 and kind is None:
        result.promotions = search_promotions(query)
    return result


def starting_points(request):
    """The public pages editors chose for the search page before anything is typed."""
    from .models import SearchSettings

    def build():
        stream = SearchSettings.load(request_or_site=request).starting_points
        load_choices(stream)
        return [
            child.value
            for child in stream
            if child.value["page"] is not None and is_public(child.value["page"])
        ]

    return kept("search-starting-points", build)


@require_safe
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    number = request.GET.get("page", "")[:MAX_PAGE_DIGITS]
    kind = request.GET.get("kind", "")[:20]
    correct = request.GET.get("exact") != "1"
    # The same for everyone until the content changes: kept for the generation, for a
    # bounded number of searches (serving.process).
    found = kept_among(
        "search-results",
        (query, number, kind, correct),
        lambda: answer(query, number, kind, correct) if query else Answer(),
        limit=MAX_KEPT_SEARCHES,
    )
    response = render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "answer": found,
            "results": found.results,
            "kind": kind if kind in {shown.kind.slug for shown, _count in found.kinds} else "",
            "starting_points": [] if query else starting_points(request),
            "search_current": True,
        },
    )
    # Results depend on the query string: keep them out of shared caches.
    add_never_cache_headers(response)
    return response
