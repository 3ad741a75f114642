"""deploy/nginx/portal.conf as rendered for a host: what it takes from the app, and the
flood ceilings and body limits it sets against the app's own (docs/deploy.md)."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from edge.nginx import (
    REPEATED_HEADERS,
    Host,
    header_variables,
    render,
    same_header,
    write_standalone,
)

pytestmark = pytest.mark.usefixtures("site_for_the_module")

PER_HOUR = {"s": 3600, "m": 60}


@pytest.fixture
def rendered(settings, sections, tmp_path):
    settings.MIRROR_ROOT = str(tmp_path / "mirror")
    return render(Host(app_urls=["http://10.0.0.5:8000", "http://10.0.0.6:8000"]))


def megabytes(conf, pattern):
    return int(re.search(pattern + r" (\d+)m;", conf).group(1))


def ceiling_per_hour(conf, zone):
    rate = re.search(rf"zone={zone}:\S+ rate=(\d+)r/([sm]);", conf)
    return int(rate.group(1)) * PER_HOUR[rate.group(2)]


def test_the_host_s_values_are_filled_in(rendered, settings):
    assert not re.search(r"@[A-Z_]+@", rendered)
    assert "server 10.0.0.5:8000" in rendered and "server 10.0.0.6:8000" in rendered
    assert f"alias {settings.STATIC_ROOT}/;" in rendered
    assert f"alias {settings.MEDIA_ROOT}/images/;" in rendered
    assert f"root {settings.MIRROR_ROOT}/pages;" in rendered


def test_forms_wait_for_the_app_as_long_as_gunicorn_does(rendered, settings):
    """Pages wait 10 s and the admin 120 s; everything else, gunicorn's timeout: 30 s by
    default, or the operator's."""
    assert re.findall(r"proxy_read_timeout (\d+)s;", rendered) == ["30", "10", "120"]
    faster = render(Host(app_timeout=12))
    assert re.findall(r"proxy_read_timeout (\d+)s;", faster) == ["12", "10", "120"]
    with pytest.raises(ImproperlyConfigured):
        render(Host(app_timeout=0))


def test_pages_wait_as_long_as_the_operator_says(settings, sections, tmp_path):
    """Pages, the report form's among them, wait 10 s for the app, or --page-timeout."""
    from demo.core import REPORT_SLUG, load_pages

    settings.MIRROR_ROOT = str(tmp_path)
    load_pages(sections["home"])
    # Forms; the report page with and without its last slash; other pages; the admin.
    waits = r"proxy_read_timeout (\d+)s;"
    assert re.findall(waits, render(Host())) == ["30", "10", "10", "10", "120"]
    shorter = render(Host(page_timeout=4))
    assert re.findall(waits, shorter) == ["30", "4", "4", "4", "120"]
    report_page = shorter.split(f"location = /{REPORT_SLUG}/ {{", 1)[1].split("\n    }", 1)[0]
    assert "proxy_read_timeout 4s;" in report_page
    # In all, whichever app servers a page tries (two hung: twice the wait, a probe found).
    pages = shorter.split("    location / {", 1)[1].split("\n    }", 1)[0]
    assert "proxy_next_upstream_timeout 4s;" in pages
    with pytest.raises(ImproperlyConfigured):
        render(Host(page_timeout=0))


def test_no_micro_cache_where_the_app_never_marks_a_page(settings, sections, tmp_path):
    settings.MIRROR_ROOT = str(tmp_path)
    settings.SERVING_EDGE_CACHE_SECONDS = 1
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    assert "proxy_cache portal_pages;" in render(Host())
    settings.SERVING_PAGE_CACHE_SECONDS = 0  # no Redis: nothing is marked
    assert "proxy_cache off;" in render(Host())
    settings.SERVING_PAGE_CACHE_SECONDS = 300
    settings.SERVING_EDGE_CACHE_SECONDS = 0
    assert "proxy_cache off;" in render(Host())


def test_the_cache_key_and_the_private_cookies_come_from_the_app(rendered, settings):
    assert "$uri?area=$arg_area&kind=$arg_kind&location=$arg_location&page=$arg_page" in rendered
    assert f"$cookie_{settings.SESSION_COOKIE_NAME}$cookie_{settings.CSRF_COOKIE_NAME}" in rendered


