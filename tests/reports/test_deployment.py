"""The report form under gunicorn with production settings: a report is received, and
neither the form's page nor its post reaches the access log."""

import os
import re
import time
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.serving.servers import Deployment, fetch, free_port

pytestmark = pytest.mark.multiprocess

PAGE = "/report-information/"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    site = Deployment(
        root,
        redis_url=f"redis://127.0.0.1:{free_port()}/0",  # nothing there: counters fail open
        GUNICORN_ACCESS_LOG=str(root / "access.log"),
        REPORTS_MIN_SECONDS_TO_FILL="1",
    )
    site.set_up()
    site.start(count=1)
    yield site
    site.stop()


def access_log_once_it_holds(deployment, text):
    """gunicorn's access log, once `text` is in it (it writes a line after the answer)."""
    deadline = time.monotonic() + 20
    log = deployment.root / "access.log"
    while text not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, "gunicorn wrote no access log"
        time.sleep(0.2)
    return log.read_text()


def test_a_report_sent_through_gunicorn_is_received_and_not_logged(deployment):
    [url] = deployment.urls
    status, headers, page = fetch(url, PAGE)
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    time.sleep(1.5)  # a person takes longer than REPORTS_MIN_SECONDS_TO_FILL

    status, _headers, body = fetch(
        url,
        "/report/send/",
        method="POST",
        data=encode_multipart(
            BOUNDARY, {"what": "Seen at the harbour.", "token": token, "website_address": ""}
        ),
        headers={"Content-Type": MULTIPART_CONTENT, "Origin": "http://localhost"},
    )
    assert status == 200, body
    reference = re.search(r'confirmation-panel__reference">([A-Z0-9-]+)<', body).group(1)
    count_code = (
        "from reports.models import Report; "
        f"print(Report.objects.filter(reference='{reference}').count())"
    )
    assert deployment.run_python(count_code).strip().endswith("1")
    assert fetch(url, "/report/send/")[0] == 405  # whatever answers, never logged
    assert fetch(url, "/")[0] == 200

    logged = access_log_once_it_holds(deployment, '"GET / ')
    assert PAGE not in logged
    assert "/report/send/" not in logged


def test_no_password_reset_link_reaches_gunicorn_s_access_log(deployment):
    """Found by an operator's probe: the link a reset mail sends was in the access log,
    and it sets a new password until it is used or expires."""
    [url] = deployment.urls
    token = "c5x9qz-0f3e8d7c6b5a49382716"
    link = f"/admin/password_reset/confirm/MQ/{token}/"
    fetch(url, link)
    fetch(url, "/?after-the-reset", headers={"Referer": f"http://localhost{link}"})

    logged = access_log_once_it_holds(deployment, "after-the-reset")
    assert token not in logged
    assert "GET /admin/password_reset/confirm/-/-/ HTTP/1.1" in logged
    assert "http://localhost/admin/password_reset/confirm/-/-/" in logged  # the Referer


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log info;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    map $upstream_http_x_access_log $portal_loggable {{ default 1; off 0; }}
    access_log {root}/access.log combined if=$portal_loggable;
    upstream portal_app {{ server {upstream}; }}
    limit_req_zone $binary_remote_addr zone=portal_report:1m rate=1r/m;
    server {{
        # A small send buffer, so that an answer a client reads slowly waits in nginx.
        listen 127.0.0.1:{port} sndbuf=8k;
        # As portal.conf: at the server's level, which the report form's location keeps.
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        location / {{
            proxy_hide_header X-Access-Log;
            proxy_pass http://portal_app;
        }}
        include {root}/report-form.conf;
    }}
}}
"""


@pytest.fixture
def nginx(deployment, tmp_path):
    import shutil
    import subprocess

    from tests.serving.servers import PROJECT_ROOT, fetch_or_none, wait_for

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        if os.environ.get("CI"):
            pytest.fail("CI needs nginx (Debian's nginx package).")
        pytest.skip("nginx is not installed.")
    port = free_port()
    # The snippet as deployed, but for its error log level, which would hide the warning
    # this test looks for (nginx says at "warn" when a body goes to a temporary file).
    snippet = (PROJECT_ROOT / "deploy/nginx/report-form.conf").read_text()
    assert "    error_log /var/log/nginx/error.log crit;\n" in snippet
    (tmp_path / "report-form.conf").write_text(
        snippet.replace("    error_log /var/log/nginx/error.log crit;\n", "")
    )
    (tmp_path / "nginx.conf").write_text(
        NGINX_CONF.format(
            root=tmp_path,
            port=port,
            upstream=deployment.urls[0].removeprefix("http://"),
        )
    )
    server = subprocess.Popen(  # noqa: S603
        [binary, "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: fetch_or_none(url) == 200, seconds=30, what="nginx did not start")
    yield SimpleNamespace(url=url, root=tmp_path)
    server.terminate()
    server.wait(timeout=20)


def test_nginx_keeps_a_report_in_memory_and_logs_neither_the_page_nor_the_post(nginx):
    status, headers, page = fetch(nginx.url, PAGE)
    assert status == 200
    assert "X-Access-Log" not in headers
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    time.sleep(1.5)
    attachment = b"\x89PNG\r\n\x1a\n" + os.urandom(3_000_000)

    status, _headers, body = fetch(
        nginx.url,
        "/report/send/",
        method="POST",
        data=encode_multipart(
            BOUNDARY,
            {
                "what": "Seen from the ferry.",
                "token": token,
                "website_address": "",
                "attachments": SimpleUploadedFile("ferry.png", attachment, "image/png"),
            },
        ),
        headers={"Content-Type": MULTIPART_CONTENT, "Origin": "http://localhost"},
    )

    assert status == 200, body
    assert "confirmation-panel__reference" in body
    assert fetch(nginx.url, "/")[0] == 200
    # nginx says so (at "warn") whenever a body goes to a temporary file.
    errors = (nginx.root / "error.log").read_text()
    assert "buffered to a temporary file" not in errors
    deadline = time.monotonic() + 20
    while '"GET / ' not in (nginx.root / "access.log").read_text():
        assert time.monotonic() < deadline, "nginx wrote no access log"
        time.sleep(0.2)
    logged = (nginx.root / "access.log").read_text()
    assert PAGE not in logged
    assert "/report/send/" not in logged


def test_nginx_writes_no_answer_given_back_to_a_temporary_file(nginx):
    """Found by a probe: text too long to take comes back in the form, and a client that
    read it slowly had nginx write it, in clear, to a temporary file."""
    import http.client
    import socket

    status, _headers, page = fetch(nginx.url, PAGE)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    time.sleep(1.5)
    typed = "Seen from the ferry. " * 100_000  # 2.1 MB: refused as too long, given back
    body = encode_multipart(BOUNDARY, {"what": typed, "token": token, "website_address": ""})
    host, port = nginx.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    # A small receive window, so that the answer waits in nginx, not in this socket.
    connection.sock = socket.socket()
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection.sock.settimeout(60)
    connection.sock.connect((host, int(port)))
    connection.request(
        "POST",
        "/report/send/",
        body=body,
        headers={
            "Host": "localhost",
            "Content-Type": MULTIPART_CONTENT,
            "Origin": "http://localhost",
        },
    )
    response = connection.getresponse()
    time.sleep(3)  # a slow reader: nginx holds what its buffers do not in the app
    answer = response.read().decode()
    connection.close()

    assert response.status == 200
    assert "Seen from the ferry." in answer  # given back, to be shortened
    errors = (nginx.root / "error.log").read_text()
    assert "buffered to a temporary file" not in errors, errors
