"""Where the time of a bare request goes (both caches off): `make profile-bare`.

Runs in one process, with production settings, the page cache and the kept data off,
against a SQLite database built as the benchmark builds it (demo content and
`--articles` articles in all; kept in `--workdir`, a folder of the project, and reused).
Each page is requested a few times first (templates compiled, connections open), then
timed and profiled over `--requests` requests with cProfile. The skeleton page of a fresh
`wagtail start` project is timed the same way, in a process of its own, so that each
row's time has its ratio to it; a page that does not exist gives the cost of what every
page carries around its content (header, navigation, threat level bar, footer). The time
of each function itself (not of what it calls) is summed by what it belongs to: the
database (its driver, the ORM), templates, image renditions, rich text and StreamField,
middleware, the rest of Django and Wagtail, and the project's own code.

cProfile slows everything it watches by about the same factor, so the shares are what to
read, not the milliseconds.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.run import PROFILE_HEADING, portal_env, prepare_portal, prepare_wagtail_skeleton
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
    "took to run the queries (their count is in the tables above), the time with what "
    "the page reads kept in the process but every template and fragment rendered (the "
    "least these templates cost with no reads at all) and the difference (what reading "
    "costs: queries, building models and blocks), the skeleton page's "
    "time divided by the row's (below 0.5, the row is dearer than twice the skeleton "
    "page), and where the time goes "
    "under cProfile, by each function's own time (parts under 1 % left out). Python's "
    "built-ins and standard library are mostly called by the ORM (copying querysets, "
    "binding expressions' arguments) and the templates.",
    "",
    "| articles | page | ms a request | ms in SQL | ms with its reads kept | ms reading "
    "| skeleton page / this | where the time goes |",
    "|---:|---|---:|---:|---:|---:|---:|---|",
]
# What every page carries around its content, measured on an address with no page (404).
NOT_FOUND = (
    "page not found (header, navigation, threat level bar, footer)",
    "/bench-no-such-page/",
)


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
    skeleton_ms = time_skeleton(args)
    sections = [
        profile_size(args, int(articles), skeleton_ms) for articles in args.articles.split(",")
    ]
    reference = (
        f"The skeleton page of a fresh `wagtail start` project, timed the same way: "
        f"{skeleton_ms:.1f} ms a request. With gunicorn in front (about 1 ms more for "
        "either), a bare row reaches half the skeleton page's requests/s in `make bench` "
        "where its time here is at most about twice the skeleton's plus 1 ms. The last row "
        "of each table, a page that does not exist, is what every page costs before its "
        "own content (the Site, the settings, the navigation, the threat level bar, the "
        "footer, the middleware), give or take the 1 ms or so of looking for a page "
        "and a redirect that a 404 adds: no page type can be much faster than it."
    )
    lines = [*HEADER[:3], "", reference, *HEADER[3:]]
    text = "\n".join([*lines, *(line for section in sections for line in section)]) + "\n"
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


def time_skeleton(args):
    """ms a request for the skeleton page of a fresh `wagtail start` project."""
    shutil.rmtree(args.workdir / "skeleton", ignore_errors=True)
    args.workdir.mkdir(parents=True, exist_ok=True)
    project, env = prepare_wagtail_skeleton(args.workdir)
    command = [sys.executable, "-m", "bench.profile_bare", "--skeleton", str(args.requests)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.exit(result.stderr)
    return float(result.stdout.split()[-1])


def time_requests(client, path, requests, status=200):
    """ms a request for `path`, after a few untimed requests (which must answer `status`)."""
    for _ in range(5):
        if (answered := client.get(path).status_code) != status:
            sys.exit(f"{path} answered {answered}")
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path)
    return (time.perf_counter() - started) * 1000 / requests


def profile_size(args, articles, skeleton_ms):
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
    command += ["--requests", str(args.requests), "--skeleton-ms", str(skeleton_ms), *args.paths]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return [line.replace("| n |", f"| {articles} |") for line in result.stdout.splitlines()]


def profile_pages(database, requests, paths, skeleton_ms):
    """Print a Markdown row per page: ms a request, ms in SQL, the skeleton page's ms
    against it, the shares by part."""
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
            "LOG_LEVEL": "ERROR",  # not a warning for each request of the missing page
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
    urls = {path: path for path in paths} or {**page_urls(), NOT_FOUND[0]: NOT_FOUND[1]}
    for name, path in urls.items():
        status = 404 if path == NOT_FOUND[1] else 200
        query_seconds = [0.0]

        def timed(execute, sql, params, many, context, spent=query_seconds):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - started

        with connection.execute_wrapper(timed):
            plain_ms = time_requests(client, path, requests, status)
        query_ms = query_seconds[0] * 1000 / requests
        kept_ms = time_with_reads_kept(client, path, requests, status)

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
        ratio = skeleton_ms / plain_ms
        print(
            f"| n | {name} | {plain_ms:.1f} | {query_ms:.1f} | {kept_ms:.1f} "
            f"| {plain_ms - kept_ms:.1f} | {ratio:.2f} | {parts} |"
        )


def time_with_reads_kept(client, path, requests, status):
    """ms a request for `path` with what it reads kept in the process (serving.process)
    but every template fragment rendered: what the page costs without its reads, the
    least a bare request could cost with these templates."""
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache

    from serving import forget_everything

    fragments = {alias: caches[alias] for alias in ("template_fragments", "listing_fragments")}
    settings.SERVING_KEEP_IN_PROCESS = True
    for alias in fragments:
        caches[alias] = DummyCache(alias, {})
    try:
        return time_requests(client, path, requests, status)
    finally:
        settings.SERVING_KEEP_IN_PROCESS = False
        for alias, cache in fragments.items():
            caches[alias] = cache
        forget_everything()


def time_skeleton_page(requests):
    """In the skeleton project's folder and environment: print its page's ms a request."""
    import django

    django.setup()
    from django.test import Client

    print(time_requests(Client(), "/", requests))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one = argparse.ArgumentParser()
        one.add_argument("--one", type=Path)
        one.add_argument("--requests", type=int)
        one.add_argument("--skeleton-ms", type=float)
        one.add_argument("paths", nargs="*")
        one_args = one.parse_args()
        profile_pages(one_args.one, one_args.requests, one_args.paths, one_args.skeleton_ms)
    elif sys.argv[1:2] == ["--skeleton"]:
        time_skeleton_page(int(sys.argv[2]))
    else:
        main()
