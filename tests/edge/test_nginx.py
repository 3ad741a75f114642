"""The production front with Debian's nginx in front of gunicorn (production settings, a
Redis of the test's own), rendered from deploy/nginx/portal.conf by `render_edge --run`
as `make edge` does: slow clients, static files and media, the micro-cache, flood
ceilings, and the mirror when the app is down."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.serving.servers import (
    PROJECT_ROOT,
    Deployment,
    fetch,
    fetch_or_none,
    free_port,
    redis_server_or_skip,
    wait_for,
)

pytestmark = pytest.mark.multiprocess

LEVEL = re.compile(r'class="threat-level threat-level--[a-z]+">([A-Z]+)</strong>')
# The app's headers the mirror must repeat (with its Content-Security-Policy, compared
# directive by directive: their order varies).
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Access-Control-Allow-Origin",
)


# How long nginx waits for the app's answer to a form (--app-timeout).
FORM_WAIT_SECONDS = 8
# ... and to a page's before the mirror answers (--page-timeout): the test of a hung app
# waits it out; the slowest page answer the tests wait for takes about 2 s.
PAGE_WAIT_SECONDS = 6


def nginx_or_skip():
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        if os.environ.get("CI"):
            pytest.fail("CI needs nginx (Debian's nginx package).")
        pytest.skip("nginx is not installed.")


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    nginx_or_skip()
    root = tmp_path_factory.mktemp("edge")
    redis = redis_server_or_skip(root)
    site = Deployment(
        root,
        redis_url=redis.url,
        MIRROR_ROOT=str(root / "mirror"),
        TRUST_X_FORWARDED_PROTO="true",
        TRUSTED_PROXY_ADDRESSES="127.0.0.1/32",
    )
    site.set_up()
    site.start(count=1)
    site.manage("build_mirror")
    port = free_port()
    folder = root / "nginx"
    folder.mkdir()
    nginx = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "render_edge",
            "--run",
            "--folder",
            str(folder),
            "--app-url",
            site.urls[0],
            "--listen",
            f"127.0.0.1:{port}",
            "--forwarded-proto",
            "https",
            # A form's wait for a hung app (30 s, gunicorn's) made shorter: the report
            # test waits it out; every other answer here takes well under a second.
            "--app-timeout",
            str(FORM_WAIT_SECONDS),
            "--page-timeout",
            str(PAGE_WAIT_SECONDS),
        ],
        cwd=PROJECT_ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=(root / "render_edge.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"

    def logs():
        return "".join(
            path.read_text()
            for path in (root / "render_edge.log", folder / "error.log")
            if path.exists()
        )

    wait_for(lambda: fetch_or_none(url, "/") == 200, seconds=60, what=f"nginx to answer: {logs()}")
    yield SimpleNamespace(site=site, url=url, app=site.urls[0], mirror=root / "mirror", logs=logs)
    nginx.terminate()
    nginx.wait(timeout=20)
    site.stop()
    redis.stop()


def level_on(html):
    found = LEVEL.search(html)
    return found and found.group(1)


def set_level(edge, level):
    edge.site.run_python(
        "from threats.models import ThreatLevelSettings\n"
        "s = ThreatLevelSettings.load()\n"
        f"s.national_level = '{level}'\n"
        "s.save()\n"
    )


def sitemap_paths(edge):
    status, _headers, body = fetch(edge.app, "/sitemap.xml", headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", body)]


def test_public_pages_are_kept_a_moment_and_a_change_shows_within_seconds(edge):
    fetch(edge.url, "/careers/")
    status, headers, body = fetch(edge.url, "/careers/?utm_source=newsletter")
    assert status == 200
    assert headers["X-Edge-Cache"] == "HIT"  # the same copy, whatever utm_*
    assert "X-Accel-Expires" not in headers
    # One language today: a visitor's Accept-Language makes no other copy.
    french = fetch(edge.url, "/careers/", headers={"Accept-Language": "fr"})
    assert french[1]["X-Edge-Cache"] == "HIT"
    # Requests that may be someone's are never answered from, nor stored in, the cache.
    for cookie in ("sessionid=abc", "csrftoken=abc"):
        assert (
            fetch(edge.url, "/careers/", headers={"Cookie": cookie})[1]["X-Edge-Cache"] == "BYPASS"
        )

    paths = sitemap_paths(edge)
    before = level_on(fetch(edge.url, "/")[2])
    new = "SEVERE" if before != "SEVERE" else "CRITICAL"
    set_level(edge, new)

    def everywhere_new():
        return all(
            level_on(body) == new
            for path in paths
            if path != "/report-information/"
            for _status, _headers, body in [fetch(edge.url, path)]
        )

    wait_for(everywhere_new, seconds=20, what=f"every page through nginx to show {new}")
    fragment = edge.mirror / "fragments/threat-level-bar.html"
    wait_for(
        lambda: f">{new}</strong>" in fragment.read_text(), seconds=20, what="the mirror's bar"
    )


def processes_of(server):
    """gunicorn's master and its workers."""
    found = [server.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server.pid:
                found.append(int(stat.parent.name))
    return found


def test_a_change_shows_through_nginx_while_the_app_is_slow_to_answer(edge):
    """nginx answers no expired copy, not even while another request fetches the page
    again: an app slow just after a change (a hung database, say) would otherwise keep the
    old level showing through nginx for as long as it stays slow."""
    path = "/careers/"
    wait_for(
        lambda: fetch(edge.url, path)[1].get("X-Edge-Cache") == "HIT",
        seconds=20,
        what="a copy at nginx",
    )
    new = "SEVERE" if level_on(fetch(edge.url, path)[2]) != "SEVERE" else "CRITICAL"
    set_level(edge, new)
    app = processes_of(edge.site.servers[0])
    assert len(app) >= 2  # the master and its worker
    for pid in app:
        os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(2.5)  # nginx's copy (EDGE_CACHE_SECONDS, 1 s) has expired
        with ThreadPoolExecutor(4) as pool:
            answers = []
            for _ in range(4):  # the first goes to the app; the others arrive meanwhile
                answers.append(pool.submit(fetch, edge.url, path, timeout=60))
                time.sleep(0.3)
            time.sleep(1)
            for pid in app:
                os.kill(pid, signal.SIGCONT)
            levels = [level_on(answer.result()[2]) for answer in answers]
    finally:
        for pid in app:
            os.kill(pid, signal.SIGCONT)
    assert levels == [new] * 4


def test_slow_clients_hold_no_app_worker(edge):
    """gunicorn has one sync worker here: ten clients dribbling headers would stall it."""
    host, port = edge.url.removeprefix("http://").split(":")
    stop = threading.Event()
    slow = []
    for _ in range(10):
        sock = socket.create_connection((host, int(port)))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        slow.append(sock)

    def dribble():
        while not stop.wait(2):
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Slow: 1\r\n")

    dribbler = threading.Thread(target=dribble, daemon=True)
    dribbler.start()
    try:
        paths = ["/", "/news/", "/careers/", "/what-we-do/", "/threat-levels/"] * 40
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda path: fetch(edge.url, path, timeout=60)[0], paths))
    finally:
        stop.set()
        for sock in slow:
            sock.close()
    assert statuses == [200] * 200


