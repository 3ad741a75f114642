"""PostgreSQL unreachable: what the cache holds is still served, everything else is a 503
with Retry-After (never a 500), and the site recovers by itself.

Two gunicorn servers reach a database of this test's own through a TCP proxy the test
cuts and restores; they share a Redis of the test's own. Runs in the PostgreSQL job.
"""

import json
import os
import re
import time
import urllib.parse
import uuid

import psycopg2
import pytest

from tests.serving.servers import (
    Deployment,
    TcpProxy,
    fetch,
    redis_server_or_skip,
    wait_for,
)

pytestmark = pytest.mark.database_faults

DATABASE_URL = os.environ.get("DATABASE_URL", "")
WARMED = ("/", "/careers/", "/threat-levels/")
NOT_WARMED = "/privacy-and-cookies/"
SAME_SITE = {"Origin": "http://localhost"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def run_on_server(url, sql):
    """Run one statement on the PostgreSQL server (outside any transaction)."""
    parts = urllib.parse.urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not DATABASE_URL.startswith("postgres"):
        pytest.skip("Needs PostgreSQL (DATABASE_URL): run with `make test-postgres`.")
    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = f"portal_faults_{uuid.uuid4().hex[:12]}"
    run_on_server(DATABASE_URL, f'CREATE DATABASE "{name}"')
    root = tmp_path_factory.mktemp("database-down")
    redis = redis_server_or_skip(root)
    proxy = TcpProxy(parts.port or 5432)
    user = parts.username or "postgres"
    direct = f"postgres://{user}@{parts.hostname}:{parts.port or 5432}/{name}"
    deployment = Deployment(
        root,
        redis_url=redis.url,
        database_url=f"postgres://{user}@127.0.0.1:{proxy.port}/{name}",
        PAGE_CACHE_SECONDS="300",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    deployment.proxy = proxy
    deployment.redis = redis
    deployment.direct = direct
    try:
        deployment.set_up(env={"DATABASE_URL": direct})
        deployment.statement = int(
            deployment.run_python(
                "from quiz.models import FactOrFiction as F; print(F.objects.first().pk)",
                env={"DATABASE_URL": direct},
            )
            .strip()
            .splitlines()[-1]
        )
        deployment.start()
        yield deployment
    finally:
        deployment.stop()
        proxy.close()
        redis.stop()
        run_on_server(DATABASE_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def answer_quiz(site, url, headers=None):
    body = urllib.parse.urlencode(
        {"statement": site.statement, "answer": "fact", "next": "/"}
    ).encode()
    return fetch(
        url, "/quiz/answer/", method="POST", data=body, headers={**SAME_SITE, **FORM, **headers}
    )


def send_report(url, token, what):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"what": what, "token": token, "website_address": ""})
    return fetch(
        url,
        "/report/send/",
        method="POST",
        data=body,
        headers={**SAME_SITE, "Content-Type": MULTIPART_CONTENT},
    )


def test_cached_pages_stay_up_and_the_rest_is_a_503_until_the_database_is_back(site):
    for _round in range(2):
        for path in WARMED:
            assert all(status == 200 for status, _h, _b in site.everywhere(path))
    report_page = fetch(site.urls[0], "/report-information/")[2]
    token = re.search(r'name="token" value="([^"]+)"', report_page).group(1)
    time.sleep(3.5)  # past the form's minimum time to fill it in

    site.proxy.cut()
    try:
        for url in site.urls:
            for path in WARMED:
                status, headers, _body = fetch(url, path)
                assert (status, headers["X-Page-Cache"]) == (200, "hit"), (url, path)

            for method, path, extra in (
                ("GET", NOT_WARMED, {}),
                ("GET", f"/quiz/result/{site.statement}/?answer=fact&next=/", {}),
                ("GET", "/admin/login/", {}),
                ("GET", "/search/?q=cyber", {}),
            ):
                status, headers, body = fetch(url, path, method=method, headers=extra)
                assert status == 503, (url, path, status)
                assert int(headers["Retry-After"]) > 0
                assert "Sorry, there is a problem with the service" in body
                assert (
                    "no-store" in headers["Cache-Control"]
                    or "max-age=0" in headers["Cache-Control"]
                )

            status, headers, body = answer_quiz(site, url, {})
            assert status == 503 and int(headers["Retry-After"]) > 0
            assert "Sorry, there is a problem with the service" in body
            status, headers, body = answer_quiz(site, url, {"Accept": "application/json"})
            assert status == 503 and int(headers["Retry-After"]) > 0
            assert json.loads(body)["error"] == "unavailable"

            status, _headers, body = fetch(url, "/healthz")
            assert status == 503
            assert json.loads(body)["database"] == "error"

            # A report is not received, and the page keeps what was typed.
            status, headers, body = send_report(url, token, "Seen while the database was down.")
            assert status == 503 and int(headers["Retry-After"]) > 0
            assert "Seen while the database was down.</textarea>" in body
            assert 'href="tel:0800789321"' in body  # the numbers from the fallback settings
            assert headers["Cache-Control"] == "no-store"
    finally:
        site.proxy.restore()

    # Back without a restart: every server answers from the database again.
    for url in site.urls:
        wait_for(lambda url=url: fetch(url, "/healthz")[0] == 200, seconds=60, what="recovery")
        assert fetch(url, NOT_WARMED)[0] == 200
        status, headers, _body = answer_quiz(site, url, {})
        assert status == 303, status
        status, _headers, body = send_report(url, token, "Sent again once it was back.")
        assert status == 200 and "confirmation-panel__reference" in body


def test_with_redis_and_the_database_both_gone_nothing_kept_is_served(site):
    """The rule when a worker cannot confirm the generation: after
    SERVING_UNCONFIRMED_SECONDS (2 s) it uses nothing it kept; every page is a 503 until
    the database is back, however much each worker had kept."""
    for _round in range(2):
        for path in WARMED:
            assert all(status == 200 for status, _h, _b in site.everywhere(path))

    site.redis.kill()
    site.proxy.cut()
    try:
        time.sleep(3)
        for path in WARMED:
            for status, headers, _body in site.everywhere(path):
                assert status == 503, path
                assert int(headers["Retry-After"]) > 0
    finally:
        site.proxy.restore()
        site.redis.start()

    for url in site.urls:
        wait_for(lambda url=url: fetch(url, "/")[0] == 200, seconds=60, what="recovery")


CHANGE_THEN_LOSE_THE_DATABASE = """
import os, time
from django.db import connection, transaction
from threats.models import ThreatLevelSettings

def database_gone():
    # Before anything the commit sets off: the test cuts the servers' database, and this
    # process loses its own.
    open({committed!r}, "w").close()
    while not os.path.exists({cut!r}):
        time.sleep(0.02)
    connection.close()
    connection.settings_dict["PORT"] = {closed_port}

with transaction.atomic():
    transaction.on_commit(database_gone)
    ThreatLevelSettings.load().change("national", "SEVERE")
"""


def test_a_level_changed_just_before_the_database_goes_is_never_shown_as_it_was(site, tmp_path):
    """Found by a probe: the new generation was read back from the database before it was
    announced, so a database gone just after the commit left it unannounced, and every
    worker confirmed the one before it from Redis, serving the old level for as long as
    the database stayed away. Now each page shows the new level, or is a 503."""
    import threading

    from tests.serving.servers import free_port
    from tests.serving.test_faults import national_level_shown

    paths = [*WARMED, "/api/threat-level.json"]
    for _round in range(2):
        for path in paths:
            assert all(status == 200 for status, _h, _b in site.everywhere(path))
    before = national_level_shown("/", site.everywhere("/")[0][2])
    assert before != "SEVERE"
    committed, cut = tmp_path / "committed", tmp_path / "cut"
    code = CHANGE_THEN_LOSE_THE_DATABASE.format(
        committed=str(committed), cut=str(cut), closed_port=free_port()
    )
    change = threading.Thread(
        target=site.run_python, args=(code,), kwargs={"env": {"DATABASE_URL": site.direct}}
    )
    change.start()
    try:
        wait_for(committed.exists, seconds=60, what="the change's commit")
        site.proxy.cut()
        cut.touch()
        change.join(timeout=120)
        deadline = time.monotonic() + 4  # past SERVING_UNCONFIRMED_SECONDS
        while time.monotonic() < deadline:
            for path in paths:
                for url, (status, _h, body) in zip(site.urls, site.everywhere(path), strict=True):
                    shown = national_level_shown(path, body) if status == 200 else None
                    assert status == 503 or shown == "SEVERE", (url, path, status, shown)
    finally:
        site.proxy.restore()
        change.join(timeout=120)

    for url in site.urls:
        wait_for(lambda url=url: fetch(url, "/")[0] == 200, seconds=60, what="recovery")
        assert national_level_shown("/", fetch(url, "/")[2]) == "SEVERE"