def test_the_report_page_is_left_out_of_the_access_log_whatever_answers(
    settings, sections, tmp_path
):
    """Marked by the app's own answer only, the form's page was logged, with the client's
    address, when the app failed or the mirror answered for it."""
    from demo.core import REPORT_SLUG, load_pages

    settings.MIRROR_ROOT = str(tmp_path)
    load_pages(sections["home"])
    conf = render(Host())

    report_map = conf.split("map $request_uri $portal_report_page {", 1)[1].split("}", 1)[0]
    patterns = re.findall(r'"~(.+)" 1;', report_map)

    def is_report(asked):
        return any(re.match(pattern, asked) for pattern in patterns)

    for asked in (f"/{REPORT_SLUG}/", f"/{REPORT_SLUG}", f"/{REPORT_SLUG}/?a=b"):
        assert is_report(asked), asked
    # The post, when nginx answers it itself (too many, too large, the app down).
    assert is_report("/report/send/")
    assert not is_report(f"/{REPORT_SLUG}-not/")
    assert not is_report("/news/")
    assert 'map "$upstream_http_x_access_log:$portal_report_page" $portal_loggable' in conf


def test_the_report_page_logs_no_visitor_takes_no_post_and_keeps_its_headers(
    settings, sections, tmp_path
):
    """Served as any page, the form's page had the error log name its visitors while the
    app was down, took a post's body to nginx's disk, and nginx's own answers for it and
    its post sent the Referer policy of other pages."""
    from demo.core import REPORT_SLUG, load_pages

    settings.MIRROR_ROOT = str(tmp_path)
    load_pages(sections["home"])
    conf = render(Host(error_log="/srv/logs/nginx-error.log"))

    for path in (f"/{REPORT_SLUG}/", f"/{REPORT_SLUG}"):
        location = conf.split(f"location = {path} {{", 1)[1].split("\n    }", 1)[0]
        assert "access_log off;" in location
        assert "error_log /srv/logs/nginx-error.log crit;" in location
        assert "return 405;" in location
        assert "proxy_pass http://portal_pages;" in location
    referrer = conf.split("map $portal_report_page $portal_mirror_referrer_policy {", 1)[1]
    assert referrer.split("}", 1)[0].split() == [
        "1",
        '"strict-origin";',
        "default",
        "$portal_uri_referrer_policy;",
    ]
    assert "map $uri $portal_uri_referrer_policy {" in conf
    # Headers the page shares with the others are named once, by address.
    assert "map $portal_report_page $portal_mirror_content_security_policy" not in conf


def test_the_threat_level_s_json_keeps_its_cross_origin_headers_in_the_mirror(rendered):
    assert '"/api/threat-level.json" "cross-origin";' in rendered
    assert '"/embed/threat-level.svg" "*";' in rendered
    # The news feeds too: any site may read them (core.feeds.PortalFeed).
    assert '"/feeds/news.atom" "*";' in rendered
    assert '"/feeds/news.atom" "ETag";' in rendered
    assert (
        "add_header Content-Security-Policy $portal_mirror_content_security_policy always;"
        in rendered
    )


def test_flood_ceilings_are_ten_times_the_app_s_limits_or_more(rendered, settings):
    assert ceiling_per_hour(rendered, "portal_report") >= 10 * settings.REPORTS_PER_CLIENT_PER_HOUR
    assert (
        ceiling_per_hour(rendered, "portal_quiz") >= 10 * settings.QUIZ_ANSWERS_PER_CLIENT_PER_DAY
    )
    # Sign-in: five failures lock a username and address pair for AXES_COOLOFF_TIME.
    per_cooloff = (
        ceiling_per_hour(rendered, "portal_sign_in") * settings.AXES_COOLOFF_TIME.seconds / 3600
    )
    assert per_cooloff >= 10 * settings.AXES_FAILURE_LIMIT
    assert (
        ceiling_per_hour(rendered, "portal_sign_in")
        >= 10 * settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR
    )
    for location in ("/search/", "/quiz/", "/admin/login/", "/admin/password_reset/"):
        block = rendered.split(f"location ^~ {location} {{", 1)[1].split("}", 1)[0]
        assert "limit_req zone=" in block, location
        assert "error_page 429 /_edge/429.html;" in block, location


