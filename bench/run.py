"""`make bench`: load each public page type with wrk against gunicorn on loopback.

For a small site (10 articles) and a large one (10,000): every page type bare (nothing
kept anywhere), uncached (the page cache off) and cached, with requests/s, p50, p99,
non-2xx responses and queries per page (cold, in a freshly started worker after a purge,
and warm); a few page types uncached with Redis
hung and with Redis stopped; the same page types through nginx (deploy/nginx), cached
and uncached; and, per page type, how long a change of the threat level takes to show
on two servers. Then the same gunicorn settings serving two references: a
one-view Django app and the skeleton page of a fresh `wagtail start` project. Every
throughput row is the median of `--runs` wrk runs. Results go to docs/performance.md.

The benchmark starts a redis-server of its own (it hangs and stops it on purpose).
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from reports.offline import throwaway_public_key

from . import edge, threat_change
from .edge import Edge
from .redis_server import RedisServer
from .servers import PYTHON, ROOT, Server, run

WAGTAIL = str(Path(PYTHON).with_name("wagtail"))
# The rows with Redis hung or stopped are measured for these page types only: each
# would take as long as a healthy row, and these cover the home page, an article, a
# listing and a page of the careers section.
FAULT_PAGES = ("home", "article", "role profile", "careers index")
# The rows through nginx: the same page types, and their aims (cached: against nginx
# serving a static file; uncached: against the same page straight from gunicorn).
EDGE_PAGES = ("home", "article", "careers index", "role profile")
EDGE_AIMS = {"cached": 0.5, "uncached": 0.9}
# The aim for the queries of a cold request.
COLD_QUERY_BUDGET = 12
# The aims for each mode's ratio (cached: to the one-view Django app; the others: to the
# Wagtail skeleton page).
AIMS = {"bare": 0.5, "uncached": 1.0, "cached": 0.5}


# A different search on every request, so that none finds results kept from an earlier
# one: each thread numbers its own. The site's search matches any word, so each finds
# what "security" alone would.
NEW_SEARCH_EACH_TIME = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  count = 0
end
function request()
  count = count + 1
  return wrk.format("GET", "/search/?q=security+bench" .. id .. "x" .. count)
end
"""


def wrk(url, seconds, connections, script=None):
    extra = ["-s", script] if script else []
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Host: localhost",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    # Connections refused or closed without an answer, as nginx closes them for a host it
    # does not serve; wrk prints the line only when there were some.
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": rps,
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": sum(int(count) for count in errors.groups()) if errors else 0,
    }


def latency(output, percentile):
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def portal_env(workdir, database, cache_seconds, redis_url, keep_in_process=True):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://localhost",
        "REPORTS_PUBLIC_KEY": throwaway_public_key(),
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{database}",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex}",
        "PAGE_CACHE_SECONDS": str(cache_seconds),
        "KEEP_IN_PROCESS": "true" if keep_in_process else "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def output_of(args, env):
    """The last line a command printed."""
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def prepare_portal(workdir, articles, redis_url):
    database = workdir / f"portal-{articles}.sqlite3"
    env = portal_env(workdir, database, 0, redis_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo_content", "-v0"], env)
    count = "from news.models import NewsArticlePage as A; print(A.objects.count())"
    existing = int(output_of([PYTHON, "manage.py", "shell", "-c", count], env))
    if articles > existing:
        run(
            [PYTHON, "manage.py", "load_demo_content", "--bulk", str(articles - existing), "-v0"],
            env,
        )
    pages = json.loads(output_of([PYTHON, "-m", "bench.pages"], env))
    return database, pages


def prepare_wagtail_skeleton(workdir):
    project = workdir / "skeleton"
    project.mkdir()
    run([WAGTAIL, "start", "skeleton", str(project)], os.environ)
    (project / "skeleton" / "settings" / "bench.py").write_text(
        "from .base import *  # noqa\n"
        "DEBUG = False\n"
        f"SECRET_KEY = {secrets.token_urlsafe(50)!r}\n"
        "ALLOWED_HOSTS = ['*']\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skeleton.settings.bench",
        # The project's folder too: gunicorn.conf.py, shared by both, names its logger.
        "PYTHONPATH": os.pathsep.join([str(project), str(ROOT)]),
    }
    env.pop("DATABASE_URL", None)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=project)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, cwd=project)
    return project, env


