"""The site search page: Wagtail's search backend over public, live pages (search.query
says how a query is read), with editors' promoted results first, kinds to filter by,
and corrections."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.blocks import load_choices
from core.filters import title_detail
from core.pagination import page_number
from core.queries import is_public, public_live
from core.views import only_read
from serving import process
from serving.process import kept, kept_among

from .kinds import kind_filters, kind_of_row, told_apart
from .query import RESULT_ONLY, Ranked, plan, result_rows, with_entry_columns
from .text import highlight, markable_stems

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
# The first results, which the project ranks (search.query.Ranked).
RANKED_HERE = 30
# Searches whose results each process keeps for the cache generation.
MAX_KEPT_SEARCHES = 500
# Results' cards each process keeps for the generation.
MAX_KEPT_CARDS = 5_000


def clean_search_query(raw):
    """Drop control characters (PostgreSQL refuses NUL) and keep the query short, cut
    between words (a word cut in two would be searched for, and named as left out)."""
    printable = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    query = " ".join(printable.split())
    if len(query) <= SEARCH_QUERY_MAX_LENGTH:
        return query
    cut = query[: SEARCH_QUERY_MAX_LENGTH + 1].rpartition(" ")[0]
    return cut or query[:SEARCH_QUERY_MAX_LENGTH]  # one word longer than the limit


def search_promotions(query):
    """Editors' promoted results for this query (one query): pages search finds alone
    (public, live, and not left out: a role past its closing time, promoted when it was
    open, stayed at the top of its search, found by an editors' probe)."""
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
    visible = findable(Page.objects.all()).values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .filter(Q(page__isnull=True) | Q(page__in=visible))
        .select_related("page")
        .order_by("sort_order")
    )


def searchable(kind=None):
    """Public, live pages; of one kind (a search.kinds.KindFilter) if given.

    Always a search of `Page`: searching a page type's own queryset makes SQLite's
    planner look up the full-text index once for every page of that type (150 ms at
    10,000 articles, against 3 ms this way)."""
    if kind is None:
        # Built once a generation (as the view restrictions it reads): the backend only
        # ever adds to it, in copies, and it is never read itself.
        return kept("searchable-pages", lambda: findable(Page.objects.filter(depth__gt=1)))
    pages = Page.objects.filter(depth__gt=1)  # not the tree's root, which is no page
    return findable(of_kind(pages, kind))


def findable(pages):
    """Public, live `pages`, but for those the `search_leaves_out` hooks return (pages
    that leave search by themselves, as a role past its closing time leaves the careers
    listings; such a moment retires what is kept, as a `serving_next_content_change`)."""
    for leaves_out in hooks.get_hooks("search_leaves_out"):
        pages = pages.exclude(pk__in=leaves_out().values("pk"))
    return public_live(pages)


def matching_pages(results):
    """The queryset of pages a search matched, without its ranking: the search
    backend's own `get_queryset()`, which each of django-modelsearch's database backends
    (SQLite, PostgreSQL, the fallback) has but does not document. Counting the kinds on it
    takes one query; through the documented API (a facet, then a count for each kind a
    field tells apart) it took four, 12 ms a search at 10,000 articles.
    tests/search/test_backend_internals.py fails if the backends change it."""
    return results.get_queryset().order_by()


def of_kind(pages, kind):
    """`pages` of one kind (a search.kinds.KindFilter), or all of them for None."""
    if kind is None:
        return pages
    pages = pages.filter(content_type_id__in=kind.content_type_ids)
    if kind.field:
        pages = pages.filter(pk__in=kind.model.objects.filter(**{kind.field: kind.value}))
    return pages


def most_first(counts, kinds):
    found = [(kinds[slug], count) for slug, count in counts.items() if count]
    return sorted(found, key=lambda pair: (-pair[1], str(pair[0].kind.label)))


def kind_counts(matching, kinds):
    """[(KindFilter, number of results)] for the kinds with results, most first (one
    query, on the pages matched)."""
    annotations = told_apart(kinds)
    rows = (
        matching.annotate(**annotations)
        .values("content_type_id", *annotations)
        .annotate(number=Count("pk"))
    )
    counts = Counter()
    for row in rows:
        kind = kind_of_row(row["content_type_id"], row, kinds)
        if kind is not None:
            counts[kind.kind.slug] += row["number"]
    return most_first(counts, kinds)


def few_matches(matching, kinds, limit):
    """Every page matched, as search.query.Result rows, where there are at most `limit` of
    them; otherwise None. One query, which also counts them by kind: most searches of a
    site this size find few."""
    found = result_rows(with_entry_columns(matching, kinds).order_by("path")[: limit + 1], kinds)
    return found if len(found) <= limit else None


