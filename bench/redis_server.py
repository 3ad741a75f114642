"""A redis-server of one's own, on a free port, for the benchmark and the fault tests.

Both hang, stop and flush their Redis on purpose, so they never use a shared server
(127.0.0.1:6379 may be serving other people's tests at the same time).
"""

import shutil
import signal
import socket
import subprocess
import time

from .servers import free_port


class RedisServer:
    """`with RedisServer(directory) as redis:` a running server at `redis.url`, stopped at
    the end whatever state it was left in (hung or stopped). `start()` again after
    `kill()` brings it back on the same port, empty."""

    def __init__(self, directory):
        if shutil.which("redis-server") is None:
            raise RuntimeError("make bench needs redis-server: apt-get install -y redis-server")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self):
        return self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                # Nothing written to disk: the benchmark's data is thrown away.
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.stop()

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.settimeout(0.5)
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def hang(self):
        """As a Redis that stopped answering: connections open, nothing comes back."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def kill(self):
        """Gone at once, as a crash: connections are refused until start()."""
        self.process.kill()
        self.process.wait(timeout=10)

    def flush(self):
        """Everything it held is lost, as after FLUSHALL or an eviction storm."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            if not sock.recv(16).startswith(b"+OK"):
                raise RuntimeError("FLUSHALL failed")

    def stop(self):
        """Stopped for good: connections are refused from now on."""
        if self.process is not None and self.process.poll() is None:
            self.resume()  # a hung server cannot act on SIGTERM
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