def warm_up(url, requests=20):
    """A few requests first, so that each worker has met the page before it is timed."""
    request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
    for _ in range(requests):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                response.read()
        except OSError:
            pass  # a 404 or the like shows in wrk's count of non-2xx responses


def measure(url, seconds, connections, runs, script=None):
    """`runs` wrk runs one after the other: the median run's requests/s, p50 and p99
    (the lower of the middle two for an even number), every run's requests/s, and the
    non-2xx responses and socket errors of all of them."""
    warm_up(url)
    results = sorted(
        (wrk(url, seconds, connections, script=script) for _ in range(runs)),
        key=lambda result: result["rps"],
    )
    median = results[(len(results) - 1) // 2]
    return {
        **median,
        "all_rps": [result["rps"] for result in results],
        "non_2xx": sum(result["non_2xx"] for result in results),
        "errors": sum(result["errors"] for result in results),
    }


def measure_references(project, skeleton_env, seconds, connections, runs):
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50)}
    with Server("bench.reference_app:application", env) as server:
        django_app = measure(server.url + "/", seconds, connections, runs)
    with Server("skeleton.wsgi:application", skeleton_env, cwd=project) as server:
        skeleton = measure(server.url + "/", seconds, connections, runs)
    return django_app, skeleton


def mean_of(before, after):
    """The two measurements of a reference, and their mean, which the ratios use."""
    return {
        "before": before["rps"],
        "after": after["rps"],
        **{key: (before[key] + after[key]) / 2 for key in ("rps", "p50", "p99")},
    }


def measure_pages(workdir, database, pages, count, redis, seconds, connections, runs):
    """Every page type bare (nothing kept anywhere), uncached (the page cache off, what
    pages are built from kept in each process), then every cacheable one cached; Redis
    healthy."""
    rows = []
    modes = ((0, False, "bare"), (0, True, "uncached"), (300, True, "cached"))
    for cache_seconds, keep, mode in modes:
        env = portal_env(workdir, database, cache_seconds, redis.url, keep_in_process=keep)
        with Server("portal.wsgi:application", env) as server:
            for name, page in pages.items():
                if mode == "cached" and not page["cacheable"]:
                    continue
                figures = measure(server.url + page["url"], seconds, connections, runs)
                rows.append(
                    {
                        "articles": count,
                        "page": name,
                        "mode": mode,
                        "cold": page["bare"] if mode == "bare" else page["queries"],
                        "warm": page["bare"] if mode == "bare" else page["warm"],
                        "status": page["status"],
                        **figures,
                    }
                )
            search = pages.get("search results")
            if mode != "cached" and search:
                script = workdir / "new-search.lua"
                script.write_text(NEW_SEARCH_EACH_TIME)
                figures = measure(server.url + "/", seconds, connections, runs, str(script))
                rows.append(
                    {
                        "articles": count,
                        "page": "search results, a new search each time",
                        "mode": mode,
                        "cold": search["bare"] if mode == "bare" else search["queries"],
                        "warm": search["bare"] if mode == "bare" else search["queries"],
                        "status": search["status"],
                        **figures,
                    }
                )
    return rows


def measure_redis_faults(workdir, database, pages, count, seconds, connections, runs):
    """A few page types uncached while Redis is hung (SIGSTOP: connections open, no
    answer), then while it is stopped (connections refused). Each fault has a Redis of
    its own, started healthy so that the workers have used it before it fails."""
    rows = []
    for fault in ("hung", "stopped"):
        with RedisServer(workdir) as redis:
            env = portal_env(workdir, database, 0, redis.url)
            with Server("portal.wsgi:application", env) as server:
                names = [name for name in FAULT_PAGES if name in pages]
                for name in names:
                    warm_up(server.url + pages[name]["url"])
                if fault == "hung":
                    redis.hang()
                else:
                    redis.stop()
                for name in names:
                    figures = measure(server.url + pages[name]["url"], seconds, connections, runs)
                    rows.append({"articles": count, "page": name, "redis": fault, **figures})
    return rows