def test_bodies_the_app_refuses_reach_it_so_its_own_errors_are_seen(rendered, settings):
    mb = 1024 * 1024
    assert megabytes(rendered, "client_max_body_size") * mb > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    admin = rendered.split("location ^~ /admin/ {", 1)[1].split("}", 1)[0]
    admin_mb = megabytes(admin, "client_max_body_size")
    assert admin_mb * mb > max(
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    )
    report_form = (settings.BASE_DIR / "deploy/nginx/report-form.conf").read_text()
    assert megabytes(report_form, "client_max_body_size") > settings.REPORTS_MAX_REQUEST_MB


def test_nothing_renders_without_a_mirror_or_with_a_value_nginx_would_misread(settings, sections):
    settings.MIRROR_ROOT = ""
    with pytest.raises(ImproperlyConfigured):
        render(Host())
    settings.MIRROR_ROOT = "/srv/mirror"
    with pytest.raises(ImproperlyConfigured):
        render(Host(app_urls=["https://10.0.0.5"]))
    with pytest.raises(ImproperlyConfigured):
        render(Host(listen="443 ssl"))  # no certificate
    settings.SESSION_COOKIE_NAME = "__Host-session"
    with pytest.raises(ImproperlyConfigured):
        render(Host())


@pytest.mark.parametrize(
    "misread",
    [
        {"forwarded_proto": "x; y"},
        {"server_names": ["a b;"]},
        {"server_names": ["example.org;include"]},
        {"real_ip_from": ["garbage"]},
        {"real_ip_from": ["10.0.0.0/8; allow all"]},
        {"listen": "80; include /etc/passwd"},
        {"cache_dir": "/var/cache/a b"},
        {"access_log": "/var/log/x.log;"},
        {"tls_certificate": "/etc/ssl/{cert}", "tls_key": "/etc/ssl/key", "listen": "443 ssl"},
    ],
)
def test_a_value_nginx_would_misread_is_refused_before_it_is_written(settings, sections, misread):
    """Found by a probe of the commands: these went into portal.conf as they were, for
    `nginx -t` to refuse on the server (or to read as more than one value)."""
    settings.MIRROR_ROOT = "/srv/mirror"
    with pytest.raises(ImproperlyConfigured, match="misread|Not an address"):
        render(Host(**misread))


def test_the_values_nginx_reads_as_they_should_are_taken(settings, sections):
    settings.MIRROR_ROOT = "/srv/mirror"
    conf = render(
        Host(
            forwarded_proto="https",
            server_names=[".example.org", "www.example.org", "*.example.net"],
            real_ip_from=["10.0.0.0/8", "2001:db8::/32", "192.0.2.7", "unix:"],
            listen="443 ssl, [::]:80",
            tls_certificate="/etc/ssl/portal.pem",
            tls_key="/etc/ssl/portal.key",
        )
    )
    assert "server_name .example.org www.example.org *.example.net;" in conf
    assert "set_real_ip_from 2001:db8::/32;" in conf
    assert "listen [::]:80;" in conf