def test_static_files_and_image_renditions_come_from_disk_originals_and_documents_never(edge):
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', fetch(edge.url, "/")[2]).group(
        1
    )
    status, headers, _body = fetch(edge.url, css)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    output = edge.site.run_python(
        "import io\n"
        "from PIL import Image as Picture\n"
        "from django.core.files.images import ImageFile\n"
        "from wagtail.images.models import Image\n"
        "from wagtail.documents.models import Document\n"
        "data = io.BytesIO()\n"
        "Picture.new('RGB', (640, 480), (20, 90, 160)).save(data, 'PNG')\n"
        "image = Image.objects.create(title='Stored by the test', "
        "file=ImageFile(data, name='stored-by-the-test.png'))\n"
        "rendition = image.get_rendition('width-200')\n"
        "document = Document.objects.order_by('pk').first()\n"
        "print('URLS', rendition.url, image.file.url, document.file.url if document else '-', "
        "document.url if document else '-')\n"
    )
    line = next(line for line in output.splitlines() if line.startswith("URLS "))
    rendition_url, original_url, document_file_url, document_url = line.split()[1:]
    assert rendition_url.startswith("/media/images/")
    status, headers, _body = fetch(edge.url, rendition_url, binary=True)
    assert status == 200
    assert headers["Content-Type"].startswith("image/")
    assert headers["Cache-Control"] == "public, max-age=31536000"  # a name never changes content
    assert (edge.site.root / "media" / original_url.removeprefix("/media/")).exists()
    assert fetch(edge.url, original_url)[0] == 404
    if document_file_url != "-":
        assert fetch(edge.url, document_file_url)[0] == 404
        assert fetch(edge.url, document_url, binary=True)[0] == 200  # through the app's view


