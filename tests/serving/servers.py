"""Real servers for the multi-process tests: gunicorn, a Redis of the test's own, and a TCP
proxy that can cut the app off from PostgreSQL. Each test breaks only what it started."""

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bench.redis_server import RedisServer
from reports.offline import throwaway_public_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, seconds=30, what="the condition"):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"Timed out waiting for {what}"
        time.sleep(0.1)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(base, path, *, method="GET", data=None, headers=None, timeout=20, binary=False):
    """(status, headers, body) with the public host name, as a load balancer forwards it;
    no redirects followed. The body as text, or bytes where `binary`."""
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + path,
        data=data,
        method=method,
        headers={"Host": "localhost", **(headers or {})},
    )
    try:
        with OPENER.open(request, timeout=timeout) as response:
            body = response.read()
            return response.status, response.headers, body if binary else body.decode()
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, error.headers, body if binary else body.decode()


def fetch_or_none(url, path="/healthz"):
    try:
        return fetch(url, path, timeout=5)[0]
    except OSError:
        return None


def redis_server_or_skip(root):
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server (Debian's redis-server package).")
        pytest.skip("redis-server is not installed.")
    return RedisServer(root).start()


class TcpProxy:
    """Forwards a local port to PostgreSQL; `cut()` drops every connection and refuses new
    ones (as a network partition or a stopped server would), `restore()` lets them in."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.open = True
        self.connections = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.2)
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open = False
        with self.lock:
            for sock in self.connections:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.connections = []

    def restore(self):
        self.open = True

    def close(self):
        self.running = False
        self.cut()
        self.listener.close()


def _sqlite_site(root):
    """A folder with a set-up SQLite site (database, static files, media), made once per
    test run and copied by each Deployment. The test processes (pytest-xdist workers)
    share it: the first that needs it builds it, the others wait for it (migrating alone
    takes some 15 s). `root`: a Deployment's folder in pytest's temporary folder."""
    shared = root.parent.parent if os.environ.get("PYTEST_XDIST_WORKER") else root.parent
    template = shared / "portal-site"
    with (shared / "portal-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "ready").exists():
            shutil.rmtree(template, ignore_errors=True)
            template.mkdir()
            # No Redis: announcing the changes the demo content makes is not needed here.
            site = Deployment(template, redis_url=f"redis://127.0.0.1:{free_port()}/0")
            # The same apps as the test database's, so the same migrations: copied when
            # this worker has migrated one already.
            from tests.conftest import write_migrated_database

            migrated = write_migrated_database(template / "portal.sqlite3")
            site.set_up(env={}, migrate=not migrated)
            (template / "ready").touch()
    return template


# The process run_python sends code to: Django set up once, then each piece of code (a
# line of JSON on stdin) run as `manage.py shell -c` runs it, with its own database
# connections, as a new process would have; a line of JSON back with what it printed.
EDITOR = """
import contextlib, io, json, sys, traceback
import django

django.setup()
from django.db import connections

for line in sys.stdin:
    printed, error = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(printed):
            exec(json.loads(line), {"__name__": "__main__"})
    except BaseException:
        error = traceback.format_exc()
    finally:
        connections.close_all()
    print(json.dumps({"out": printed.getvalue(), "error": error}), flush=True)
"""


class Deployment:
    """Production settings, gunicorn servers of one worker each (so that a request can be
    sent to a chosen worker), one database and one Redis shared by all, as several
    machines share them. Changes are made by another process, as an editor's request or
    a management command would."""

    def __init__(self, root, *, redis_url, database_url=None, **environment):
        self.root = root
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": "http://localhost",
            "REPORTS_PUBLIC_KEY": throwaway_public_key(),
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url or f"sqlite:///{root / 'portal.sqlite3'}",
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"workers-{uuid.uuid4().hex}",
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_ROOT": str(root / "media"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "off",
            **environment,
        }
        self.servers = []
        self.urls = []
        self.editor = None

    def manage(self, *args, env=None):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args, "-v0"],
            cwd=PROJECT_ROOT,
            env={**self.env, **(env or {})},
            check=True,
            capture_output=True,
        )

    def set_up(self, env=None, migrate=True):
        """Migrate, collect static files and load the demo content; on SQLite, copied from
        a site set up once per test process (it takes a while)."""
        if env is None and self.env["DATABASE_URL"] == f"sqlite:///{self.root / 'portal.sqlite3'}":
            template = _sqlite_site(self.root)
            shutil.copy(template / "portal.sqlite3", self.root / "portal.sqlite3")
            for folder in ("static", "media"):
                shutil.copytree(template / folder, self.root / folder)
            return
        if migrate:
            self.manage("migrate", "--noinput", env=env)
        self.manage("collectstatic", "--noinput", env=env)
        self.manage("load_demo_content", env=env)

    def run_python(self, code, env=None):
        """Make a change as the admin's worker or the shell would, in another process: one
        kept running (EDITOR), as starting Django for each change took a second or two;
        with `env`, a process of its own. What the code prints is returned; an exception
        it raises fails the test."""
        if env is not None:
            result = subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", code],
                cwd=PROJECT_ROOT,
                env={**self.env, **env},
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            return result.stdout
        if self.editor is None or self.editor.poll() is not None:
            self.editor = subprocess.Popen(  # noqa: S603
                [sys.executable, "-c", EDITOR],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=(self.root / "editor.log").open("a"),
                text=True,
            )
        self.editor.stdin.write(json.dumps(code) + "\n")
        self.editor.stdin.flush()
        reply = self.editor.stdout.readline()
        assert reply, (self.root / "editor.log").read_text()
        reply = json.loads(reply)
        assert reply["error"] is None, reply["error"]
        return reply["out"]

    def start(self, count=2, ports=None):
        """Start `count` servers, on `ports` if given (to start again those stopped)."""
        self.servers, self.urls = [], []
        for port in ports or [free_port() for _ in range(count)]:
            self.servers.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(GUNICORN),
                        "portal.wsgi:application",
                        "-c",
                        "gunicorn.conf.py",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=PROJECT_ROOT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=(self.root / f"gunicorn-{port}.log").open("w"),
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            wait_for(lambda url=url: fetch_or_none(url) == 200, seconds=60, what=self.logs())

    def logs(self):
        return "".join(log.read_text() for log in self.root.glob("gunicorn-*.log"))

    def stop(self):
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            server.wait(timeout=20)
        if self.editor is not None:
            self.editor.stdin.close()  # its loop ends
            self.editor.wait(timeout=20)
            self.editor = None

    def everywhere(self, path, **kwargs):
        """The answer to `path` from each server."""
        return [fetch(url, path, **kwargs) for url in self.urls]