def nginx_or_skip():
    """Debian's nginx: CI must have it; elsewhere the test skips without it."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        if os.environ.get("CI"):
            pytest.fail("CI needs nginx (Debian's nginx package).")
        pytest.skip("nginx is not installed.")
    return nginx


@pytest.mark.parametrize("tls", [False, True], ids=["plain", "tls"])
def test_nginx_accepts_it(settings, sections, tmp_path, tls):
    nginx = nginx_or_skip()
    settings.MIRROR_ROOT = str(tmp_path / "mirror")
    host = Host(listen="127.0.0.1:8089")
    if tls:
        if shutil.which("openssl") is None:
            pytest.skip("openssl is not installed (it makes the test's certificate).")
        certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(  # noqa: S603
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(certificate)],
            capture_output=True,
            check=True,
        )
        host = Host(
            listen="127.0.0.1:8443 ssl,127.0.0.1:8089",
            tls_certificate=str(certificate),
            tls_key=str(key),
        )
    conf = write_standalone(tmp_path, host)
    assert ("ssl_certificate " in (tmp_path / "portal.conf").read_text()) is tls
    result = subprocess.run(  # noqa: S603
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_policy_written_in_another_order_is_the_same_header(client, sections):
    """django-csp orders a policy's directives differently in each process: the home page
    stored in Redis by a worker and the report page answered by render_edge differed in
    that alone, and the by-address map that added made nginx -t fail."""
    page = client.get("/", secure=True)
    policy = page["Content-Security-Policy"]
    other = client.get("/", secure=True)
    other["Content-Security-Policy"] = "; ".join(reversed(policy.split("; ")))
    looser = client.get("/", secure=True)
    looser["Content-Security-Policy"] = policy.replace("object-src 'none'", "object-src *")

    assert other["Content-Security-Policy"] != policy
    assert same_header("Content-Security-Policy", page, other)
    assert not same_header("Content-Security-Policy", page, looser)
    assert not same_header("Referrer-Policy", page, {"Referrer-Policy": "strict-origin"})


def test_every_variable_the_headers_need_fits_nginx_s_default_hash_bucket():
    # Measured with Debian's nginx 1.22: a 47-character name fails `nginx -t` ("could not
    # build variables_hash, you should increase variables_hash_bucket_size: 64").
    for name in REPEATED_HEADERS:
        for variable in header_variables(name):
            assert len(variable.lstrip("$")) <= 46, variable


@pytest.mark.parametrize("run", [False, True])
def test_render_edge_without_a_mirror_folder_says_so_and_writes_nothing(
    settings, sections, tmp_path, monkeypatch, run
):
    """With --run it built a mirror in the current folder (MIRROR_ROOT "" read as "."),
    then failed; without, it failed with a traceback."""
    from django.core.management import CommandError, call_command

    settings.MIRROR_ROOT = ""
    monkeypatch.chdir(tmp_path)

    with pytest.raises(CommandError, match="Set MIRROR_ROOT"):
        call_command("render_edge", *(["--run"] if run else []))

    assert list(tmp_path.iterdir()) == []


def test_an_operator_s_mistake_is_one_line_not_a_traceback(settings, sections, tmp_path):
    """Found by a probe: each of these ended in a traceback."""
    from django.core.management import CommandError, call_command

    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    settings.MIRROR_ROOT = str(tmp_path / "mirror")

    with pytest.raises(CommandError, match="Port out of range"):
        call_command("render_edge", "--app-url", "http://127.0.0.1:99999")
    with pytest.raises(CommandError, match="1 or more"):
        call_command("render_edge", "--app-timeout", "0")
    with pytest.raises(CommandError, match="Not a directory"):
        call_command("build_mirror", "--root", str(a_file))


@pytest.mark.parametrize("command", ["render_edge", "build_mirror"])
def test_a_database_that_does_not_answer_is_named(tmp_path, command, db):
    """Found by a probe: render_edge logged a 500 for each page it asked for (1,650
    lines) and ended on "the home page answered 500"; build_mirror, a traceback."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/no-such-folder/db.sqlite3",
        "MIRROR_ROOT": str(tmp_path / "mirror"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", command],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "The database did not answer" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) <= 2


def test_nginx_killed_outright_starts_again(settings, sections, tmp_path):
    """Found by an operator's probe: nginx killed with SIGKILL (the OOM killer, a crash)
    left its backup server's socket file, and the next nginx could not start ("Address
    already in use") until someone deleted it. `render_edge --run` writes its files
    again before each start, and removes a socket no running nginx holds."""
    import signal
    import time

    from tests.serving.servers import fetch_or_none, free_port

    nginx = nginx_or_skip()
    settings.MIRROR_ROOT = str(tmp_path / "mirror")
    port = free_port()
    conf = write_standalone(tmp_path, Host(listen=f"127.0.0.1:{port}"))

    def start():
        process = subprocess.Popen(  # noqa: S603
            [nginx, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while fetch_or_none(f"http://127.0.0.1:{port}", "/healthz") is None:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.2)
        return process

    first = start()
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=20)
    deadline = time.monotonic() + 20
    while True:  # its worker too, a child of the master, gone
        try:
            os.killpg(first.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "nginx's worker outlived SIGKILL"
        time.sleep(0.1)
    assert (tmp_path / "unavailable.sock").exists()  # left behind
    write_standalone(tmp_path, Host(listen=f"127.0.0.1:{port}"))  # as --run does
    second = start()
    try:
        assert second.poll() is None
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)