def test_public_pages_are_compressed_the_admin_and_the_report_s_answers_never(edge):
    gzip = {"Accept-Encoding": "gzip"}
    for path in ("/", "/news/", "/search/?q=cyber", "/feeds/news.atom"):
        status, headers, body = fetch(edge.url, path, headers=gzip, binary=True)
        assert status == 200, path
        assert headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers["Vary"], path
        assert len(body) < len(fetch(edge.url, path)[2].encode()) / 2, path
    # Answers with a CSRF token, or a visitor's own words, stay as they are: no BREACH
    # (nginx.conf turns gzip on for everything, as Debian's does: edge.nginx.STANDALONE).
    for path in ("/admin/login/", "/report-information/"):
        status, headers, _body = fetch(edge.url, path, headers=gzip, binary=True)
        assert status == 200, path
        assert "Content-Encoding" not in headers, path
    status, headers, _body = fetch(
        edge.url,
        "/report/send/",
        method="POST",
        data=b"x" * 2000,
        headers={**gzip, "Content-Type": "application/octet-stream"},
        binary=True,
    )
    assert 400 <= status < 500
    assert "Content-Encoding" not in headers
    # Told the scheme nginx is given (`--forwarded-proto https`, TLS ended before it), as
    # every other address is: a post told "http" would be redirected and its report lost.
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_host_we_do_not_serve_gets_no_answer(edge):
    host, port = edge.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/", headers={"Host": "attacker.example"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        connection.getresponse()


def test_floods_meet_a_ceiling_with_the_branded_page(edge):
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda n: fetch(edge.url, f"/search/?q=flood{n}"), range(60)))
    limited = [answer for answer in answers if answer[0] == 429]
    assert limited, "no 429 after 60 searches in a moment"
    assert all(status in (200, 429) for status, _h, _b in answers)
    _status, headers, body = limited[0]
    assert headers["Retry-After"] == "60"
    assert "Too many requests" in body
    assert headers["Content-Security-Policy"]


def test_a_post_is_passed_through_untouched(edge):
    status, headers, body = fetch(
        edge.url,
        "/quiz/answer/",
        method="POST",
        data=b"statement=nonsense",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost"},
    )
    assert 400 <= status < 500  # the app's own answer
    assert "X-Served-From" not in headers


