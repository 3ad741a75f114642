"""Editors' redirects (wagtail.contrib.redirects), kept to addresses that are pages'.

Wagtail lets anyone who may add a redirect send any address that answers 404 anywhere,
and stores it without its trailing slash. Its middleware answers on the way out of a 404,
before Django's CommonMiddleware adds the missing slash, so a redirect of `/admin` or
`/report-information` took those addresses away from the admin's sign-in and the report
form (to another site, say). The site's own routes (the admin, the report form's post,
the feeds, the API, search, health...) are not editors' to redirect: the form refuses
them, and the middleware never follows a redirect stored for one (an import, or one made
before this rule). A page's address without its slash goes to the page, as Django's
APPEND_SLASH would send it, whatever redirect was stored for it.
"""

from urllib.parse import urlparse

from django import forms
from django.core.signing import BadSignature, Signer
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.contrib.redirects import views as redirect_views
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.utils import get_file_storage
from wagtail.models import Page, Site

from core.editor_input import incomplete_form_page
from core.models import forget_choices_that_name_nothing

# The route name of the views that serve pages (portal/urls.py, and Wagtail's own).
PAGE_ROUTE = "wagtail_serve"


def _route_name(path):
    try:
        return resolve(path).url_name or "(unnamed)"
    except Resolver404:
        return None


def is_reserved(path):
    """Whether `path`, with or without its trailing slash, is one of the site's own
    routes rather than a page's address."""
    bare = "/" + path.split("?", 1)[0].strip("/")
    forms_of_it = {bare, bare.rstrip("/") + "/"}
    return any(_route_name(form) not in (None, PAGE_ROUTE) for form in forms_of_it)


class SiteRedirectMiddleware(RedirectMiddleware):
    """Wagtail's, but never on the site's own routes. Listed before CommonMiddleware, so
    that a slash-less address first gets its slash (and its page, if one is live there)."""

    def process_response(self, request, response):
        if response.status_code != 404 or is_reserved(request.path):
            return response
        if "\x00" in request.path:
            # No page or redirect holds one (PostgreSQL stores none), and PostgreSQL
            # refuses to be asked: the 404 was a 500.
            return response
        if is_a_live_page(request):
            # A page's own 404 (a filter that names nothing: ?year=1900): Wagtail would
            # try the address without its query, and a redirect stored for the page's
            # slash-less address would take it.
            return response
        redirected = super().process_response(request, response)
        if redirected is not response and leads_to_a_page_visitors_cannot_see(request):
            # Sent on, the visitor met a 404 at the new address, and learnt the address
            # of a page not published (found by an editors' probe): the old one's 404.
            return response
        return redirected


def leads_to_a_page_visitors_cannot_see(request):
    """Whether the redirect taken for this request (found as Wagtail's middleware finds
    it, query first) names a page that is not live, or not public."""
    from core.queries import public_live

    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    taken = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
    if taken is None or taken.redirect_page_id is None:
        return False
    return not public_live(Page.objects.filter(pk=taken.redirect_page_id)).exists()


def is_a_live_page(request):
    """Whether a live page stands at the request's path on its Site."""
    site = Site.find_for_request(request)
    if site is None or not request.path.endswith("/"):
        return False
    url_path = site.root_page.url_path + request.path.strip("/") + "/"
    return Page.objects.live().filter(url_path=url_path.replace("//", "/")).exists()


class SiteRedirectForm(RedirectForm):
    def full_clean(self):
        super().full_clean()
        forget_choices_that_name_nothing(self)

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"]
        try:
            normalised = Redirect.normalise_path(old_path) if old_path else ""
        except ValueError:  # not an address at all (`http://[`)
            normalised = None
        # `//admin` reads as a host named "admin" and the home page's address, `/`.
        if normalised is None or old_path.strip().startswith("//"):
            raise forms.ValidationError(
                _("Enter an address on this site, such as /old-page/."), code="invalid"
            )
        # Stored normalised (a "/" added in front): it must fit the column then.
        limit = Redirect._meta.get_field("old_path").max_length
        if normalised and len(normalised) > limit:
            raise forms.ValidationError(
                _("Enter an address of at most %(limit)s characters.") % {"limit": limit},
                code="max_length",
            )
        if normalised == "/" or (normalised and is_reserved(normalised)):
            raise forms.ValidationError(
                _(
                    "This address is one of the site's own (the admin, the report form, "
                    "search, feeds...): it cannot be redirected."
                ),
                code="reserved",
            )
        return old_path


class CreateRedirect(redirect_views.CreateView):
    form_class = SiteRedirectForm


class EditRedirect(redirect_views.EditView):
    form_class = SiteRedirectForm


@redirect_views.permission_checker.require_any("add")
@require_http_methods(["POST"])
def process_import(request):
    """Wagtail's confirmation of an import, a 400 for a post whose signed fields (the
    uploaded file's name, its format) are missing or do not verify: its form took the
    signature's error for one with a message, and read a missing field anyway (500s).
    A confirmation sent again, once the upload is imported and removed, goes back to
    the upload with a message. Who may import, and what an import may redirect, as
    before."""
    signer = Signer()
    try:
        file_name, _format = (
            signer.unsign(request.POST.get(name, ""))
            for name in ("import_file_name", "input_format")
        )
    except BadSignature:
        return incomplete_form_page()
    try:
        get_file_storage()(name=file_name).read("rb")
    except OSError:
        # Imported already (Wagtail removes the upload once imported: a form sent twice,
        # by a double click or going back) or gone: a 500 in Wagtail's view.
        messages.error(request, _("That import is done or has expired: upload the file again."))
        return redirect("wagtailredirects:start_import")
    return redirect_views.process_import(request)
