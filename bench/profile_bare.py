"""Where the time of a bare request goes (both caches off): `make profile-bare`.

Runs in one process, with production settings, the page cache and the kept data off,
against a SQLite database built as the benchmark builds it (demo content and
`--articles` articles in all; kept in `--workdir`, a folder of the project, and reused).
Each page is requested a few times first (templates compiled, connections open), then
profiled over `--requests` requests with cProfile. The time of each function itself
(not of what it calls) is summed by what it belongs to: the database (its driver, the
ORM), templates, image renditions, rich text and StreamField, middleware, the rest of
Django and Wagtail, and the project's own code.

cProfile slows everything it watches by about the same factor, so the shares are what to
read, not the milliseconds.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.run import PROFILE_HEADING, portal_env, prepare_portal
from reports.offline import throwaway_public_key

ROOT = Path(__file__).resolve().parent.parent

# (label, path fragments of a function's file); the first that matches wins.
PARTS = [
    ("database: driver", ("sqlite3", "psycopg")),
    ("database: Django ORM", ("django/db/",)),
    ("templates: Django engine", ("django/template/", "django/templatetags/")),
    ("image renditions", ("wagtail/images/", "willow/", "PIL/")),
    ("rich text and StreamField", ("wagtail/rich_text", "wagtail/blocks/", "wagtail/fields")),
    ("middleware", ("middleware", "axes/", "django_otp/", "csp")),
    ("Wagtail: other", ("wagtail/",)),
    ("Django: other", ("django/",)),
    ("project code", tuple(f"{ROOT}/{app}/" for app in os.listdir(ROOT) if (ROOT / app).is_dir())),
]


HEADER = [
    PROFILE_HEADING,
    "",
    "Written by `make profile-bare` (bench/profile_bare.py): one process, production "
    "settings, SQLite, the page cache and the kept data both off, the Django test client "
    "(no gunicorn, no network). Per request: the time unprofiled, the time the database "
    "took to run the queries (their count is in the tables above), and where the time goes "
    "under cProfile, by each function's own time (parts under 1 % left out). Python's "
    "built-ins and standard library are mostly called by the ORM (copying querysets, "
    "binding expressions' arguments) and the templates.",
    "",
    "| articles | page | ms a request | ms in SQL | where the time goes |",
    "|---:|---|---:|---:|---|",
]


def part_of(filename, name):
    if filename == "~":  # a function written in C: name it by what it is
        if any(word in name for word in ("sqlite3", "psycopg", "Cursor", "fetch")):
            return "database: driver"
        return "Python built-ins (getattr, isinstance…)"
    for label, fragments in PARTS:
        if any(fragment in filename for fragment in fragments):
            return label
    if "/lib/python3" in filename and "site-packages" not in filename:
        return "Python standard library (copy, inspect…)"
    return "other libraries"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / ".profile")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--articles", default="10,10000", help="article counts to profile")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("paths", nargs="*", help="addresses (default: one per page type)")
    args = parser.parse_args()
    sections = [profile_size(args, int(articles)) for articles in args.articles.split(",")]
    text = "\n".join([*HEADER, *(line for section in sections for line in section)]) + "\n"
    print(text)
    keep_section(args.output, text)


def keep_section(output, section):
    """Put `section` in place of the one in `output`, or at the end (bench.run keeps it
    when it rewrites the rest); the sections after it (make lighthouse's) stay."""
    before = output.read_text() if output.exists() else ""
    after = ""
    if PROFILE_HEADING in before:
        start = before.index(PROFILE_HEADING)
        following = before.find("\n## ", start + len(PROFILE_HEADING))
        after = before[following + 1 :] if following != -1 else ""
        before = before[:start]
    text = before.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    output.write_text(text + ("\n" + after if after else ""))


def profile_size(args, articles):
    """Markdown rows for every page at `articles` articles (each in a process of its own,
    as Django is set up once per process)."""
    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.workdir / f"portal-{articles}.sqlite3"
    if database.exists():  # made by an earlier run: brought up to date
        env = portal_env(args.workdir, database, 0, "")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )  # noqa: S603
    else:
        prepare_portal(args.workdir, articles, "")
    command = [sys.executable, "-m", "bench.profile_bare", "--one", str(database)]
    command += ["--requests", str(args.requests), *args.paths]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return [line.replace("| n |", f"| {articles} |") for line in result.stdout.splitlines()]


def profile_pages(database, requests, paths):
    """Print a Markdown row per page: ms a request, ms in SQL, the shares by part."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost",
            "WAGTAILADMIN_BASE_URL": "http://localhost",
            "REPORTS_PUBLIC_KEY": throwaway_public_key(),
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": "",
            "PAGE_CACHE_SECONDS": "0",
            "KEEP_IN_PROCESS": "false",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(database.parent / "static"),
            "MEDIA_ROOT": str(database.parent / "media"),
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.pages import page_urls

    client = Client(HTTP_HOST="localhost")
    urls = {path: path for path in paths} or page_urls()
    for name, path in urls.items():
        for _ in range(5):
            if (status := client.get(path).status_code) != 200:
                sys.exit(f"{path} answered {status}")
        query_seconds = [0.0]

        def timed(execute, sql, params, many, context, spent=query_seconds):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - started

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            for _ in range(requests):
                client.get(path)
        plain_ms = (time.perf_counter() - started) * 1000 / requests
        query_ms = query_seconds[0] * 1000 / requests

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            client.get(path)
        profile.disable()
        shares = defaultdict(float)
        for (filename, _line, function), row in pstats.Stats(profile).stats.items():
            shares[part_of(filename, function)] += row[2]  # the function's own time
        total = sum(shares.values())
        parts = " · ".join(
            f"{label} {seconds / total:.0%}"
            for label, seconds in sorted(shares.items(), key=lambda item: -item[1])
            if seconds / total >= 0.01
        )
        print(f"| n | {name} | {plain_ms:.1f} | {query_ms:.1f} | {parts} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one = argparse.ArgumentParser()
        one.add_argument("--one", type=Path)
        one.add_argument("--requests", type=int)
        one.add_argument("paths", nargs="*")
        one_args = one.parse_args()
        profile_pages(one_args.one, one_args.requests, one_args.paths)
    else:
        main()
