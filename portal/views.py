import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

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


@require_safe
def search(request):
    query = clean_search_query(request.GET.get("q", ""))
    results = Page.objects.none()
    terms = search_terms(query)
    if terms:
        results = Page.objects.live().public().specific().search(terms)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    results_page = paginator.get_page(request.GET.get("page"))
    response = render(
        request,
        "portal/search.html",
        {"search_query": query, "results": results_page, "search_current": True},
    )
    # Results depend on the query string: keep them out of shared caches.
    add_never_cache_headers(response)
    return response
