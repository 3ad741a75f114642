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
import sys
import time
from collections import defaultdict
from pathlib import Path

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


def part_of(filename):
    for label, fragments in PARTS:
        if any(fragment in filename for fragment in fragments):
            return label
    return "Python and other libraries"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".profile")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("paths", nargs="*", help="addresses (default: one per page type)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import prepare_portal

    args.workdir.mkdir(parents=True, exist_ok=True)
    database = args.workdir / f"portal-{args.articles}.sqlite3"
    if not database.exists():
        prepare_portal(args.workdir, args.articles, "")

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": "",
            "PAGE_CACHE_SECONDS": "0",
            "KEEP_IN_PROCESS": "false",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(args.workdir / "static"),
            "MEDIA_ROOT": str(args.workdir / "media"),
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.pages import page_urls

    client = Client(HTTP_HOST="localhost")
    for path in args.paths or page_urls().values():
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
            for _ in range(args.requests):
                client.get(path)
        plain_ms = (time.perf_counter() - started) * 1000 / args.requests
        query_ms = query_seconds[0] * 1000 / args.requests

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(path)
        profile.disable()
        shares = defaultdict(float)
        for (filename, _line, _name), row in pstats.Stats(profile).stats.items():
            shares[part_of(filename)] += row[2]  # the function's own time
        total = sum(shares.values())
        print(f"\n{path}: {plain_ms:.1f} ms a request unprofiled, {query_ms:.1f} ms in SQL")
        for label, seconds in sorted(shares.items(), key=lambda item: -item[1]):
            print(f"  {seconds / total:6.1%}  {label}")


if __name__ == "__main__":
    main()
