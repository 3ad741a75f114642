"""Receiving a report: the page's form (GET, served by ReportPage) and the post.

The post goes to a fixed address (`/report/send/`, left out of the access logs) rather
than to the page, so that the view decides how the body is read before anything reads
it: Django's CSRF middleware would read it for a page, with the default upload handlers,
which write large attachments to a temporary file in clear.
"""

import logging
import time
import traceback

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from core.client_address import client_address
from core.ratelimit import client_key, hit
from core.security import is_same_site
from core.views import DATABASE_UNREACHABLE, RETRY_AFTER_SECONDS

from .forms import ReportForm, form_token, token_once, token_shown_at
from .models import Report, ReportPage
from .sealing import NotConfigured, receive
from .uploads import InMemoryUploadHandler

logger = logging.getLogger(__name__)
MB = 1024 * 1024


def no_store(response):
    """Nothing of this page is kept anywhere: not by the browser, a proxy or a cache; and
    no access log records the request (gunicorn: portal.gunicorn_logging; nginx:
    deploy/nginx/report-form.conf)."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    response["X-Access-Log"] = "off"
    # The next request's Referer names this site, not this page: logs of other pages
    # must not tell who came from the form (the post still sends its Origin).
    response["Referrer-Policy"] = "strict-origin"
    return response


def render_form(request, page, form=None, *, status=200, over_limit=False):
    if form is None:
        form = ReportForm(initial={"token": form_token()})
    else:
        # A token for the next try that a quick Send does not find "too fast" again once
        # the form was shown long enough (the report pasted in, Send pressed twice; or an
        # attachment too large taken out): dated when the form was first shown while that
        # is recent, otherwise just that long ago (so it runs out no sooner than a new
        # one would, give or take those seconds); a token that was no good gets a new one,
        # dated now. The honeypot and the attachments start empty.
        form.data = form.data.copy()
        shown = token_shown_at(form.data.get("token"))
        least = settings.REPORTS_MIN_SECONDS_TO_FILL
        if shown is not None and time.time() - shown >= least:
            shown = time.time() - least
        form.data["token"] = form_token(shown)
        form.data["website_address"] = ""
        if form.files or form.uploads.files:
            form.ask_for_the_attachments_again()
    context = {
        **page.get_context(request),
        "form": form,
        "over_limit": over_limit,
        "configured": bool(settings.REPORTS_PUBLIC_KEY),
    }
    return no_store(render(request, page.get_template(request), context, status=status))


def refuse(request, status, message):
    return no_store(render(request, "reports/refused.html", {"message": message}, status=status))


def not_allowed(request):
    response = refuse(request, 405, _("Reports are sent with the form on the report page."))
    response["Allow"] = "POST"
    return response


def typed_again(request):
    """The form again, holding the text this post typed, ready to send, under a token of
    its own (first shown when the post's was): what is sent from it is a new report, never
    taken for the one this post was (stored, or perhaps stored before a failure) and
    dropped as sent twice. Attachments are never kept: they are chosen again."""
    typed = {name: request.POST.get(name, "") for name in ("what", "when_where", "contact")}
    token = form_token(token_shown_at(request.POST.get("token")))
    return ReportForm(initial={**typed, "token": token})


def not_received(request, status, message):
    """A page that keeps what was typed, made from the settings alone (the database may
    be what failed): the form again, ready to send."""
    response = render(
        request,
        "reports/unavailable.html",
        {
            "fallback": settings.PORTAL_FALLBACK,
            "form": typed_again(request),
            "message": message,
            "attachments_dropped": bool(request.FILES),
        },
        status=status,
    )
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return no_store(response)


def too_large_text():
    """(what happened, what may be sent, what to do) for a report too large to send: the
    app's answer and nginx's, for what is larger than nginx takes (edge.mirror)."""
    return (
        _("Your report is too large to send"),
        _("Attachments may be %(size)s MB in all.") % {"size": settings.REPORTS_MAX_ATTACHMENTS_MB},
        _(
            "Go back to the form and choose smaller attachments or none. If what you typed "
            "is no longer there, copy it from anywhere you kept it first."
        ),
    )


def request_too_large(request):
    """An answer from Content-Length alone, before the body is read: None if it may be."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return refuse(request, 411, _("Your browser did not say how large the report was."))
    if length > settings.REPORTS_MAX_REQUEST_MB * MB:
        what, allowed, advice = too_large_text()
        return refuse(request, 413, f"{what}. {allowed} {advice}")
    return None


@csrf_exempt  # See reports.forms: no cookie; the same-site check and a signed token.
@sensitive_post_parameters()  # Error reports never show what was typed.
def send(request):
    if request.method != "POST":
        return not_allowed(request)
    too_large = request_too_large(request)
    if too_large is not None:
        return too_large
    uploads = InMemoryUploadHandler(
        request,
        max_total=settings.REPORTS_MAX_ATTACHMENTS_MB * MB,
        max_files=settings.REPORTS_MAX_ATTACHMENTS,
    )
    request.upload_handlers = [uploads]
    try:
        request.POST, request.FILES  # noqa: B018 - read here, where a bad body is a 400
    # LookupError, UnicodeError: a charset that is no text encoding, or fails (core.wsgi_guard).
    except (MultiPartParserError, SuspiciousOperation, BadRequest, LookupError, UnicodeError):
        return refuse(request, 400, _("Your browser sent a report we could not read."))
    request.POST = whole_characters(request.POST)
    try:
        return handle(request, uploads)
    except DATABASE_UNREACHABLE:
        return not_received(
            request,
            503,
            _(
                "The service is busy or down for a moment, so your report could not be "
                "received. Nothing you typed was kept. Try again in a few minutes: your "
                "text is below, and the button sends it again."
            ),
        )
    except Exception as error:  # noqa: BLE001
        # Logged without the exception's message or the frames' variables, which could
        # hold what was typed; where in the code it failed is enough to mend it.
        logger.error(
            "Report form failed with %s at:\n%s",
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        return not_received(
            request,
            500,
            _(
                "Something went wrong and your report was not sent. Nothing you typed was "
                "kept: your text is below. Please call the hotline, or try again later."
            ),
        )


def whole_characters(post):
    """`post` with each half of a character that has no other half (a body in UTF-7, say,
    can hold one) as U+FFFD: sealed, or given back in the form, it could not be written
    as UTF-8 (a 500, the text lost)."""
    cleaned = post.copy()
    for name, values in post.lists():
        cleaned.setlist(
            name,
            [
                value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
                for value in values
            ],
        )
    return cleaned


def handle(request, uploads):
    page = ReportPage.objects.live().public().first()
    if page is None:
        return refuse(request, 404, _("Reports cannot be received online at the moment."))
    if not is_same_site(request):
        return refuse(request, 403, _("Reports can only be sent from this website's form."))
    form = ReportForm(request.POST, request.FILES, uploads=uploads)
    if not form.is_valid():
        return render_form(request, page, form)
    once = token_once(form.data.get("token"))
    if once and (earlier := Report.objects.filter(sent_with=once).first()):
        return sent(request, page, earlier, again=True)  # not counted against the limit
    allowed = hit(
        "report",
        client_key(client_address(request)),
        settings.REPORTS_PER_CLIENT_PER_HOUR,
        3600,
    )
    if allowed is False:  # None: the counters cannot be reached; the report is taken
        form.add_error(
            None,
            _(
                "You have sent several reports in the last hour, so this one was not sent. "
                "Please try again later, or call the hotline now."
            ),
        )
        return render_form(request, page, form, status=429, over_limit=True)
    try:
        report, again = receive(
            {key: form.cleaned_data[key] for key in ("what", "when_where", "contact")},
            form.attachment_contents(),
            sent_with=once,
        )
    except NotConfigured:
        return refuse(
            request,
            503,
            _("Reports cannot be received online at the moment. Please call the hotline."),
        )
    return sent(request, page, report, again=again)


def sent(request, page, report, *, again=False):
    """The answer to a report stored; `again`: a post of the same form came before."""
    context = {**page.get_context(request), "reference": report.reference, "again": again}
    if again:
        # A reload, Send pressed twice, or Send pressed again after the first answer was
        # stopped and the text added to: which, nothing here can tell without keeping
        # something of the first report readable. So what this post typed is shown back,
        # ready to send as a new report, in case it holds more than the report stored.
        context.update(form=typed_again(request), attachments_dropped=bool(request.FILES))
    return no_store(render(request, "reports/report_sent.html", context))
