"""nginx in front of the benchmark's gunicorn, as production has it: the configuration of
deploy/nginx/portal.conf, rendered and run by `manage.py render_edge --run` (nginx on
its own, one worker, everything in a folder of the benchmark's).

nginx answers from the mirror only when the app cannot, which the benchmark never
makes happen; so instead of copying every page first (minutes for 10,000 articles),
the mirror holds its status pages, the threat level bar and the home page, which is
enough for render_edge to start nginx at once.
"""

import re
import subprocess
import time
import urllib.request
from collections import Counter

from .servers import PYTHON, ROOT, free_port, run

SMALL_MIRROR = (
    "from edge.mirror import Mirror\n"
    "mirror = Mirror()\n"
    "mirror.update_threat_level()\n"
    "mirror.write_status_pages()\n"
    "mirror.copy('/')\n"
)
STYLESHEET = re.compile(r'href="(/static/[^"]+\.css)"')
CACHE_STATUS_LINE = re.compile(r"^X-Edge-Cache (\S+) (\d+)$", re.MULTILINE)

# wrk counting what nginx says of each answer (X-Edge-Cache: HIT, MISS, EXPIRED...);
# "-" for an answer without it. Reading every answer's headers in Lua slows wrk down, so
# this run is not one of the timed ones.
COUNT_CACHE_STATUS = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  counts = {}
end
function response(status, headers, body)
  local value = headers["X-Edge-Cache"] or "-"
  counts[value] = (counts[value] or 0) + 1
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for value, count in pairs(thread:get("counts")) do
      io.write("X-Edge-Cache " .. value .. " " .. count .. "\\n")
    end
  end
end
"""


def get(url, timeout=10):
    """(status, headers, body) of a GET with the Host the site serves."""
    request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, response.headers, response.read().decode(errors="replace")


class Edge:
    """`with Edge(app_url, env, folder) as edge:` nginx at `edge.url` in front of the
    gunicorn at `app_url`, started with `env` (the app's own) and MIRROR_ROOT in
    `folder`; stopped at the end."""

    def __init__(self, app_url, env, folder):
        folder.mkdir(parents=True)
        (folder / "nginx").mkdir()
        self.folder = folder
        self.env = {**env, "MIRROR_ROOT": str(folder / "mirror")}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app_url = app_url
        self.log = folder / "render_edge.log"
        self.process = None

    def __enter__(self):
        run([PYTHON, "manage.py", "shell", "-c", SMALL_MIRROR], self.env)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    PYTHON,
                    "manage.py",
                    "render_edge",
                    "--run",
                    "--folder",
                    str(self.folder / "nginx"),
                    "--app-url",
                    self.app_url,
                    "--listen",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        try:
            self.wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"render_edge --run stopped: {self.logs()}")
            try:
                if get(self.url + "/", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer at {self.url}: {self.logs()}")

    def logs(self):
        files = (self.log, self.folder / "nginx" / "error.log")
        return "".join(path.read_text() for path in files if path.exists())

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def stylesheet(self):
        """The address of the site's CSS, a collected static file, as the home page
        links to it."""
        return STYLESHEET.search(get(self.url + "/")[2]).group(1)

    def cache_statuses(self, path, seconds, connections, script):
        """How many answers of a wrk run of `seconds` said each X-Edge-Cache value.
        `script`: a file holding COUNT_CACHE_STATUS."""
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "-H",
                "Host: localhost",
                "-s",
                str(script),
                self.url + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts = Counter()
        for value, count in CACHE_STATUS_LINE.findall(output):
            counts[value] += int(count)
        return dict(counts.most_common())
