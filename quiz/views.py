"""Answering the Fact or Fiction quiz, with or without JavaScript.

Pages carrying the quiz are served from a shared cache, so they hold nothing about the
visitor: no CSRF token and no result. The answer endpoint is therefore CSRF-exempt and
checks instead that the POST comes from this site (Origin, else Referer). Without
JavaScript it redirects to a result page that is never cached; with JavaScript it
answers in JSON and the script shows the result in place.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponseRedirect, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from core.client_address import client_address
from core.ratelimit import client_key, hit
from core.security import is_same_site
from core.views import wants_json

from .models import FactOrFiction, QuizTally

ANSWERED_COOKIE = "quiz_answered"
ANSWERED_COOKIE_SALT = "portal.quiz.answered"
ANSWERED_COOKIE_MAX_AGE = 90 * 24 * 60 * 60  # 90 days
ANSWERED_COOKIE_MAX_IDS = 50
MAX_BODY_BYTES = 2048
SAFE_NEXT = "/"
ANSWERS = frozenset(FactOrFiction.Answer.values)


class QuizError(Exception):
    def __init__(self, status, message, *, forget_cookie=False):
        super().__init__(message)
        self.status = status
        self.message = message
        self.forget_cookie = forget_cookie


def error_response(request, error):
    if wants_json(request):
        response = JsonResponse({"error": error.message}, status=error.status)
    else:
        response = render(
            request, "quiz/quiz_error.html", {"message": error.message}, status=error.status
        )
    if error.status == 405:
        response["Allow"] = "POST"
    if error.forget_cookie:
        # Let the visitor answer again next time, with a cookie we signed.
        response.delete_cookie(ANSWERED_COOKIE, samesite="Lax")
    add_never_cache_headers(response)
    return response


def safe_next(request, candidate):
    """`candidate` if it is a path on this site (with no control character, which a link
    cannot carry), else None."""
    if (
        candidate
        and candidate.startswith("/")
        and candidate.isprintable()
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not urlsplit(candidate).netloc
    ):
        return candidate
    return None


def read_form(request):
    """Read the posted form here, where a body Django cannot read (not UTF-8, a broken
    multipart body, too many fields) is the quiz's own 400, not Django's blank one."""
    try:
        request.POST  # noqa: B018
    # LookupError, UnicodeError: a charset that is no text encoding, or fails (core.wsgi_guard).
    except (BadRequest, MultiPartParserError, SuspiciousOperation, LookupError, UnicodeError):
        raise QuizError(400, _("Your browser sent an answer we could not read.")) from None


def check_body_size(request):
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        raise QuizError(400, _("The request was malformed.")) from None
    if length < 0:
        raise QuizError(400, _("The request was malformed."))
    if length > MAX_BODY_BYTES:
        raise QuizError(413, _("That request is too large to be an answer to the quiz."))


def answered_ids(request):
    """The statement ids this browser has answered. A forged cookie is refused."""
    if not request.COOKIES.get(ANSWERED_COOKIE):
        return []
    try:
        value = request.get_signed_cookie(
            ANSWERED_COOKIE, salt=ANSWERED_COOKIE_SALT, max_age=ANSWERED_COOKIE_MAX_AGE
        )
    except signing.SignatureExpired:
        return []
    except signing.BadSignature:
        raise QuizError(
            400,
            _("Your quiz cookie was altered, so we could not record your answer."),
            forget_cookie=True,
        ) from None
    try:
        return [int(part) for part in value.split(",") if part]
    except ValueError:
        raise QuizError(400, _("Your quiz cookie could not be read."), forget_cookie=True) from None


def remember_answered(response, ids):
    value = ",".join(str(pk) for pk in ids[-ANSWERED_COOKIE_MAX_IDS:])
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        value,
        salt=ANSWERED_COOKIE_SALT,
        max_age=ANSWERED_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def result_url(statement, answer, next_path):
    query = urlencode({"answer": answer, "next": next_path})
    return f"{reverse('quiz-result', args=[statement.pk])}?{query}"


def verdict_text(is_correct):
    return _("Correct!") if is_correct else _("Not quite.")


def share_text(tally):
    share = tally.share_correct if tally is not None else None
    if share is None:
        return _("Not enough answers yet to say how other visitors did.")
    return _("%(share)s%% of visitors answered correctly.") % {"share": share}


def parse_answer(request):
    try:
        pk = int(request.POST.get("statement", ""))
    except ValueError:
        raise QuizError(400, _("We could not tell which statement you answered.")) from None
    statement = FactOrFiction.objects.active().filter(pk=pk).first()
    if statement is None:
        raise QuizError(400, _("That statement is not part of the quiz any more."))
    answer = request.POST.get("answer", "")
    if answer not in ANSWERS:
        raise QuizError(400, _("Choose True or False to answer."))
    return statement, answer


@csrf_exempt
def answer(request):
    """Count a visitor's answer once, then show the result (JSON or a redirect)."""
    try:
        if request.method != "POST":
            raise QuizError(405, _("Answer the quiz with the True or False buttons."))
        check_body_size(request)
        read_form(request)
        if not is_same_site(request):
            raise QuizError(403, _("Answers are only accepted from this website's own pages."))
        next_path = safe_next(request, request.POST.get("next", ""))
        if next_path is None:
            # Nothing is counted: the form was not ours.
            if wants_json(request):
                raise QuizError(400, _("The page to return to is not on this website."))
            response = HttpResponseRedirect(SAFE_NEXT, status=303)
            add_never_cache_headers(response)
            return response
        statement, given = parse_answer(request)
        answered = answered_ids(request)
    except QuizError as error:
        return error_response(request, error)

    is_correct = statement.is_correct(given)
    answered_before = statement.pk in answered  # this browser says so
    counted = not answered_before and within_daily_limit(request, statement)
    if counted:
        statement.record_answer(is_correct)
    if statement.pk not in answered:
        answered.append(statement.pk)

    if wants_json(request):
        tally = QuizTally.objects.filter(pk=statement.pk).first()
        response = JsonResponse(
            {
                "correct": is_correct,
                "counted": counted,
                "verdict": verdict_text(is_correct),
                "answer": statement.get_answer_display(),
                "answer_text": answer_text(statement),
                "explanation": statement.explanation,
                "share_correct": tally.share_correct if tally else None,
                "share_text": share_text(tally),
                # Only where this browser answered before: past the daily limit of its
                # address (an office, a school, a phone network) it has not.
                "note": already_answered_text() if answered_before else "",
            }
        )
    else:
        response = HttpResponseRedirect(result_url(statement, given, next_path), status=303)
    remember_answered(response, answered)
    add_never_cache_headers(response)
    return response


