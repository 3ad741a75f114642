import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import DateField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, TruncDate
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

from portal.models import BasePage
from portal.queries import public_live, site_for

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def server_error(request, template_name="500.html"):
    """The 500 page, rendered from Django settings alone: the database may be down."""
    template = loader.get_template(template_name)
    body = template.render({"fallback": settings.PORTAL_FALLBACK})
    return HttpResponseServerError(body)


SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


def clean_search_query(raw):
    """Drop control characters (PostgreSQL refuses NUL) and keep the query short."""
    printable = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return " ".join(printable.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_terms(query):
    # Double quotes start a phrase in SQLite's full-text syntax; an unbalanced one is an
    # error there, so terms are searched as plain words.
    return query.replace('"', " ").strip()


def search_promotions(query, request):
    """Editors' promoted results for this query (one query), public pages only."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    if not normalised:
        return []
    visible = public_live(Page.objects.all(), request).values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .filter(Q(page__isnull=True) | Q(page__in=visible))
        .select_related("page")
        .order_by("sort_order")
    )


def listing_fields():
    """Summary and date of any page type, read in the one query that lists results.

    `.specific()` would cost a query per page type in the results.
    """
    summaries, dates = [], []
    for model in get_page_models():
        if not issubclass(model, BasePage):
            continue
        row = model.objects.filter(pk=OuterRef("pk")).order_by()
        summaries.append(Subquery(row.values("summary")[:1]))
        if any(field.name == "published_date" for field in model._meta.concrete_fields):
            dates.append(Subquery(row.values("published_date")[:1]))
    return {
        "listing_summary": Coalesce(*summaries, Value(""), output_field=TextField()),
        "listing_date": Coalesce(*dates, TruncDate("first_published_at"), output_field=DateField())
        if dates
        else TruncDate("first_published_at"),
    }


def with_listing_fields(pages):
    """The same pages, in the same order, each with `listing_summary` and `listing_date`."""
    pks = [page.pk for page in pages]
    if not pks:
        return []
    annotated = Page.objects.filter(pk__in=pks).annotate(**listing_fields()).in_bulk()
    return [annotated[pk] for pk in pks if pk in annotated]


@require_safe
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    results = Page.objects.none()
    terms = search_terms(query)
    promotions = []
    if terms:
        results = public_live(Page.objects.all(), request).search(terms)
        promotions = search_promotions(query, request)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    results_page = paginator.get_page(request.GET.get("page"))
    results_page.object_list = with_listing_fields(list(results_page.object_list))
    response = render(
        request,
        "portal/search.html",
        {
            "search_query": query,
            "results": results_page,
            "promotions": promotions if results_page.number == 1 else [],
            "search_current": True,
        },
    )
    # Results depend on the query string: keep them out of shared caches.
    add_never_cache_headers(response)
    return response


@require_safe
def robots_txt(request):
    """Crawlers may read every public page; the sitemap's address comes from the Site."""
    site = site_for(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Disallow: /quiz/"]
    if site is not None:
        lines += ["", f"Sitemap: {site.root_url}{reverse('sitemap')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
