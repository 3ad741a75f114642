import datetime
import functools
import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps import sitemap_generator
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents.views import serve as document_views
from wagtail.models import Page, Site

from core.client_address import client_address
from core.feeds import validated_by_content
from core.models import BasePage, SiteSettings
from core.queries import public_live, site_for
from core.ratelimit import client_key, hit
from core.routing import route_from_tree_fields
from core.security import DATABASE_UNREACHABLE

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = _("The service is busy or down for a moment. Please try again shortly.")


def only_read(view=None, *, methods=("GET", "HEAD")):
    """`view` is only read (GET, HEAD: `methods`). Any other method gets the site's 405
    page, naming them, before anything reads the request's body or its CSRF token.

    Django's `require_http_methods` would answer an empty 405; and the CSRF check, which
    runs before any view decorator, a 403 to every client without a cookie ("the form was
    out of date"), where nothing here takes a form. So CSRF is off for these views, which
    refuse every method it guards."""
    if view is None:
        return functools.partial(only_read, methods=methods)

    @csrf_exempt
    @functools.wraps(view)
    def read_only(request, *args, **kwargs):
        if request.method not in methods:
            response = error_page(
                405,
                _("This address does not take forms"),
                _("Go back to the page and use its own links and forms."),
            )
            response["Allow"] = ", ".join(methods)
            return response
        return view(request, *args, **kwargs)

    return read_only


@never_cache
@only_read
def healthz(request):
    """200 when the database answers a query, 503 when it does not.

    The cache is reported too, but it is optional: without it the site is slower, not down.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line: a load balancer probes every few seconds, all through an outage.
        # (psycopg's message has a line for each address it tried.)
        logger.warning(
            "Health check: the database did not answer: %s", " ".join(str(error).split())
        )
        return JsonResponse(
            {"status": "unavailable", "database": "error", "cache": cache_health()},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    cache_state = cache_health()
    status = "ok" if cache_state in ("ok", "off") else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache_state})


def cache_health():
    """ "ok", "degraded" (Redis does not answer) or "off" (no shared cache configured)."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "off"
    return "ok" if ping() else "degraded"


@only_read
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


# How long a visitor or client is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def error_page(status, heading, message):
    """A page made from Django settings alone (error.html): nothing in it reads the
    database, the request's host or its body, any of which may be what failed."""
    body = loader.get_template("error.html").render(
        {"fallback": settings.PORTAL_FALLBACK, "heading": heading, "message": message}
    )
    response = HttpResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """The 500 page; when the error is that the database cannot be reached, a 503 with
    Retry-After instead (JSON for clients that asked for JSON), as nothing is wrong that
    waiting will not fix. Django calls this while the error is being handled."""
    unavailable = isinstance(sys.exception(), DATABASE_UNREACHABLE)
    if unavailable and wants_json(request):
        response = JsonResponse(
            {"error": "unavailable", "message": str(UNAVAILABLE_MESSAGE)}, status=503
        )
        add_never_cache_headers(response)
    else:
        response = error_page(
            503 if unavailable else 500,
            _("Sorry, there is a problem with the service"),
            UNAVAILABLE_MESSAGE if unavailable else _("Please try again later."),
        )
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception):
    """400: a request Django cannot read (a host not served here, too many fields)."""
    return error_page(
        400,
        _("Your browser sent a request we could not read"),
        _("Check the address and try again."),
    )


def limit_password_tries(view, counter, restriction_argument):
    """Wagtail's password form `view`, with at most PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR
    tries an hour from one client at one password (its restriction: `restriction_argument`),
    so that it cannot be guessed by trying (nginx limits their rate too). Where the
    counters cannot be reached, the try goes through: nginx's limit stays."""

    def limited(request, **kwargs):
        if request.method == "POST":
            allowed = hit(
                counter,
                f"{client_key(client_address(request))} {kwargs[restriction_argument]}",
                settings.PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR,
                3600,
            )
            if allowed is False:
                response = error_page(
                    429,
                    _("Too many tries"),
                    _("This password was tried too many times from here. Try again in an hour."),
                )
                response["Retry-After"] = "3600"
                return response
            return_path_only(request)
        return view(request, **kwargs)

    return limited


