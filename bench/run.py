"""`make bench`: load each public page type with wrk against gunicorn on loopback.

For a small site (10 articles) and a large one (10,000): every page type uncached and
cached, with requests/s, p50, p99, non-2xx responses and queries per page; then the
same gunicorn settings serving two references: a one-view Django app and the skeleton
page of a fresh `wagtail start` project. Results go to docs/performance.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
WAGTAIL = str(Path(PYTHON).with_name("wagtail"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env, cwd=ROOT):
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


class Server:
    def __init__(self, app, env, cwd=ROOT, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                app,
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=cwd,
            env={**env, "GUNICORN_ACCESS_LOG": "off", "GUNICORN_LOG_LEVEL": "warning"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self):
        wait_until_up(self.url + "/")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=15)


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
    return {
        "rps": rps,
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def latency(output, percentile):
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", output)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def portal_env(workdir, database, cache_seconds):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex}",
        "PAGE_CACHE_SECONDS": str(cache_seconds),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def prepare_portal(workdir, articles):
    database = workdir / f"portal-{articles}.sqlite3"
    env = portal_env(workdir, database, 0)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo_content", "-v0"], env)
    existing = int(
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "from news.models import NewsArticlePage as A; print(A.objects.count())",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    if articles > existing:
        run(
            [PYTHON, "manage.py", "load_demo_content", "--bulk", str(articles - existing), "-v0"],
            env,
        )
    pages = json.loads(
        subprocess.run(
            [PYTHON, "-m", "bench.pages"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
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
        "PYTHONPATH": str(project),
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


def measure(url, seconds, connections, script=None):
    warm_up(url)
    return wrk(url, seconds, connections, script=script)


def measure_references(project, skeleton_env, seconds, connections):
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50)}
    with Server("bench.reference_app:application", env) as server:
        django_app = measure(server.url + "/", seconds, connections)
    with Server("skeleton.wsgi:application", skeleton_env, cwd=project) as server:
        skeleton = measure(server.url + "/", seconds, connections)
    return django_app, skeleton


def mean_of(before, after):
    """The two measurements of a reference, and their mean, which the ratios use."""
    return {
        "before": before["rps"],
        "after": after["rps"],
        **{key: (before[key] + after[key]) / 2 for key in ("rps", "p50", "p99")},
    }


def measure_portal(workdir, articles, seconds, connections):
    database, pages = prepare_portal(workdir, articles)
    count = pages.pop("_articles")
    rows = []
    for cache_seconds, mode in ((0, "uncached"), (300, "cached")):
        env = portal_env(workdir, database, cache_seconds)
        with Server("portal.wsgi:application", env) as server:
            for name, page in pages.items():
                if mode == "cached" and not page["cacheable"]:
                    continue
                figures = measure(server.url + page["url"], seconds, connections)
                rows.append(
                    {
                        "articles": count,
                        "page": name,
                        "mode": mode,
                        "queries": f"{page['queries']} / {page['warm']}",
                        "status": page["status"],
                        **figures,
                    }
                )
            search = pages.get("search results")
            if mode == "uncached" and search:
                script = workdir / "new-search.lua"
                script.write_text(NEW_SEARCH_EACH_TIME)
                figures = measure(server.url + "/", seconds, connections, script=str(script))
                rows.append(
                    {
                        "articles": count,
                        "page": "search results, a new search each time",
                        "mode": mode,
                        "queries": f"{search['queries']} / {search['queries']}",
                        "status": search["status"],
                        **figures,
                    }
                )
    return rows


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


def report(rows, django_app, skeleton, seconds, connections):
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.date.today():%-d %B %Y}, {machine()}.",
        f"gunicorn with 2 sync workers, production settings (HTTPS redirect off for loopback), "
        f"Redis cache, SQLite; wrk with 2 threads and {connections} connections for "
        f"{seconds} s per row, on loopback, each row after 20 requests to warm up.",
        "",
        "References under the same gunicorn settings, measured before the pages and again "
        "after them (the ratios use the mean):",
        "",
        f"- one-view Django app: {django_app['rps']:.0f} requests/s "
        f"({django_app['before']:.0f} before, {django_app['after']:.0f} after; "
        f"p50 {django_app['p50']:.1f} ms, p99 {django_app['p99']:.1f} ms)",
        f"- skeleton page of a fresh `wagtail start` project: {skeleton['rps']:.0f} requests/s "
        f"({skeleton['before']:.0f} before, {skeleton['after']:.0f} after; "
        f"p50 {skeleton['p50']:.1f} ms, p99 {skeleton['p99']:.1f} ms)",
        "",
        "Ratio: cached pages against the one-view Django app (aim ≥ 0.5), uncached pages "
        "against the Wagtail skeleton page (aim ≥ 1.0).",
        "",
        "Uncached: the page cache is off, so every request runs the view and renders the "
        "page's template. What the page is built from is kept in each process until the "
        "next change (portal.shared_data): what every page shares (site, settings, "
        "navigation, threat level bar, latest news, pictures), the page itself, and what it "
        "lists (a page of an index, related pages, feed entries, search results). Queries "
        "are counted cold (the first request after a change, nothing kept) and warm (the "
        "next one). Search results are never cached, so they have no cached row; the row "
        "'a new search each time' asks for different words on every request, so none finds "
        "results kept from an earlier one.",
        "",
        "| articles | page | mode | queries (cold / warm) | requests/s | p50 ms | p99 ms | "
        "non-2xx | ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        reference = django_app if row["mode"] == "cached" else skeleton
        ratio = row["rps"] / reference["rps"]
        lines.append(
            f"| {row['articles']} | {row['page']} | {row['mode']} | {row['queries']} | "
            f"{row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['non_2xx']} | "
            f"{ratio:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per row")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--sizes", default="10,10000", help="article counts to measure")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        # The references are measured before the pages and again after them: the
        # machine's speed drifts over a run of several minutes.
        project, skeleton_env = prepare_wagtail_skeleton(workdir)
        before = measure_references(project, skeleton_env, args.seconds, args.connections)
        rows = []
        for size in (int(size) for size in args.sizes.split(",")):
            rows.extend(measure_portal(workdir, size, args.seconds, args.connections))
        after = measure_references(project, skeleton_env, args.seconds, args.connections)
        django_app, skeleton = (mean_of(b, a) for b, a in zip(before, after, strict=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = report(rows, django_app, skeleton, args.seconds, args.connections)
    Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