@dataclass
class Answer:
    results: object = None  # a page of results (a Django Page of search.query.Result)
    kinds: list = field(default_factory=list)  # [(KindFilter, count)]
    total: int = 0  # results of every kind
    stems: frozenset = frozenset()  # to highlight in summaries
    suggestion: str = ""  # "Did you mean …?"
    corrected_from: str = ""  # the words typed, when results are for a correction
    promotions: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # words typed past the most searched for


def answer(query, number, kind_slug, correct):
    kinds = kept("search-kinds", kind_filters)  # the same until the code changes
    wanted = plan(query)
    if correct and wanted.correction and wanted.clear:
        shown = plan(wanted.correction)
        result = Answer(suggestion=wanted.correction, corrected_from=query)
    else:
        shown = wanted
        result = Answer(suggestion=wanted.correction)
    result.left_out = wanted.left_out
    expression = shown.expression
    if expression is None:
        result.results = Paginator([], SEARCH_RESULTS_PER_PAGE).get_page(1)
        return result
    result.stems = frozenset(shown.stems)
    # One search: its matches are counted by kind, and ranked here where they are few.
    matching = matching_pages(searchable().search(expression, order_by_relevance=False))
    few = few_matches(matching, kinds, RANKED_HERE)
    if few is None:
        result.kinds = kind_counts(matching, kinds)
    else:
        found = Counter(page.result_kind.kind.slug for page in few if page.result_kind)
        result.kinds = most_first(found, kinds)
    result.total = sum(count for _kind, count in result.kinds)
    counted = dict((shown_kind.kind.slug, count) for shown_kind, count in result.kinds)
    # A kind none of the results is (a filter's address kept from another search) is no
    # filter: the page shows every result, as its filters say ("All" is the current one).
    kind = kinds.get(kind_slug) if kind_slug in counted else None
    # Counted already, with the kinds: Django's Paginator would count them again.
    count = counted[kind_slug] if kind else result.total
    if few is not None and kind is not None:
        few = [page for page in few if page.result_kind and page.result_kind.kind == kind.kind]
    ranked = Ranked(
        few,
        lambda: with_entry_columns(searchable(kind), kinds).only(*RESULT_ONLY).search(expression),
        shown.groups,
        count,
        head=RANKED_HERE,
        kinds=kinds,
    )
    paginator = Paginator(ranked, SEARCH_RESULTS_PER_PAGE)
    result.results = paginator.get_page(number)
    if result.results.number == 1 and kind is None:
        result.promotions = search_promotions(query)
    return result


def starting_points(request):
    """The public pages editors chose for the search page to offer before anything is
    typed and where a search finds nothing."""
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


def cards(request, results, stems):
    """The HTML of each result's card, kept for the generation by page and the words it
    marks: a card changes only with its page, and most cards a search shows were shown,
    with the same words marked, by searches before it. Rendered here rather than in
    search.html's loop, where finding each kept card (a fragment key, the summary marked
    first) cost a tenth of a search."""
    language = get_language()

    def card(result, marked):
        return render_to_string(
            "components/card.html",
            {
                "url": result.page.get_url(request),
                "title": result.title,
                "kind": result.listing_kind.label if result.listing_kind else "",
                "date": result.listing_date,
                "summary": highlight(result.listing_summary, marked),
            },
        )

    shown = []
    for result in results:
        markable = kept_among(
            "search-markable",
            result.pk,
            lambda r=result: markable_stems(r.listing_summary),
            limit=MAX_KEPT_CARDS,
        )
        marked = stems & markable
        shown.append(
            kept_among(
                "search-cards",
                (language, result.pk, marked),
                lambda r=result, m=marked: card(r, m),
                limit=MAX_KEPT_CARDS,
            )
        )
    return shown


@only_read
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    try:
        number = page_number(request.GET.get("page", ""))
    except Http404:
        number = 1  # every search address is an ordinary page, as the search issue asks
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
    labels = {shown.kind.slug: shown.kind.plural for shown, _count in found.kinds}
    response = render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "answer": found,
            "results": found.results,
            "cards": cards(request, found.results or [], found.stems),
            "kind": kind if kind in labels else "",
            "title_detail": title_detail(labels.get(kind, ""), page=found.results),
            # Before anything is typed, and where a search found nothing.
            "starting_points": starting_points(request) if not found.results else [],
            "search_current": True,
        },
    )
    # Results depend on the query string: keep them out of shared caches.
    add_never_cache_headers(response)
    return response