def return_path_only(request):
    """The form's return address, where it is not a path of this site, made the home
    page. Wagtail sends an address elsewhere there already, but passes a bare word on to
    Django's redirect(), which takes it for a URL's name: a 500 for "abc"."""
    return_url = request.POST.get("return_url", "")
    if not return_url.startswith("/") or return_url.startswith(("//", "/\\")):
        request.POST = request.POST.copy()
        request.POST["return_url"] = "/"  # the home page of the Site asked


# A private page's password, and a private collection's (its documents').
page_password = limit_password_tries(
    wagtail_views.authenticate_with_password, "page-password", "page_view_restriction_id"
)
document_password = limit_password_tries(
    document_views.authenticate_with_password, "document-password", "restriction_id"
)


@only_read
def serve_document(request, document_id, document_filename):
    """Wagtail's document view, for reading only (it took any method: TRACE sent the
    file back), without the `Content-Encoding: None` it says of a file it sends whole."""
    response = document_views.serve(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    return response


def not_found(request):
    raise Http404


def page_not_found(request, exception):
    """Django's 404 page (404.html, in the site's layout), which shows the threat level:
    kept by no cache downstream, since a CDN's own lifetime for a 404 would outlast a
    change of level, and no purge names an address without a page."""
    response = defaults.page_not_found(request, exception)
    add_never_cache_headers(response)
    return response


def permission_denied(request, exception):
    return error_page(
        403,
        _("You cannot see this page"),
        _("The page you asked for is not open to you."),
    )


def csrf_failure(request, reason=""):
    """A form posted without a valid token (CSRF_FAILURE_VIEW): usually an old page."""
    return error_page(
        403,
        _("The form was out of date"),
        _("Go back, reload the page and send the form again."),
    )


class PublicPagesSitemap(sitemap_generator.Sitemap):
    """Wagtail's sitemap of the Site's pages, public as the rest of the site reads it
    (core.queries.public_live): Wagtail's `.public()` misses an alias of a private page,
    which Wagtail serves only with the page's password."""

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return public_live(pages).order_by("path").defer_streamfields().specific()


@only_read
def sitemap(request):
    """The sitemap, validated by its content (core.feeds.validated_by_content): dated by
    its newest page, it was "not modified" after a page left it."""
    response = sitemap_views.sitemap(request, sitemaps={"wagtail": PublicPagesSitemap})
    return validated_by_content(response.render())


@only_read
def robots_txt(request):
    """Crawlers may read every public page; the sitemap's address comes from the Site."""
    site = site_for(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Disallow: /quiz/"]
    if site is not None:
        lines += ["", f"Sitemap: {site.root_url}{reverse('sitemap')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@only_read
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell about a security flaw in the
    site, from the site settings; not found until they name a page or an email address.
    A contact page that is not live and public is left out, as a dead link would be."""
    site_settings = SiteSettings.load(request_or_site=request)
    page_id = site_settings.security_contact_page_id
    page = public_live(Page.objects.filter(pk=page_id)).first() if page_id else None
    url = page.get_full_url(request) if page is not None else None  # None: in no Site
    contacts = [url] if url else []
    if site_settings.security_contact_email:
        contacts.append(f"mailto:{site_settings.security_contact_email}")
    if not contacts or site_settings.security_txt_expires is None:
        raise Http404("No security contact")
    end_of_day = datetime.datetime.combine(site_settings.security_txt_expires, datetime.time.max)
    expires = timezone.make_aware(end_of_day).astimezone(datetime.UTC).replace(microsecond=0)
    lines = [
        *(f"Contact: {contact}" for contact in contacts),
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        f"Preferred-Languages: {settings.LANGUAGE_CODE.split('-')[0]}",
    ]
    if (site := site_for(request)) is not None:
        lines.append(f"Canonical: {site.root_url}{request.path}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Pages are only read (BasePage.allowed_http_methods): any other method is a 405 here,
# before anything reads the request's body. CSRF must not look for its token in the body
# either: a report posted to its page's address by mistake would be parsed by Django's
# upload handlers, which put large files on disk (the report form's own address reads it
# into memory alone: reports.views.send).
@only_read(methods=BasePage.allowed_http_methods)
def serve_page(request, path):
    """Wagtail's page view, routing from the root page's tree fields (core.routing)."""
    site = Site.find_for_request(request)
    if site is not None:
        route_from_tree_fields(site)
    return wagtail_views.serve(request, path)
