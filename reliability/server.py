"""The example site on its production settings, as ``make serve-prod`` runs it: gunicorn with
two sync worker processes on 127.0.0.1, against the suite's database and a Redis.

The command, the environment and the preparation are ``example_project/serve_prod.py``'s own,
so the suite tests what production runs; the process handling (own process group, start-up
probe, stop by PID) is the test suite's ``tests/support/gunicorn.py``.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import serve_prod

from reliability import database
from reliability.client import PROXY_ADDRESS, Browser
from tests.support.gunicorn import GunicornProcess, free_port

REDIS_URL = "redis://127.0.0.1:6379/7"  # a Redis database of the suite's own
START_SECONDS = 60
WORKER_SECONDS = 30
SUPERUSER = "zuverlaessigkeit"
HTTPS_PORT = 443
# Django's log line for an answer 500 (the production settings log to stderr).
SERVER_ERROR_LINE = "Internal Server Error:"


def production_settings(secret_key, **overrides):
    """The environment of a server under test; ``overrides`` as environment strings."""
    return {
        "DATABASE_URL": database.url(),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": PROXY_ADDRESS,
        "KUNDENFORUM_RATE_LIMITS": "[]",
        # A port where nothing listens: a server under test never reaches a real mail server.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
        **overrides,
    }


def prepare_site(settings, superuser_password):
    """Migrate, load the demo content, collect static files; add the suite's superuser."""
    # The demo Site's port: HTTPS behind the proxy. Each server under test listens on a
    # port of its own; Wagtail serves those requests from the default Site.
    env = serve_prod.environment(port=HTTPS_PORT)
    env.update(settings)
    serve_prod.prepare(env, HTTPS_PORT)
    env.update(
        DJANGO_SUPERUSER_USERNAME=SUPERUSER,
        DJANGO_SUPERUSER_EMAIL="zuverlaessigkeit@stadtwerke.example",
        DJANGO_SUPERUSER_PASSWORD=superuser_password,
    )
    serve_prod.manage(env, "createsuperuser", "--noinput")


class ProductionServer(GunicornProcess):
    """``serve_prod.gunicorn_command`` in a process group of its own, stopped by its PID."""

    def __init__(self, log_path, settings):
        # The command is serve_prod's; the base class gives the port, the probe and the stop.
        super().__init__(application=None, environment=None, log_path=log_path)
        self.environment = {**serve_prod.environment(self.port), **settings}

    def start(self, probe="/", start_seconds=START_SECONDS):
        """Start gunicorn and wait until ``probe`` answers 200 through the proxy."""
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                serve_prod.gunicorn_command(self.port, self.environment),
                cwd=serve_prod.HERE,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self.wait_until_answering(probe, start_seconds)
        except RuntimeError:
            self.stop()
            raise

    def request(self, method, path, data=None, headers=None, timeout=5):
        """The start-up probe (``wait_until_answering``): a request through the proxy."""
        return Browser(self.port).request(method, path)

    def server_errors_logged(self):
        return self.log().count(SERVER_ERROR_LINE)

    def last_server_error(self, limit=3000):
        """The last server error's log entry with its traceback (for a failure message)."""
        log = self.log()
        return log[log.rfind(SERVER_ERROR_LINE) :][-limit:] if SERVER_ERROR_LINE in log else ""

    def wait_for_log(self, text, seconds=10):
        deadline = time.monotonic() + seconds
        while text not in self.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        return text in self.log()

    # The worker processes

    def worker_pids(self):
        """The PIDs of gunicorn's workers: the master's child processes."""
        return {pid for pid, parent in processes() if parent == self.process.pid}

    def wait_for_workers(self, replacing=(), seconds=WORKER_SECONDS):
        """The two workers' PIDs once there are two and none of them is in ``replacing``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            workers = self.worker_pids()
            if len(workers) == serve_prod.WORKERS and not workers & set(replacing):
                return workers
            time.sleep(0.1)
        raise AssertionError(f"gunicorn has workers {self.worker_pids()} after {seconds} s")

    def wait_for_worker_holding(self, client_port, seconds=WORKER_SECONDS):
        """The worker that has accepted the connection from ``client_port``: the one handling
        that request now (a sync worker handles one at a time)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            inode = accepted_socket_inode(self.port, client_port)
            for pid in self.worker_pids() if inode else ():
                if f"socket:[{inode}]" in open_files(pid):
                    return pid
            time.sleep(0.05)
        raise AssertionError(f"no worker took the connection from port {client_port}")


def processes():
    """(pid, parent pid) of every process, from /proc."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        yield int(stat.parent.name), int(after_name[1])


def accepted_socket_inode(server_port, client_port):
    """The inode of the server's end of a loopback TCP connection, from /proc/net/tcp; None
    while the connection waits in the listen queue (it has no file yet) or is gone."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = (int(address.split(":")[1], 16) for address in fields[1:3])
        if (local_port, remote_port) == (server_port, client_port) and fields[9] != "0":
            return fields[9]
    return None


def open_files(pid):
    """What the process's file descriptors point at (``socket:[inode]`` for a socket)."""
    targets = set()
    for descriptor in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            targets.add(os.readlink(descriptor))
        except OSError:
            continue  # closed meanwhile
    return targets


def kill(pid):
    """SIGKILL: the process gets no chance to finish anything (a crash, the OOM killer)."""
    os.kill(pid, signal.SIGKILL)
