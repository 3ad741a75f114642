"""The reporting form: the page, a report received sealed, and every bad input beside it."""

import os
import re
import secrets
import time

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

from reports.forms import TOKEN_SALT, form_token, token_once, token_shown_at
from reports.models import Report
from reports.offline import fingerprint, open_report
from reports.sealing import receive
from tests.reports.conftest import SAME_SITE, report_data, send

pytestmark = pytest.mark.usefixtures("site_for_the_module")

PNG = b"\x89PNG\r\n\x1a\n"


def png(size, marker=b""):
    """`size` bytes that start as a PNG does (the form checks the first bytes only)."""
    body = PNG + marker + secrets.token_bytes(max(0, size - len(PNG) - len(marker)))
    return body[:size] if size >= len(PNG) + len(marker) else body


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def html_of(response):
    return response.content.decode()


def textarea_value(html, name):
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return found.group(1) if found else None


# The page


def test_the_page_puts_the_emergency_numbers_first_and_sets_no_cookie(client, report_page):
    response = client.get(report_page.url)

    html = html_of(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    main = html[html.index('<main id="main-content"') :]
    urgent = main.index('href="tel:999"')
    assert urgent < main.index('<form class="report-form"')
    assert 'href="tel:0800789321"' in main
    assert 'action="/report/send/" method="post" enctype="multipart/form-data"' in html
    for field in ("what", "when_where", "contact", "attachments"):
        assert f'id="id_{field}"' in html
    assert 'multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"' in html
    assert "can record where they were taken" in html  # photos and location
    assert '<div class="report-trap">' in html
    assert 'name="token"' in html
    assert "csrfmiddlewaretoken" not in html


def test_the_page_is_never_kept_by_the_page_cache(client, report_page, settings):
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    settings.SERVING_KEEP_IN_PROCESS = True

    first, second = client.get(report_page.url), client.get(report_page.url)

    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert second["Cache-Control"] == "no-store"
    # The page cache is on: another page is kept.
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_without_a_page_the_form_address_is_not_found(client, home, report_key):
    assert send(client).status_code == 404
    assert not Report.objects.exists()


def test_only_posts_are_accepted_and_only_at_the_form_address(client, report_page, report_key):
    response = client.get("/report/send/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["X-Access-Log"] == "off"
    assert not Report.objects.exists()


def test_the_page_typed_without_its_last_slash_is_kept_out_of_the_access_log(
    client, report_page, report_key
):
    redirect = client.get(report_page.url.rstrip("/"))

    assert redirect.status_code == 301 and redirect["Location"] == report_page.url
    assert redirect["X-Access-Log"] == "off"
    other = client.get("/privacy")  # any other page's redirect is logged as ever
    assert other.status_code == 301 and "X-Access-Log" not in other


def test_the_page_asked_for_over_plain_http_is_kept_out_of_the_access_log(
    client, report_page, report_key, settings
):
    """Behind nginx listening on port 80 too, plain HTTP reaches the app, whose redirect
    to HTTPS (Django's SecurityMiddleware, before everything else) gunicorn logged."""
    settings.SECURE_SSL_REDIRECT = True

    for path in (report_page.url, report_page.url.rstrip("/")):
        redirect = client.get(path)
        assert redirect.status_code == 301
        assert redirect["Location"] == f"https://testserver{path}"
        assert redirect["X-Access-Log"] == "off", path
    other = client.get("/privacy/")
    assert other.status_code == 301 and "X-Access-Log" not in other


class BodyRead(FileUploadHandler):
    """Django's upload handlers (FILE_UPLOAD_HANDLERS) are made when a body is parsed."""

    made = []

    def __init__(self, request=None):
        super().__init__(request)
        BodyRead.made.append(request.path)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def test_a_report_posted_to_its_page_is_refused_unread(report_page, report_key, settings):
    # CSRF checked, as in production, for a visitor with a CSRF cookie (the admin's
    # sign-in page sets one): CSRF would parse the body looking for its token.
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.BodyRead"]
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    data = {**report_data(), "attachments": upload("photo.png", png(3 * 1024 * 1024))}
    BodyRead.made.clear()

    response = client.post(report_page.url, data, HTTP_ORIGIN=SAME_SITE)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert BodyRead.made == []  # nobody read the body: nothing of it went to disk
    assert not Report.objects.exists()
    # The handler is one Django uses: where a body is read (the quiz), it is made.
    client.post("/quiz/answer/", data, HTTP_ORIGIN=SAME_SITE)
    assert BodyRead.made == ["/quiz/answer/"]


def test_the_form_and_its_answers_give_other_pages_no_referer_to_it(
    client, report_page, report_key
):
    for response in (
        client.get(report_page.url),
        send(client),
        send(client, origin="https://x.example"),
    ):
        assert response["Referrer-Policy"] == "strict-origin"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b"--x\r\nContent-Disposition: form-data; name=what\r\n\r\nhi\r\n--x--",
            "multipart/form-data",
        ),
        (b"what=hi", "multipart/form-data; boundary="),
        ("&".join(f"f{n}=1" for n in range(1_200)).encode(), "application/x-www-form-urlencoded"),
        (b"what=" + b"x" * 3_000_000, "application/x-www-form-urlencoded"),
        (
            b"--x\r\nContent-Disposition: form-data; name=what\r\n\r\nhi\r\n--x--",
            "multipart/form-data; boundary=x; charset=rot13",
        ),
    ],
    ids=["no-boundary", "empty-boundary", "too-many-fields", "text-too-large", "rot13"],
)
def test_a_body_that_cannot_be_read_is_a_400(client, report_page, report_key, body, content_type):
    response = client.generic(
        "POST", "/report/send/", body, content_type=content_type, HTTP_ORIGIN=SAME_SITE
    )

    assert response.status_code == 400
    assert "we could not read" in html_of(response)
    assert not Report.objects.exists()