def test_with_the_app_down_every_public_address_answers_from_the_mirror(edge):
    paths = sitemap_paths(edge)
    others = [
        "/feeds/news.atom",
        "/feeds/news.rss",
        "/feeds/threat-level.atom",
        "/api/threat-level.json",
        "/embed/threat-level.svg",
        "/robots.txt",
        "/.well-known/security.txt",
    ]
    live = {
        path: fetch(edge.app, path, headers={"X-Forwarded-Proto": "https"})
        for path in ["/", *others]
    }
    level = level_on(live["/"][2])
    port = int(edge.app.rsplit(":", 1)[1])
    edge.site.stop()
    try:
        for path in paths + others:
            # A copy nginx kept a moment ago (EDGE_CACHE_SECONDS) may answer first: rightly.
            wait_for(
                lambda path=path: fetch(edge.url, path)[1].get("X-Edge-Cache") != "HIT",
                seconds=10,
                what=f"nginx's own copy of {path} to expire",
            )
            status, headers, body = fetch(edge.url, path)
            if path == "/report-information/":
                assert status == 503
                assert "This page is unavailable" in body
                assert "999" in body
                # The next request's Referer names no page of the site, as the form's says.
                assert headers["Referrer-Policy"] == "strict-origin"
                # Who asked for the form's page is in no log, whatever answered it: not
                # the access log, nor the error log's line for the app that did not.
                assert "report-information" not in nginx_log(edge, "access.log")
                assert "report-information" not in nginx_log(edge, "error.log")
                continue
            assert status == 200, path
            assert headers["X-Served-From"] == "mirror", path
            assert headers["Cache-Control"] == "no-cache", path
            if path.endswith("/"):
                assert level_on(body) == level, path
            app_headers = live.get(path, live["/"])[1]
            assert app_headers["Strict-Transport-Security"]
            if path in others:
                content_type = headers["Content-Type"].split(";")[0]
                assert content_type == app_headers["Content-Type"].split(";")[0], path
            for name in SECURITY_HEADERS:
                assert headers.get(name) == app_headers.get(name), (path, name)
            csp = sorted(headers["Content-Security-Policy"].split("; "))
            assert csp == sorted(app_headers["Content-Security-Policy"].split("; ")), path
        assert f'"level": "{level}"' in fetch(edge.url, "/api/threat-level.json")[2]
        status, headers, _body = fetch(edge.url, "/news/", method="HEAD")
        assert (status, headers["X-Served-From"]) == (200, "mirror")
        assert fetch(edge.url, "/no-such-page/")[0] == 404
        # A filter or a later page is not the copy's first page under its address.
        for path in ("/news/?kind=blog", "/news/?page=2", "/careers/?area=technology"):
            status, headers, body = fetch(edge.url, path)
            assert (status, "This page is unavailable" in body) == (503, True), path
        for path in ("/news/?utm_source=mail", "/news/?kind=&year="):  # made up, or empty
            status, headers, _body = fetch(edge.url, path)
            assert (status, headers.get("X-Served-From")) == (200, "mirror"), path
        status, _headers, body = fetch(edge.url, "/search/?q=cyber")
        assert status == 503
        assert "Search and forms" in body
        assert post_form(edge, "/quiz/answer/", b"statement=1")[0] == 503
        # A report sent meanwhile: nginx's page says the service is unavailable, with the
        # form's headers, and nothing of the post is in the access log.
        status, headers, body = post_form(edge, "/report/send/", b"what=Seen+at+the+harbour.")
        assert status == 503
        assert "This service is unavailable" in body
        assert headers["Referrer-Policy"] == "strict-origin"
        assert "/report/send" not in nginx_log(edge, "access.log")
        # A change of level committed and not copied yet (the database gone just after
        # it): no copy, and a bar that names no level (edge.mirror.withhold_threat_level).
        from edge.mirror import BAR_FRAGMENT, WITHHELD, Mirror

        bar = (edge.mirror / BAR_FRAGMENT).read_bytes()
        Mirror(edge.mirror).withhold_threat_level()
        try:
            for path in ("/", "/threat-levels/", "/api/threat-level.json", "/news/"):
                status, _headers, body = fetch(edge.url, path)
                assert status == 503, path
                assert level not in body and "cannot be shown for now" in body, path
        finally:
            (edge.mirror / WITHHELD).unlink()
            (edge.mirror / BAR_FRAGMENT).write_bytes(bar)
        assert level_on(fetch(edge.url, "/")[2]) == level
    finally:
        edge.site.start(ports=[port])
    app_answers(edge)