def within_daily_limit(request, statement):
    """Whether this answer may count: a client that drops its cookie is counted again,
    but at most QUIZ_ANSWERS_PER_CLIENT_PER_DAY times a statement (core.ratelimit). Past
    it, the answer is taken as a repeat one. If the cache does not answer, it counts."""
    who = f"{client_key(client_address(request))}\n{statement.pk}"
    return hit("quiz-answer", who, settings.QUIZ_ANSWERS_PER_CLIENT_PER_DAY, 24 * 3600) is not False


def answer_text(statement):
    """The right answer in the buttons' words (True, False), then what that means."""
    if statement.answer == FactOrFiction.Answer.FACT:
        return _("The answer: True. It is a fact.")
    return _("The answer: False. It is fiction.")


def already_answered_text():
    return _("You had already answered this one, so your answer was not counted again.")


def result(request, pk):
    """The result for one visitor's answer. Never cached: it differs per visitor."""
    try:
        if request.method not in ("GET", "HEAD"):
            raise QuizError(405, _("This page can only be read."))
        statement = FactOrFiction.objects.active().filter(pk=pk).select_related("tally").first()
        if statement is None:
            raise QuizError(404, _("That statement is not part of the quiz any more."))
        given = request.GET.get("answer", "")
        if given not in ANSWERS:
            raise QuizError(400, _("Choose True or False to answer."))
    except QuizError as error:
        response = error_response(request, error)
        if error.status == 405:
            response["Allow"] = "GET, HEAD"
        return response

    is_correct = statement.is_correct(given)
    next_path = safe_next(request, request.GET.get("next", "")) or SAFE_NEXT
    response = render(
        request,
        "quiz/quiz_result.html",
        {
            "statement": statement,
            "is_correct": is_correct,
            "verdict": verdict_text(is_correct),
            "answer_text": answer_text(statement),
            "share_text": share_text(statement.tally_or_none),
            "back_url": f"{next_path.split('#', 1)[0]}#quiz",
        },
    )
    add_never_cache_headers(response)
    return response