def test_half_a_character_is_taken_as_the_unknown_character_not_a_500(
    client, report_page, report_key
):
    """Found by a probe: a body in UTF-7 can hold half a character ("+2AA-"), which
    neither sealing nor the page given back could write as UTF-8: a 500, the text lost."""
    fields = {**report_data(what="Seen at the docks +2AA- twice."), "attachments": ""}
    body = "".join(
        f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    response = client.generic(
        "POST",
        "/report/send/",
        (body + "--x--\r\n").encode(),
        content_type="multipart/form-data; boundary=x; charset=utf-7",
        HTTP_ORIGIN=SAME_SITE,
    )

    assert response.status_code == 200
    assert "confirmation-panel__reference" in html_of(response)
    report = Report.objects.get()
    what = open_report(report_key, bytes(report.ciphertext))["fields"]["what"]
    assert what == "Seen at the docks \ufffd twice."


def test_a_tampered_file_field_is_no_file(client, report_page, report_key):
    data = report_data(attachments=[upload("a.png", png(100))], **{"attachments-clear": "on"})

    assert send(client, data).status_code == 200
    assert Report.objects.count() == 1


# A report received


def test_a_report_is_stored_sealed_with_its_reference_and_hour(client, report_page, report_key):
    marker = f"marker-{secrets.token_hex(8)}"
    attachment = png(3_500_000, marker.encode())
    data = report_data(
        what=f"I saw {marker} at the docks.",
        contact="07700 900123",
        attachments=[upload(f"{marker}.png", attachment)],
    )

    response = send(client, data)

    html = html_of(response)
    assert response.status_code == 200, html
    assert response["Cache-Control"] == "no-store"
    report = Report.objects.get()
    assert report.reference in html
    assert "Thank you for telling us." in html
    assert marker not in html
    assert report.received_hour.minute == report.received_hour.second == 0
    assert report.key_fingerprint == fingerprint(bytes(report_key.public_key))
    assert report.size == len(report.ciphertext)
    opened = open_report(report_key, bytes(report.ciphertext))
    assert opened["reference"] == report.reference
    assert opened["fields"]["what"] == f"I saw {marker} at the docks."
    assert opened["fields"]["contact"] == "07700 900123"
    [(meta, content)] = opened["attachments"]
    assert meta["name"] == f"{marker}.png"
    assert meta["content_type"] == "image/png"
    assert content == attachment


def test_the_same_post_sent_again_is_stored_once_and_answered_with_its_reference(
    client, report_page, report_key, settings
):
    # The answer reloaded, or Send clicked twice: the browser posts the same form again.
    settings.REPORTS_PER_CLIENT_PER_HOUR = 1
    data = report_data(what="Sent once, reloaded.")
    first = html_of(send(client, data))
    report = Report.objects.get()
    assert "already reached us" not in first

    response = send(client, data)

    html = html_of(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert Report.objects.get() == report
    assert report.reference in html
    assert "This report had already reached us: it was not sent a second time." in html
    # A reload is not counted as another report: a new one is still the first over.
    assert send(client, report_data(what="Another report.")).status_code == 429


def test_text_added_after_the_first_send_is_shown_back_ready_to_send_as_a_new_report(
    client, report_page, report_key
):
    # The first answer stopped before it arrived, the text added to, Send pressed again:
    # the same form, so the first report is not stored twice; what was added must not be
    # dropped unseen.
    data = report_data(what="A van outside the depot.")
    send(client, data)
    first = Report.objects.get()
    attachment = upload("plate.png", png(2_000))

    response = send(client, {**data, "what": "A van outside the depot. Plate AB12 CDE."})
    response_with_file = send(client, {**data, "attachments": attachment})

    html = html_of(response)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert Report.objects.get() == first
    assert first.reference in html
    assert "If you added or changed anything since then, that has not reached us" in html
    assert textarea_value(html, "what") == "A van outside the depot. Plate AB12 CDE."
    assert textarea_value(html, "when_where") == data["when_where"]
    assert "Choose your attachments again" in html_of(response_with_file)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert token_once(token) not in (None, token_once(data["token"]))

    sent_again = send(client, {**data, "what": textarea_value(html, "what"), "token": token})

    assert sent_again.status_code == 200
    assert "already reached us" not in html_of(sent_again)
    second = Report.objects.exclude(pk=first.pk).get()
    assert open_report(report_key, bytes(second.ciphertext))["fields"]["what"] == (
        "A van outside the depot. Plate AB12 CDE."
    )


def test_a_post_that_commits_second_finds_the_one_sent_at_the_same_moment(report_page, report_key):
    # Both posts passed the look for an earlier report before either was stored: the
    # second store is refused by the database and answers with the first's reference.
    first, again = receive({"what": "Twice at once."}, [], sent_with="same-form")
    assert again is False

    second, again = receive({"what": "Twice at once."}, [], sent_with="same-form")

    assert (second, again) == (first, True)
    assert Report.objects.count() == 1


def test_every_form_shown_is_a_new_report_and_a_token_from_before_is_taken(
    client, report_page, report_key
):
    assert token_once(form_token()) != token_once(form_token())
    old_token = signing.dumps({"shown": int(time.time()) - 60}, salt=TOKEN_SALT)

    for _ in range(2):
        assert send(client, report_data(token=old_token)).status_code == 200

    assert Report.objects.count() == 2


def test_ciphertexts_say_only_a_size_bucket(client, report_page, report_key):
    send(client, report_data(what="Short."))
    send(client, report_data(what="A longer report. " * 40))

    sizes = set(Report.objects.values_list("size", flat=True))
    assert len(sizes) == 1


def test_reports_are_sealed_to_the_first_key_listed(client, report_page, report_key, settings):
    older = "hlQrbSRnl8bakY8mhqI7MeNv6KARAFT045Es/K/dOzE="
    settings.REPORTS_PUBLIC_KEY = f"{settings.REPORTS_PUBLIC_KEY}, {older}"

    assert send(client).status_code == 200

    report = Report.objects.get()
    assert open_report(report_key, bytes(report.ciphertext))["reference"] == report.reference


def test_marker_appears_nowhere_in_clear(
    client, report_page, report_key, settings, caplog, tmp_path
):
    import logging
    import tempfile

    from django.core.cache import cache
    from django.db import connection

    caplog.set_level(logging.DEBUG)
    marker = f"nowhere-{secrets.token_hex(8)}"
    started = time.time() - 1
    data = report_data(
        what=f"Report {marker}",
        when_where=f"Where {marker}",
        contact=f"Contact {marker}",
        attachments=[upload(f"{marker}.pdf", b"%PDF-1.7\n" + marker.encode() * 400_000)],
    )

    assert send(client, data).status_code == 200

    needle = marker.encode()
    # Not in any table.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database
            for row in cursor.fetchall():
                for value in row:
                    raw = value if isinstance(value, bytes | memoryview) else str(value).encode()
                    assert needle not in bytes(raw), table
    # Not in any file written since the test started: media, upload temp, system temp.
    folders = {settings.MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()}
    for folder in filter(None, folders):
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                path = os.path.join(dirpath, name)
                try:
                    if os.path.getmtime(path) < started or os.path.getsize(path) > 50_000_000:
                        continue
                    with open(path, "rb") as file:
                        assert needle not in file.read(), path
                except OSError:
                    continue  # gone meanwhile, or not ours to read
    # Not in the logs, nor in the cache (the tests' local-memory cache holds pickles).
    assert marker not in caplog.text
    assert all(needle not in bytes(value) for value in cache._cache.values())


# Bad input, each beside the happy path above: an error that keeps the text, nothing stored


def test_an_empty_report_is_a_form_error_that_keeps_the_other_answers(
    client, report_page, report_key
):
    response = send(client, report_data(what="   ", when_where="Last Tuesday, the market"))

    html = html_of(response)
    assert response.status_code == 200
    assert (
        '<h2 id="error-summary-title" class="error-summary__title">There is a problem</h2>' in html
    )
    assert '<a href="#id_what">Enter what you want to tell us</a>' in html
    assert "Last Tuesday, the market" in textarea_value(html, "when_where")
    assert 'aria-describedby="id_what_helptext id_what_error"' in html
    assert html.index("<title>Error:") >= 0
    assert not Report.objects.exists()


def test_a_file_that_is_not_a_picture_or_pdf_is_refused_whatever_its_name(
    client, report_page, report_key
):
    disguised = upload("evidence.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = send(client, report_data(what="See the file.", attachments=[disguised]))

    html = html_of(response)
    assert "“evidence.pdf” is not a photo or a PDF" in html
    assert '<a href="#id_attachments">' in html
    assert textarea_value(html, "what").strip() == "See the file."
    # The files are not kept: said as the attachments' own error, in the summary (a
    # link to the input) and in the field, before the input it describes.
    summary = html[: html.index("</ul>", html.index("error-summary__list"))]
    assert '<a href="#id_attachments">Choose your attachments again' in summary
    error = html[html.index('id="id_attachments_error"') : html.index('id="id_attachments"')]
    assert "Choose your attachments again" in error
    assert 'aria-describedby="id_attachments_helptext id_attachments_error"' in html
    assert not Report.objects.exists()


def test_a_report_sent_back_for_its_text_asks_for_its_attachments_again(
    client, report_page, report_key
):
    photo = upload("harbour.png", png(2_000), "image/png")
    response = send(client, report_data(what="   ", attachments=[photo]))

    html = html_of(response)
    summary = html[: html.index("</ul>", html.index("error-summary__list"))]
    assert '<a href="#id_what">Enter what you want to tell us</a>' in summary
    assert '<a href="#id_attachments">Choose your attachments again' in summary
    assert 'aria-describedby="id_attachments_helptext id_attachments_error"' in html
    assert not Report.objects.exists()


def test_attachments_over_the_total_are_a_form_error(client, report_page, report_key, settings):
    settings.REPORTS_MAX_ATTACHMENTS_MB = 1
    files = [upload("a.png", png(700_000)), upload("b.png", png(700_000))]

    response = send(client, report_data(what="Two big photos.", attachments=files))

    html = html_of(response)
    assert "The attachments must be 1 MB or less in all" in html
    assert textarea_value(html, "what").strip() == "Two big photos."
    assert not Report.objects.exists()


def test_more_than_three_attachments_are_a_form_error(client, report_page, report_key):
    files = [upload(f"{n}.png", png(100)) for n in range(4)]

    html = html_of(send(client, report_data(attachments=files)))

    assert "Attach at most 3 files" in html
    assert not Report.objects.exists()


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(
    client, report_page, report_key, settings
):
    settings.REPORTS_MAX_REQUEST_MB = 1
    response = send(client, report_data(attachments=[upload("big.png", png(1_200_000))]))

    assert response.status_code == 413
    assert "Go back to the form and choose smaller attachments" in html_of(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("tampered", "was open for a long time or was changed"),
        (form_token(time.time() - 60)[:-2] + "xx", "was open for a long time or was changed"),
        (form_token(time.time() - 3 * 86400), "was open for a long time or was changed"),
        (None, "Please check your report, then select Send report again."),
    ],
    ids=["made-up", "altered", "expired", "too-fast"],
)
def test_a_bad_or_too_fast_token_is_a_form_error_and_the_next_try_is_accepted(
    client, report_page, report_key, token, message
):
    data = report_data(what="Kept across the error.", token=token or form_token())

    response = send(client, data)

    html = html_of(response)
    assert message in html
    assert textarea_value(html, "what").strip() == "Kept across the error."
    assert not Report.objects.exists()
    assert send(client, report_data(what="Kept across the error.")).status_code == 200
    assert Report.objects.count() == 1


def test_the_form_shown_again_keeps_when_it_was_first_shown(client, report_page, report_key):
    """A second quick Send (the report pasted in, Send pressed twice) is not "too fast"
    again: the next try's token is dated when the form was first shown."""
    first_shown = int(time.time()) - 1
    response = send(client, report_data(what="Pasted.", token=form_token(first_shown)))

    html = html_of(response)
    assert "Please check your report" in html
    next_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert token_shown_at(next_token) == first_shown
    # A token altered or made up gets a new one, dated now.
    html = html_of(send(client, report_data(what="Pasted.", token="made-up")))
    next_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert token_shown_at(next_token) >= int(time.time()) - 1
    # Shown long enough ago for "too fast" not to matter (here, hours before a real
    # error): the next try's token is new, so it does not run out sooner, but dated just
    # long enough ago: a Send right after putting the error right is not "too fast".
    hours_ago = int(time.time()) - 20 * 3600
    html = html_of(send(client, report_data(what="", token=form_token(hours_ago))))
    next_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    least = settings.REPORTS_MIN_SECONDS_TO_FILL
    assert int(time.time()) - least - 1 <= token_shown_at(next_token) <= time.time() - least
    response = send(client, report_data(what="Put right.", token=next_token))
    assert response.status_code == 200
    assert Report.objects.count() == 1


def test_a_quick_send_with_a_real_error_shows_only_the_real_error(client, report_page, report_key):
    response = send(client, report_data(what="", token=form_token()))

    html = html_of(response)
    summary = html[html.index('<ul class="error-summary__list">') :].split("</ul>", 1)[0]
    assert summary.count("<li") == 1  # the real error alone, not the quick send's too
    assert "Enter what you want to tell us" in summary
    assert not Report.objects.exists()


def test_the_honeypot_filled_is_a_form_error_and_the_next_try_is_accepted(
    client, report_page, report_key
):
    response = send(client, report_data(what="From a robot?", website_address="http://spam"))

    html = html_of(response)
    assert "Your report could not be checked" in html
    assert textarea_value(html, "what").strip() == "From a robot?"
    assert 'name="website_address" tabindex="-1" autocomplete="off" id="id_website_address"' in html
    assert "http://spam" not in html
    assert not Report.objects.exists()
    assert send(client, report_data(what="From a robot?")).status_code == 200
    assert Report.objects.count() == 1


def test_the_honeypot_sent_as_a_file_is_a_form_error_too(client, report_page, report_key):
    """A form field reads only the form's text parts: a robot sending the honeypot as a
    file part got past it."""
    honeypot = SimpleUploadedFile("spam.txt", b"http://spam")

    response = send(client, report_data(what="From a robot?", website_address=honeypot))

    assert "Your report could not be checked" in html_of(response)
    assert not Report.objects.exists()


def test_a_post_from_another_site_is_refused(client, report_page, report_key):
    response = send(client, origin="https://elsewhere.example")

    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_sixth_report_in_an_hour_from_one_address_keeps_the_text(
    client, report_page, report_key, settings
):
    for _ in range(settings.REPORTS_PER_CLIENT_PER_HOUR):
        assert send(client).status_code == 200

    response = send(client, report_data(what="One report too many."))

    html = html_of(response)
    assert response.status_code == 429
    assert "Please try again later, or call the hotline now." in html
    assert 'class="call-out__number" href="tel:0800789321"' in html
    assert textarea_value(html, "what").strip() == "One report too many."
    assert Report.objects.count() == settings.REPORTS_PER_CLIENT_PER_HOUR
    # Another address is not held back.
    assert send(client, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_reports_are_taken_while_the_counters_cannot_be_reached(
    client, report_page, report_key, settings
):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "serving.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    for _ in range(settings.REPORTS_PER_CLIENT_PER_HOUR + 1):
        assert send(client).status_code == 200
    assert Report.objects.count() == settings.REPORTS_PER_CLIENT_PER_HOUR + 1


def test_without_a_key_the_form_says_to_call(client, report_page, settings):
    settings.REPORTS_PUBLIC_KEY = ""

    assert "Reports cannot be received online at the moment" in html_of(client.get(report_page.url))
    response = send(client)
    assert response.status_code == 503
    assert not Report.objects.exists()


def test_same_site_check_is_the_quizs(client, report_page, report_key):
    # No Origin, a Referer from this site: accepted, as browsers that send no Origin do.
    response = send(client, origin=None, HTTP_REFERER=f"{SAME_SITE}{report_page.url}")
    assert response.status_code == 200


def test_a_failure_is_logged_without_what_was_typed(client, report_page, settings, caplog):
    settings.REPORTS_PUBLIC_KEY = "not a key"  # sealing fails: a fault of the server's own
    marker = f"typed-{secrets.token_hex(6)}"

    data = report_data(what=f"Text {marker}")
    response = send(client, data)

    assert response.status_code == 500
    assert "your report was not sent" in html_of(response)
    assert f"Text {marker}</textarea>" in html_of(response)  # kept for the visitor alone
    assert "Report form failed with ValueError" in caplog.text
    assert marker not in caplog.text
    assert not Report.objects.exists()
    # What is sent from that page is a new report (a failure after the report was stored
    # would otherwise have its edited text dropped as "already reached us").
    sent_token = re.search(r'name="token" value="([^"]+)"', html_of(response)).group(1)
    assert token_shown_at(sent_token) is not None
    assert token_once(sent_token) != token_once(data["token"])


def test_the_system_check_refuses_a_key_that_is_not_one(db, settings):
    from django.core.checks import run_checks

    settings.REPORTS_PUBLIC_KEY = "not a key"
    assert [error.id for error in run_checks() if error.id.startswith("reports.")] == [
        "reports.E001"
    ]
    settings.REPORTS_PUBLIC_KEY = "hlQrbSRnl8bakY8mhqI7MeNv6KARAFT045Es/K/dOzE="
    assert not [error for error in run_checks() if error.id.startswith("reports.")]


def test_error_reports_show_neither_the_text_nor_the_file_names(rf, settings):
    from django.views.debug import get_exception_reporter_class

    marker = f"secret-{secrets.token_hex(6)}"
    request = rf.post(
        "/report/send/",
        {"what": f"Text {marker}", "attachments": upload(f"{marker}.png", png(64))},
    )
    request.sensitive_post_parameters = "__ALL__"  # as @sensitive_post_parameters() sets
    request.POST, request.FILES  # noqa: B018 - read the body, as the view does

    reporter = get_exception_reporter_class(request)(
        request, ValueError, ValueError("boom"), None, is_email=True
    )

    assert marker not in reporter.get_traceback_text()
    assert marker not in reporter.get_traceback_html()
    assert "attachments" in reporter.get_traceback_text()  # the field, not the file


def test_a_field_longer_than_its_limit_is_a_form_error_that_keeps_it(
    client, report_page, report_key
):
    long_text = "x" * 20_001

    html = html_of(send(client, report_data(what=long_text)))

    assert "Ensure this value has at most 20000 characters" in html
    assert textarea_value(html, "what").strip() == long_text
    assert not Report.objects.exists()
    # The page sets no maxlength, at which a browser cuts a paste without a word.
    assert "maxlength" not in html[html.index('class="report-form"') :].split("</form>")[0]


def test_the_deploy_check_refuses_a_report_limit_nginx_would_not_take(db, settings):
    """deploy/nginx/report-form.conf keeps a report in memory up to its own limit (33 MB);
    REPORTS_MAX_REQUEST_MB raised past it, larger reports met nginx's bare 413 and were
    lost. `check --deploy` now says so."""
    from django.core.checks import run_checks

    def refused():
        return [e.id for e in run_checks(include_deployment_checks=True) if e.id == "reports.E002"]

    assert refused() == []
    settings.REPORTS_MAX_REQUEST_MB = 64
    assert refused() == ["reports.E002"]


def test_a_worker_that_has_kept_nothing_keeps_what_was_typed_when_the_database_is_down(
    client, report_page, settings
):
    """A worker that had served only pages from the shared cache had kept no Site: with
    the database down, looking it up for the process tier failed before the view, and the
    text was lost in the site's general 503 page. The view now meets the failure itself."""
    from django.core.cache import cache
    from django.db import OperationalError, connection

    from serving import generation

    settings.SERVING_KEEP_IN_PROCESS = True
    # Redis still confirms the generation; nothing is kept in this process yet.
    cache.set(generation.REDIS_KEY, 7)
    cache.set(generation.REDIS_UNTIL_KEY, (7, None))

    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database is unreachable")

    with connection.execute_wrapper(refuse):
        response = send(client, report_data(what="Seen while the database was down."))

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert textarea_value(html_of(response), "what") == "Seen while the database was down."
    assert not Report.objects.exists()
