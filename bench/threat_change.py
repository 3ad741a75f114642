"""The row "after a threat level change": how long until every server shows a new level.

Two gunicorn servers of one worker each (production settings, the page cache on) share
one database and the benchmark's Redis, as two machines would. Every page is served to
both first, so that each is cached with the level before. Then the national level is
changed from another process (`manage.py shell`, as an operator would) while every page
is asked for again and again on both servers, one request at a time per server (a
single worker), from before the change until each shows the new level: the workers are
busy, as in production, when the change comes. Measured from the commit (the shell
prints its moment): until the page showed the new level on both servers, and until the
last answer that still showed the old one. A single worker answers one request at a
time, so the first figure also counts the time to serve the pages asked for before it
(after a change each is rendered afresh); the second is never more than the true delay.
"""

import json
import re
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request

from .servers import PYTHON, ROOT, Server

LEVEL_IN_BAR = re.compile(r'class="threat-level threat-level--\w+">(\w+)</strong>')
# Levels the runs alternate between (change() refuses the level already in force).
LEVELS = ("SEVERE", "SUBSTANTIAL")
GIVE_UP_SECONDS = 30


def fetch(base, path):
    """The body of `path`, or None (an error, a timeout)."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + path, headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.read().decode()
    except (OSError, urllib.error.HTTPError):
        return None


def level_shown(path, body):
    """The national level `body` shows, or None."""
    if body is None:
        return None
    if path.startswith("/api/threat-level.json"):
        return json.loads(body)["national"]["level"]
    found = LEVEL_IN_BAR.search(body)
    return found.group(1) if found else None


# The change as the issue gives it, in a transaction of its own so that a callback
# registered first prints the moment of the commit (time.time(): the same clock in
# every process), before serving.changes announces the new generation.
CHANGE = """
import time
from django.db import transaction
from threats.models import ThreatLevelSettings as T
with transaction.atomic():
    transaction.on_commit(lambda: print("committed at", repr(time.time()), flush=True))
    T.load().change("national", {level!r})
"""
COMMITTED_AT = re.compile(r"committed at ([\d.]+)")


def change_level(env, level):
    """Change the national level in another process. Returns (the moment of the commit,
    the moment the process had exited)."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CHANGE.format(level=level)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    returned = time.time()
    return float(COMMITTED_AT.search(result.stdout).group(1)), returned


class Poller(threading.Thread):
    """Asks one server for each page in turn, over and over, until each shows `level`
    (a page is no longer asked for once it does). Notes, in time.time() when the answer
    came, the first answer with the new level and the last with another, per page."""

    def __init__(self, url, paths, level):
        super().__init__(daemon=True)
        self.url, self.paths, self.level = url, list(paths), level
        self.new_at = {}
        self.old_at = {}
        self.errors = 0
        self.stop = threading.Event()

    def run(self):
        remaining = list(self.paths)
        while remaining and not self.stop.is_set():
            for path in list(remaining):
                body = fetch(self.url, path)
                if body is None:
                    self.errors += 1
                elif level_shown(path, body) == self.level:
                    self.new_at[path] = time.time()
                    remaining.remove(path)
                else:
                    self.old_at[path] = time.time()


def warm(urls, paths):
    """Each page twice on each server: rendered and stored, then served from the cache.
    Returns the national level the servers show."""
    for _round in range(2):
        for url in urls:
            for path in paths:
                fetch(url, path)
    return level_shown("/api/threat-level.json", fetch(urls[0], "/api/threat-level.json"))


def one_change(urls, paths, env, redis, hung):
    """One change: {"pages": {path: figures}, "exit": seconds from the commit to the
    shell's exit, "errors": failed requests}. Figures, in seconds from the commit:
    "new": until both servers showed the new level (None: not within GIVE_UP_SECONDS);
    "old": the last answer with the old level (0: none after the commit); "from_exit":
    "new" counted from the shell's exit instead (0: shown by then)."""
    before = warm(urls, paths)
    level = LEVELS[1] if before == LEVELS[0] else LEVELS[0]
    pollers = [Poller(url, paths, level) for url in urls]
    for poller in pollers:
        poller.start()
    if hung:
        redis.hang()
    try:
        committed, returned = change_level(env, level)
        for poller in pollers:
            poller.join(timeout=max(0.0, committed + GIVE_UP_SECONDS - time.time()))
    finally:
        for poller in pollers:
            poller.stop.set()
        if hung:
            redis.resume()
    for poller in pollers:
        poller.join()
    if hung:
        # The workers' breakers are open: wait until they use Redis again, as the next
        # run expects a healthy Redis.
        time.sleep(float(env.get("REDIS_BREAKER_SECONDS", 3)) + 1)
    figures = {}
    for path in paths:
        new = [poller.new_at.get(path) for poller in pollers]
        old = [poller.old_at.get(path, committed) for poller in pollers]
        shown = None if None in new else max(new)
        figures[path] = {
            "new": None if shown is None else shown - committed,
            "old": max(0.0, max(old) - committed),
            "from_exit": None if shown is None else max(0.0, shown - returned),
        }
    return {
        "pages": figures,
        "exit": returned - committed,
        "errors": sum(poller.errors for poller in pollers),
    }


def median(values):
    """The median, or None when some value is None (a change that never showed)."""
    return None if None in values else statistics.median(values)


def measure(env, redis, pages, runs):
    """`runs` changes with Redis healthy, then `runs` with it hung. Returns, per mode
    ("healthy", "hung"): {"pages": {page name: the median of each figure of
    one_change()}, "exit": the median seconds to the shell's exit, "errors": the failed
    requests of all runs}. Pages that show no level (the feed) are left out."""
    env = {**env, "PAGE_CACHE_SECONDS": "300"}
    server = "portal.wsgi:application"
    results = {}
    with Server(server, env, workers=1) as first, Server(server, env, workers=1) as second:
        urls = [first.url, second.url]
        paths = {
            name: page["url"]
            for name, page in pages.items()
            if level_shown(page["url"], fetch(first.url, page["url"])) is not None
        }
        for mode in ("healthy", "hung"):
            changes = [
                one_change(urls, list(paths.values()), env, redis, hung=mode == "hung")
                for _run in range(runs)
            ]
            results[mode] = {
                "pages": {
                    name: {
                        key: median([change["pages"][path][key] for change in changes])
                        for key in ("new", "old", "from_exit")
                    }
                    for name, path in paths.items()
                },
                "exit": median([change["exit"] for change in changes]),
                "errors": sum(change["errors"] for change in changes),
            }
    return results