def measure_edge(workdir, database, pages, count, redis, seconds, connections, runs):
    """A few page types through nginx (bench.edge) in front of gunicorn: cached, against
    the same nginx serving a static file (measured before the pages and again after
    them: the ratios use the mean), and uncached, against the same page straight from
    gunicorn, measured just before it. After the timed runs of each page, one more run
    counts nginx's cache status of every answer."""
    started = time.monotonic()
    script = workdir / "edge-cache-status.lua"
    script.write_text(edge.COUNT_CACHE_STATUS)
    names = [name for name in EDGE_PAGES if name in pages]
    static, rows = None, []
    for cache_seconds, mode in ((300, "cached"), (0, "uncached")):
        env = portal_env(workdir, database, cache_seconds, redis.url)
        folder = workdir / f"edge-{count}-{mode}"
        with (
            Server("portal.wsgi:application", env) as server,
            Edge(server.url, env, folder) as nginx,
        ):
            if mode == "cached":
                path = nginx.stylesheet()
                before = measure(nginx.url + path, seconds, connections, runs)
            for name in names:
                url = pages[name]["url"]
                direct = None
                if mode == "uncached":
                    direct = measure(server.url + url, seconds, connections, runs)
                figures = measure(nginx.url + url, seconds, connections, runs)
                statuses = nginx.cache_statuses(url, seconds, connections, script)
                row = {"articles": count, "page": name, "mode": mode, "direct": direct}
                rows.append({**row, **figures, "edge_cache": statuses})
            if mode == "cached":
                after = measure(nginx.url + path, seconds, connections, runs)
                static = {
                    "path": path,
                    **mean_of(before, after),
                    "non_2xx": before["non_2xx"] + after["non_2xx"],
                    "errors": before["errors"] + after["errors"],
                }
    return {"static": static, "rows": rows, "seconds": time.monotonic() - started}


def measure_portal(workdir, articles, redis, seconds, connections, runs):
    database, pages = prepare_portal(workdir, articles, redis.url)
    count = pages.pop("_articles")
    rows = measure_pages(workdir, database, pages, count, redis, seconds, connections, runs)
    faults = measure_redis_faults(workdir, database, pages, count, seconds, connections, runs)
    through_nginx = measure_edge(workdir, database, pages, count, redis, seconds, connections, runs)
    # Last: it changes the threat level the pages show.
    env = portal_env(workdir, database, 300, redis.url)
    changes = threat_change.measure(env, redis, pages, runs)
    return {
        "articles": count,
        "rows": rows,
        "faults": faults,
        "edge": through_nginx,
        "changes": changes,
    }


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def reference_line(name, figures):
    return (
        f"- {name}: {figures['rps']:.0f} requests/s ({figures['before']:.0f} before, "
        f"{figures['after']:.0f} after; p50 {figures['p50']:.1f} ms, p99 {figures['p99']:.1f} ms)"
    )


def spread(row):
    """The lowest and highest requests/s of a row's runs."""
    return f"{min(row['all_rps']):.0f}–{max(row['all_rps']):.0f}"


