"""A gunicorn server of the benchmark site on 127.0.0.1, stopped by its PID in all cases."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from .environment import REPO, django_environment

WORKERS = 2
THREADS = 4  # per worker, as the app's own live server fixture (tests/server.py) runs it
START_SECONDS = 60
STOP_SECONDS = 10


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str


class GunicornServer:
    """``with GunicornServer(url, log_path, probe="/") as server:``, then ``server.request``."""

    def __init__(self, database_url, log_path, probe):
        self.database_url = database_url
        self.log_path = Path(log_path)
        self.probe = probe
        self.port = free_port()
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "example.wsgi:application"),
                    *("--bind", f"127.0.0.1:{self.port}"),
                    *("--workers", str(WORKERS), "--threads", str(THREADS)),
                    "--preload",  # the site is loaded once, before the workers fork
                    *("--graceful-timeout", str(STOP_SECONDS // 2)),
                ],
                cwd=REPO,
                env=django_environment(self.database_url),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group of its own, stopped as a whole
            )
        self.wait_until_answering()

    def wait_until_answering(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if self.request("GET", self.probe, timeout=5).status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {START_SECONDS} s:\n{self.log()}")

    def stop(self):
        """SIGTERM to the server's process group, SIGKILL if it is not gone in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait()

    def _signal(self, signum):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def request(self, method, path, data=None, headers=None, timeout=30):
        """One request on a connection of its own (safe from several threads)."""
        body = urlencode(data).encode() if data is not None else None
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return Answer(response.status, response.headers, text)
        finally:
            conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