def post_form(edge, path, body):
    return fetch(
        edge.url,
        path,
        method="POST",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def nginx_log(edge, name):
    return (edge.mirror.parent / "nginx" / name).read_text()


RESET_TOKEN = "c5x9qz-0f3e8d7c6b5a49382716"


def test_no_password_reset_link_reaches_nginx_s_access_log(edge):
    """Found by an operator's probe: the link a reset mail sends was in the access log,
    and it sets a new password until it is used or expires."""
    link = f"/admin/password_reset/confirm/MQ/{RESET_TOKEN}/"
    fetch(edge.url, link)
    fetch(edge.url, "/", headers={"Referer": f"https://localhost{link}"})
    fetch(edge.url, "/?after-the-reset")

    deadline = time.monotonic() + 20
    while "after-the-reset" not in nginx_log(edge, "access.log"):
        assert time.monotonic() < deadline, "nginx wrote no access log"
        time.sleep(0.2)
    logged = nginx_log(edge, "access.log")
    assert RESET_TOKEN not in logged
    assert '"GET /admin/password_reset/confirm/-/-/ HTTP/1.1"' in logged
    assert '"https://localhost/admin/password_reset/confirm/-/-/"' in logged  # the Referer


def test_a_report_larger_than_nginx_takes_gets_the_site_s_page_and_no_log_line(edge):
    """nginx's bare "413 Request Entity Too Large" (no limit given, no numbers to call,
    no security headers) met three phone photos; and its line named the sender."""
    host, port = edge.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        # The size is all nginx reads before it answers: no body needs to follow.
        connection.sendall(
            b"POST /report/send/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 40000000\r\nConnection: close\r\n\r\n"
        )
        response = http.client.HTTPResponse(connection)
        response.begin()
        body = response.read().decode()

    assert response.status == 413
    assert "Your report is too large to send" in body
    assert "Attachments may be 10 MB in all." in body
    assert "999" in body
    assert response.headers["Referrer-Policy"] == "strict-origin"
    assert response.headers["Content-Security-Policy"]
    assert "/report/send" not in nginx_log(edge, "access.log")


def test_a_post_to_the_report_page_s_address_is_refused_unread(edge):
    """Posted to the page, a report was passed to the app, which refused it, but nginx
    first kept its body in a temporary file, in clear, and logged the sender."""
    status, headers, _body = fetch(
        edge.url,
        "/report-information/",
        method="POST",
        data=b"what=" + b"x" * 200_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert status == 405
    assert headers["Allow"] == "GET, HEAD"
    assert "buffered to a temporary file" not in nginx_log(edge, "error.log")
    assert "report-information" not in nginx_log(edge, "access.log")
    # The page itself is served as before, from the app.
    status, headers, body = fetch(edge.url, "/report-information/")
    assert status == 200
    assert "X-Served-From" not in headers
    assert 'action="/report/send/"' in body


def app_answers(edge):
    """Wait for the app to answer through nginx again: it leaves a failed app server alone
    for a few seconds (fail_timeout), the mirror answering meanwhile."""
    wait_for(
        lambda: "X-Served-From" not in fetch(edge.url, "/news/")[1],
        seconds=60,
        what="the app to answer through nginx again",
    )


def test_while_the_app_hangs_one_request_waits_for_it_and_the_next_do_not(edge):
    """With one app server, nginx never left it alone when it failed: while it hung,
    every request waited 30 s for it before the mirror answered. Now one page request
    waits (--page-timeout), and the next pages are answered at once from the mirror, until the app
    is tried again. Forms and search keep their own count: a page's failure does not
    hold them up."""
    error_log = edge.mirror.parent / "nginx" / "error.log"
    timeouts_before = error_log.read_text().count("upstream timed out")
    app = processes_of(edge.site.servers[0])
    for pid in app:
        os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(2.5)  # nginx's copies (EDGE_CACHE_SECONDS, 1 s) have expired
        answers = [fetch(edge.url, path, timeout=60) for path in ("/what-we-do/", "/", "/news/")]
        timeouts = error_log.read_text().count("upstream timed out") - timeouts_before
    finally:
        for pid in app:
            os.kill(pid, signal.SIGCONT)
    assert [(status, headers.get("X-Served-From")) for status, headers, _ in answers] == [
        (200, "mirror")
    ] * 3
    assert timeouts == 1  # the first request alone waited for the app
    app_answers(edge)


def test_a_report_the_app_was_too_slow_to_answer_is_said_to_be_unconfirmed(edge):
    """nginx gave up waiting for the app (504) and said the service was unavailable, but
    the app took the report when it woke: the sender, told nothing was sent, would send
    it twice. The page says it may have arrived, and a reload sends it once."""
    status, _headers, page = fetch(edge.url, "/report-information/")
    assert status == 200
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    time.sleep(1.5)  # a person takes longer than REPORTS_MIN_SECONDS_TO_FILL
    post = {
        "method": "POST",
        "data": encode_multipart(
            BOUNDARY, {"what": "Seen at the harbour.", "token": token, "website_address": ""}
        ),
        "headers": {"Content-Type": MULTIPART_CONTENT, "Origin": "https://localhost"},
        "timeout": 90,
    }
    app = processes_of(edge.site.servers[0])
    for pid in app:
        os.kill(pid, signal.SIGSTOP)
    try:
        status, _headers, body = fetch(edge.url, "/report/send/", **post)
    finally:
        for pid in app:
            os.kill(pid, signal.SIGCONT)
    assert status == 503
    assert "Your report may not have reached us" in body
    assert "not stored twice" in body
    # nginx's own page for the post: no line names its sender (the report did arrive).
    assert "/report/send" not in nginx_log(edge, "access.log")
    app_answers(edge)

    status, _headers, body = fetch(edge.url, "/report/send/", **post)  # the reload

    assert status == 200, body
    assert "This report had already reached us" in body
    count = "from reports.models import Report; print(Report.objects.count())"
    assert edge.site.run_python(count).split()[-1] == "1"


def test_the_admin_s_sign_in_works_on_a_port_of_its_own(edge):
    """nginx told the app the host without the port it was asked on (make edge's 8080):
    every form's post then failed Django's CSRF check of its Origin."""
    host = "localhost:" + edge.url.rsplit(":", 1)[1]
    status, headers, page = fetch(edge.url, "/admin/login/", headers={"Host": host})
    assert status == 200
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    status, _headers, body = fetch(
        edge.url,
        "/admin/login/",
        method="POST",
        data=f"csrfmiddlewaretoken={token}&username=nobody&password=wrong".encode(),
        headers={
            "Host": host,
            "Cookie": cookie,
            "Origin": f"https://{host}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )

    assert status == 200  # the sign-in form again, its error said; not a 403 of the check
    assert "Your username and password didn" in body or "enter a correct" in body


def test_a_page_unpublished_leaves_the_mirror_while_the_worker_runs(edge):
    path = sitemap_paths(edge)
    article = next(p for p in path if p.startswith("/news/") and p != "/news/")
    file = edge.mirror / "pages" / article.strip("/") / "index.html"
    assert file.exists()
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "mirror_worker", "--interval", "1"],
        cwd=PROJECT_ROOT,
        env=edge.site.env,
        stdout=subprocess.DEVNULL,
        stderr=(edge.site.root / "worker.log").open("w"),
    )
    try:
        edge.site.run_python(
            "from wagtail.models import Page\n"
            f"Page.objects.get(url_path__endswith='{article}').specific.unpublish()\n"
        )
        deadline = time.monotonic() + 60
        while file.exists():
            assert time.monotonic() < deadline, (edge.site.root / "worker.log").read_text()
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