def throughput_table(sizes, django_app, skeleton):
    lines = [
        "| articles | page | mode | queries (cold / warm) | requests/s | runs (min–max) | "
        "p50 ms | p99 ms | non-2xx | ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        for row in size["rows"]:
            reference = django_app if row["mode"] == "cached" else skeleton
            over = " ⚠" if row["mode"] != "bare" and row["cold"] > COLD_QUERY_BUDGET else ""
            ratio = row["rps"] / reference["rps"]
            below = " ⚠" if ratio < AIMS[row["mode"]] else ""
            lines.append(
                f"| {row['articles']} | {row['page']} | {row['mode']} | "
                f"{row['cold']}{over} / {row['warm']} | {row['rps']:.0f} | {spread(row)} | "
                f"{row['p50']:.1f} | {row['p99']:.1f} | {row['non_2xx']} | "
                f"{ratio:.2f}{below} |"
            )
    return lines


def cold_query_findings(sizes):
    """Sentences on the cold counts: over the budget, or different between sizes."""
    over = [
        f"{row['page']} at {row['articles']} articles ({row['cold']})"
        for size in sizes
        for row in size["rows"]
        if row["mode"] == "uncached" and row["cold"] > COLD_QUERY_BUDGET
    ]
    counts = {}
    for size in sizes:
        for row in size["rows"]:
            if row["mode"] == "uncached":
                counts.setdefault(row["page"], {})[size["articles"]] = row["cold"]
    varying = [
        f"{page} ({', '.join(f'{n} at {articles}' for articles, n in by_size.items())})"
        for page, by_size in counts.items()
        if len(set(by_size.values())) > 1
    ]
    lines = []
    if over:
        lines.append(f"Cold counts above {COLD_QUERY_BUDGET} (⚠): {'; '.join(over)}.")
    else:
        lines.append(f"Every cold count is at most {COLD_QUERY_BUDGET}.")
    if len(sizes) > 1:
        if varying:
            lines.append(
                f"Cold counts that differ with the number of articles: {'; '.join(varying)}."
            )
        else:
            lines.append("Every cold count is the same at each number of articles.")
    return " ".join(lines)


def fault_table(sizes):
    lines = [
        "| articles | page | Redis | requests/s | runs (min–max) | p50 ms | p99 ms | non-2xx | "
        "ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        healthy = {row["page"]: row for row in size["rows"] if row["mode"] == "uncached"}
        for row in size["faults"]:
            ratio = row["rps"] / healthy[row["page"]]["rps"]
            below = " ⚠" if ratio < 0.5 else ""
            lines.append(
                f"| {row['articles']} | {row['page']} | {row['redis']} | {row['rps']:.0f} | "
                f"{spread(row)} | {row['p50']:.1f} | {row['p99']:.1f} | {row['non_2xx']} | "
                f"{ratio:.2f}{below} |"
            )
    return lines


def cache_statuses_text(counts):
    return ", ".join(f"{value} {count}" for value, count in counts.items()) or "none"


def edge_table(sizes):
    lines = [
        "| articles | page | mode | requests/s | runs (min–max) | p50 ms | p99 ms | non-2xx | "
        "socket errors | X-Edge-Cache (one more run) | compared with | its requests/s | ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for size in sizes:
        static = size["edge"]["static"]
        lines.append(
            f"| {size['articles']} | static file `{static['path']}` | — | {static['rps']:.0f} | "
            f"{static['before']:.0f} before, {static['after']:.0f} after | "
            f"{static['p50']:.1f} | {static['p99']:.1f} | {static['non_2xx']} | "
            f"{static['errors']} | — | — | — | — |"
        )
        for row in size["edge"]["rows"]:
            if row["mode"] == "cached":
                compared, reference = "static file", static["rps"]
            else:
                compared, reference = "gunicorn directly", row["direct"]["rps"]
            ratio = row["rps"] / reference
            below = " ⚠" if ratio < EDGE_AIMS[row["mode"]] else ""
            lines.append(
                f"| {row['articles']} | {row['page']} | {row['mode']} | {row['rps']:.0f} | "
                f"{spread(row)} | {row['p50']:.1f} | {row['p99']:.1f} | {row['non_2xx']} | "
                f"{row['errors']} | {cache_statuses_text(row['edge_cache'])} | {compared} | "
                f"{reference:.0f} | {ratio:.2f}{below} |"
            )
    return lines


def edge_section(sizes, seconds, runs):
    took = "; ".join(
        f"{size['edge']['seconds'] / 60:.1f} min at {size['articles']} articles" for size in sizes
    )
    return [
        "## Through nginx",
        "",
        "nginx in front of the same gunicorn (2 sync workers), with the configuration "
        "production has: deploy/nginx/portal.conf, rendered and run by `manage.py "
        "render_edge --run` (nginx on its own: one worker process, access log on, "
        "`X-Forwarded-Proto: $scheme`). wrk as above, sending `Host: localhost`, a "
        "host nginx serves (it closes the connection on any other, which wrk would count "
        f"as socket errors). Each row: the median of {runs} runs of {seconds} s.",
        "",
        "Cached: the page cache on (`PAGE_CACHE_SECONDS=300`), so the app marks each page "
        "`X-Accel-Expires: 1` and nginx's micro-cache keeps it a second or two (nginx "
        "counts whole seconds); ratio: "
        "requests/s of the page through nginx against nginx serving a static file (the "
        "site's CSS, a collected file under /static/) through the same nginx, measured "
        "before the cached pages and again after them (the ratio uses the mean; aim ≥ 0.5). "
        "Uncached: the page cache off (`PAGE_CACHE_SECONDS=0`, what pages are built from "
        "kept in each process, as the uncached rows above), so nginx keeps nothing and "
        "passes every request to gunicorn (rendered without the micro-cache, as the app "
        "marks nothing: X-Edge-Cache `-`); ratio: requests/s of the page through nginx "
        "against the same page straight from gunicorn in the same mode, measured just "
        "before it (aim ≥ 0.9). ⚠ below the aim. X-Edge-Cache: how many answers of one "
        f"more run of {seconds} s (not timed: wrk reads every answer's headers) nginx "
        "marked HIT, EXPIRED (the copy had expired: the request went to the app, as did "
        "any arriving while it did), MISS (nothing kept). Time taken by these rows: "
        f"{took}.",
        "",
        *edge_table(sizes),
    ]


def seconds_text(seconds):
    if seconds is None:
        return f"not within {threat_change.GIVE_UP_SECONDS} s ⚠"
    return f"{seconds:.2f}"


def change_table(sizes):
    lines = [
        "| articles | page | Redis healthy: new level on both | old level last served | "
        "Redis hung: new level on both | old level last served |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for size in sizes:
        healthy, hung = size["changes"]["healthy"]["pages"], size["changes"]["hung"]["pages"]
        for page in healthy:
            lines.append(
                f"| {size['articles']} | {page} | {seconds_text(healthy[page]['new'])} | "
                f"{seconds_text(healthy[page]['old'])} | {seconds_text(hung[page]['new'])} | "
                f"{seconds_text(hung[page]['old'])} |"
            )
    return lines


def change_findings(sizes):
    """The shell's exit, the figures counted from it, and failed requests, per size."""
    sentences = []
    for size in sizes:
        for mode, figures in size["changes"].items():
            from_exit = [page["from_exit"] for page in figures["pages"].values()]
            latest = "never" if None in from_exit else f"{max(from_exit):.2f} s"
            sentences.append(
                f"At {size['articles']} articles, Redis {mode}: the shell exited "
                f"{figures['exit']:.2f} s after its commit; counted from its exit, the "
                f"latest page showed the new level on both servers after {latest}; "
                f"{figures['errors']} failed requests."
            )
    return " ".join(sentences)


def report(sizes, django_app, skeleton, seconds, connections, runs):
    pages_with_faults = ", ".join(FAULT_PAGES)
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.date.today():%-d %B %Y}, {machine()}.",
        f"gunicorn with 2 sync workers, production settings (HTTPS redirect off for loopback), "
        f"a Redis cache (a redis-server the benchmark starts for itself), SQLite; wrk with "
        f"2 threads and {connections} connections, on loopback. Each row: 20 requests to "
        f"warm up, then {runs} runs of {seconds} s; the row shows the median run "
        f"(requests/s, p50, p99), the lowest and highest requests/s of the runs, and the "
        f"non-2xx responses of all runs.",
        "",
        "How pages stay current: every change moves the cache generation on in the "
        "database, in the change's own transaction, and announces it in Redis after the "
        "commit. Each worker reads Redis at every request and the database row at most "
        "once a second, so a change shows everywhere within about a second whatever Redis "
        "does. A Redis error (a timeout of REDIS_TIMEOUT, 0.25 s, or a refused connection) "
        "opens a breaker: for REDIS_BREAKER_SECONDS (3 s) the worker serves without Redis, "
        "then tries it again.",
        "",
        "References under the same gunicorn settings, measured before the pages and again "
        "after them (the ratios use the mean):",
        "",
        reference_line("one-view Django app", django_app),
        reference_line("skeleton page of a fresh `wagtail start` project", skeleton),
        "",
        "## Every page type",
        "",
        "Ratio: cached pages against the one-view Django app (aim ≥ 0.5), uncached pages "
        "against the Wagtail skeleton page (aim ≥ 1.0), bare pages against the Wagtail "
        "skeleton page (aim ≥ 0.5); ⚠ below the aim.",
        "",
        "Bare: both caches off (`PAGE_CACHE_SECONDS=0`, `KEEP_IN_PROCESS=false`), so "
        "every request costs what the first request after a change, or in a new worker, "
        "costs; its queries are those of every request. Uncached: the page cache is off, "
        "so every request runs the view and renders the "
        "page's template. What the page is built from is kept in each process until the "
        "next change (serving.process): what every page shares (site, settings, "
        "navigation, threat level bar, latest news, pictures), the page itself, and what it "
        "lists (a page of an index, related pages, feed entries, search results). Search "
        "results are never cached, so they have no cached row; the row 'a new search each "
        "time' asks for different words on every request, so none finds results kept from "
        "an earlier one.",
        "",
        "Queries are counted in one process, every one of them: cold is the first request "
        "after a purge (`serving.purge_everything`) in a process that knows no "
        "generation yet, as a freshly started worker (`serving.forget_everything()`), so "
        "it includes the generation's bookkeeping (reading the CacheGeneration row, and "
        "finding the next scheduled change if Redis does not have it); warm is the next "
        f"request. Aim: at most {COLD_QUERY_BUDGET} cold, the same at every number of "
        f"articles. {cold_query_findings(sizes)}",
        "",
        *throughput_table(sizes, django_app, skeleton),
        "",
        "## Redis hung or stopped",
        "",
        f"Uncached, as the uncached rows above, for a few page types ({pages_with_faults}), "
        "with the site's Redis hung (SIGSTOP: connections open, no answer) or stopped "
        "(connections refused) once the workers had used it. Ratio: against the uncached "
        "row of the same page with Redis healthy (aim ≥ 0.5; ⚠ below).",
        "",
        *fault_table(sizes),
        "",
        "## After a threat level change",
        "",
        "Two gunicorn servers of one worker each (production settings, the page cache on) "
        "share the database and Redis. Every page is served by both (so it is cached with "
        "the level before), then the national level is changed from another process "
        "(`manage.py shell`, `ThreatLevelSettings.load().change('national', ...)`, "
        "alternating SEVERE and SUBSTANTIAL) while each server is asked for every page in "
        "turn, over and over, from before the change until each shows the new level. "
        f"Figures: seconds from the commit (the shell prints its moment), the median of {runs} "
        "changes: until the page showed the new level on both servers, and until the last "
        "answer that still showed the old level (0: none after the commit). A server "
        "answers one request at a time, so the first figure also counts serving the pages "
        "asked for before it in the same round (after a change each is rendered afresh); "
        "the true delay lies between the two. Redis hung: stopped (SIGSTOP) just before "
        "the change and resumed once every page showed the new level. Pages that show no "
        "level (the news feed) have no row.",
        "",
        "The shell process takes a while to exit after its commit, so measured from its "
        f"exit nearly every figure would be 0. {change_findings(sizes)}",
        "",
        *change_table(sizes),
        "",
        *edge_section(sizes, seconds, runs),
    ]
    return "\n".join(lines) + "\n"


# `make profile-bare` writes this section at the end of the report; a new report keeps it.
PROFILE_HEADING = "## Where a bare request's time goes"


def write_report(output, text):
    before = output.read_text() if output.exists() else ""
    kept = before[before.index(PROFILE_HEADING) :] if PROFILE_HEADING in before else ""
    output.write_text(text + ("\n" + kept if kept else ""))


def only_edge(sizes, seconds, connections, runs):
    """The section "Through nginx" alone, for a quicker look than the whole benchmark."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        sys.exit("The rows through nginx need nginx: apt-get install -y nginx")
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    measured = []
    try:
        with RedisServer(workdir) as redis:
            for articles in sizes.split(","):
                database, pages = prepare_portal(workdir, int(articles), redis.url)
                count = pages.pop("_articles")
                figures = measure_edge(
                    workdir, database, pages, count, redis, seconds, connections, runs
                )
                measured.append({"articles": count, "edge": figures})
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return [
        f"Measured by `python -m bench.run --only-edge` on {datetime.date.today():%-d %B %Y}, "
        f"{machine()}.",
        "",
        *edge_section(measured, seconds, runs),
    ]


def only_pages(names, sizes, seconds, connections, runs):
    """The throughput rows of the named pages alone (with the skeleton measured before
    and after them), for a quicker look than the whole benchmark."""
    wanted = {name.strip() for name in names.split(",")}
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    measured = []
    try:
        with RedisServer(workdir) as redis:
            project, skeleton_env = prepare_wagtail_skeleton(workdir)
            before = measure_references(project, skeleton_env, seconds, connections, runs)
            for articles in sizes.split(","):
                database, pages = prepare_portal(workdir, int(articles), redis.url)
                count = pages.pop("_articles")
                unknown = wanted - set(pages)
                if unknown:
                    sys.exit(f"No such page in the benchmark: {', '.join(sorted(unknown))}")
                chosen = {name: page for name, page in pages.items() if name in wanted}
                rows = measure_pages(
                    workdir, database, chosen, count, redis, seconds, connections, runs
                )
                measured.append({"articles": count, "rows": rows})
            after = measure_references(project, skeleton_env, seconds, connections, runs)
        django_app, skeleton = (mean_of(b, a) for b, a in zip(before, after, strict=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return [
        f"Measured by `python -m bench.run --only-pages` on {datetime.date.today():%-d %B %Y}, "
        f"{machine()}.",
        "",
        reference_line("`wagtail start` skeleton page", skeleton),
        reference_line("one-view Django app", django_app),
        "",
        *throughput_table(measured, django_app, skeleton),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per run")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per row (the median)")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--sizes", default="10,10000", help="article counts to measure")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument(
        "--only-edge",
        action="store_true",
        help="measure only the rows through nginx, for each of --sizes, and print their "
        "section; --output is left as it is",
    )
    parser.add_argument(
        "--only-pages",
        default="",
        help="measure only these pages (names as in the report, separated by commas), for "
        "each of --sizes, and print their rows; --output is left as it is",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk: apt-get install -y wrk")
    measurement = (args.seconds, args.connections, args.runs)
    if args.only_edge:
        print("\n".join(only_edge(args.sizes, *measurement)))
        return
    if args.only_pages:
        print("\n".join(only_pages(args.only_pages, args.sizes, *measurement)))
        return
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        with RedisServer(workdir) as redis:
            # The references are measured before the pages and again after them: the
            # machine's speed drifts over a run of several minutes.
            project, skeleton_env = prepare_wagtail_skeleton(workdir)
            before = measure_references(project, skeleton_env, *measurement)
            sizes = [
                measure_portal(workdir, int(size), redis, *measurement)
                for size in args.sizes.split(",")
            ]
            after = measure_references(project, skeleton_env, *measurement)
        django_app, skeleton = (mean_of(b, a) for b, a in zip(before, after, strict=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(sizes, django_app, skeleton, *measurement)
    print(text)
    write_report(Path(args.output), text)


if __name__ == "__main__":
    main()
