"""SQLite copes with editors saving at the same moment.

An editor's autosave and their "Publish" reach the server in the same second; with
SQLite's defaults the second writer failed at once with "database is locked" (a 500).
The settings open SQLite in WAL mode with a busy timeout and IMMEDIATE transactions, so
writers wait their turn. Tested with processes of their own against a SQLite file, as
gunicorn workers share it: an in-memory test database has one connection and proves
nothing here.
"""

import json
import os
import shutil
import subprocess
import sys
import time

import dj_database_url
import pytest

from tests.serving.servers import PROJECT_ROOT, _sqlite_site

WRITERS = 4
WRITE_SECONDS = 2

on_sqlite_only = pytest.mark.skipif(
    dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")["ENGINE"]
    != "django.db.backends.sqlite3",
    reason="SQLite's database-wide write lock: a suite on PostgreSQL does not use SQLite",
)

# One writer process: once every writer is ready, it saves revisions of the same page
# (an autosave) or saves and publishes them (the publish button) for WRITE_SECONDS, each
# as a request would, and prints what it did and every database error it met.
WRITER = """
import json, os, sys, time
import django

django.setup()
from django.db import DatabaseError
from core.models import StandardPage

number, page_pk, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
publishes = number % 2 == 1
open(os.path.join(folder, f"ready-{number}"), "w").close()
while not os.path.exists(os.path.join(folder, "go")):
    time.sleep(0.005)
stop = time.monotonic() + float(os.environ["WRITE_SECONDS"])
saved, errors = 0, []
while time.monotonic() < stop:
    page = StandardPage.objects.get(pk=page_pk)
    page.summary = f"Writer {number}, save {saved}."
    try:
        revision = page.save_revision()
        if publishes:
            revision.publish()
        saved += 1
    except DatabaseError as error:
        errors.append(repr(error))
print(json.dumps({"saved": saved, "errors": errors}))
"""


def environment(database, settings_module="portal.settings.dev", **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="WARNING",
        REDIS_URL="",
        **extra,
    )
    return env


def python(code, env, *args):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *map(str, args)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def site_database(tmp_path):
    """A migrated SQLite file with the demo content (built once per test run)."""
    database = tmp_path / "portal.sqlite3"
    shutil.copy(_sqlite_site(tmp_path) / "portal.sqlite3", database)
    return database


def revision_count(env, page_pk):
    return int(
        python(
            "import django, sys; django.setup(); from wagtail.models import Page; "
            "print(Page.objects.get(pk=int(sys.argv[1])).revisions.count())",
            env,
            page_pk,
        )
    )


@on_sqlite_only
def test_editors_saving_at_the_same_moment_all_succeed(site_database, tmp_path):
    env = environment(site_database, WRITE_SECONDS=str(WRITE_SECONDS))
    page_pk = int(
        python(
            "import django; django.setup(); from core.models import StandardPage; "
            "print(StandardPage.objects.live().order_by('path').first().pk)",
            env,
        )
    )
    before = revision_count(env, page_pk)

    writers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WRITER, str(number), str(page_pk), str(tmp_path)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(WRITERS)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < WRITERS:
        assert time.monotonic() < deadline, "the writers did not start"
        assert all(writer.poll() is None for writer in writers), writers[0].communicate()
        time.sleep(0.05)
    (tmp_path / "go").touch()
    outputs = [writer.communicate(timeout=120) for writer in writers]

    results = []
    for writer, (stdout, stderr) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, stderr
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    assert [result["errors"] for result in results] == [[]] * WRITERS
    # Every writer got its turn, and every revision it saved is there.
    assert all(result["saved"] > 0 for result in results)
    assert revision_count(env, page_pk) == before + sum(r["saved"] for r in results)


SHOW_CONNECTION = (
    "import json, django; django.setup(); "
    "from django.conf import settings; from django.db import connection; "
    "cursor = connection.cursor(); "
    "pragma = lambda name: cursor.execute(f'PRAGMA {name}').fetchone()[0]; "
    "print(json.dumps({'options': settings.DATABASES['default'].get('OPTIONS', {}), "
    "'journal_mode': pragma('journal_mode'), 'synchronous': pragma('synchronous'), "
    "'busy_timeout': pragma('busy_timeout'), 'mode': connection.transaction_mode}))"
)


@pytest.mark.parametrize(
    ("settings_module", "extra"),
    [
        ("portal.settings.dev", {}),
        (
            "portal.settings.production",
            {
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "localhost",
                "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
                "REPORTS_PUBLIC_KEY": "hlQrbSRnl8bakY8mhqI7MeNv6KARAFT045Es/K/dOzE=",
            },
        ),
    ],
)
def test_a_sqlite_file_is_opened_for_several_writers(tmp_path, settings_module, extra):
    env = environment(tmp_path / "new.sqlite3", settings_module, **extra)

    shown = json.loads(python(SHOW_CONNECTION, env))

    assert shown["options"]["transaction_mode"] == shown["mode"] == "IMMEDIATE"
    assert shown["options"]["timeout"] >= 5
    assert shown["busy_timeout"] == shown["options"]["timeout"] * 1000
    assert shown["journal_mode"] == "wal"
    assert shown["synchronous"] == 1  # NORMAL: safe in WAL mode, one fsync a checkpoint


def test_postgresql_is_left_its_own_options(tmp_path):
    env = environment(tmp_path / "unused.sqlite3")
    env["DATABASE_URL"] = "postgres://portal@db.invalid:5432/portal"

    options = json.loads(
        python(
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.DATABASES['default']['OPTIONS']))",
            env,
        )
    )

    assert "transaction_mode" not in options
    assert "init_command" not in options
    assert options["connect_timeout"] == 3
