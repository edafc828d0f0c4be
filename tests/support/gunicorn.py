"""A gunicorn server on 127.0.0.1 in a process group of its own, stopped by its PID.

Shared by the test fixture ``tests/support/server.py`` (the test site on the test database) and the
benchmark (``benchmarks/server.py``, the example site); it needs neither pytest nor Django.
"""

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

REPO = Path(__file__).resolve().parents[2]
WORKERS = 2
# The tests' server: 4 threads a worker, so that concurrent requests really meet.
THREADS = 4
STOP_SECONDS = 10


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


class GunicornProcess:
    """``WORKERS`` processes of ``threads`` threads serving ``application`` (a WSGI path)."""

    def __init__(self, application, environment, log_path, threads=THREADS):
        self.application = application
        self.threads = threads
        self.environment = environment
        self.log_path = Path(log_path)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, probe="/", start_seconds=30):
        """Start the server and wait until ``probe`` answers 200; RuntimeError otherwise."""
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", self.application),
                    *("--bind", f"127.0.0.1:{self.port}"),
                    *("--workers", str(WORKERS), "--threads", str(self.threads)),
                    # Loaded once before the fork, so every worker answers from the start.
                    "--preload",
                    *("--graceful-timeout", str(STOP_SECONDS // 2)),
                ],
                cwd=REPO,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
        try:
            self.wait_until_answering(probe, start_seconds)
        except RuntimeError:
            self.stop()
            raise

    def wait_until_answering(self, probe, start_seconds):
        deadline = time.monotonic() + start_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                if self.request("GET", probe, timeout=5).status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {start_seconds} s:\n{self.log()}")

    def stop(self):
        """SIGTERM to the process group; SIGKILL when it is not gone after STOP_SECONDS."""
        if self.process is None or not self.signal_group(signal.SIGTERM):
            return
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.process.wait()

    def signal_group(self, signum):
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            return False
        return True

    def log(self):
        """What the server wrote so far (gunicorn's log and server errors)."""
        return self.log_path.read_text(errors="replace")

    def request(self, method, path, data=None, headers=None, timeout=30):
        """One request on its own connection (thread-safe); redirects are not followed."""
        body = urlencode(data).encode() if data is not None else None
        headers = dict(headers or {})
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            return Response(response.status, response.headers, text)
        finally:
            conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
