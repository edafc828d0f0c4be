"""Faults on demand: a network path to PostgreSQL that can be cut or go silent, and a Redis
that can die.

Both belong to the suite alone: the machine's shared PostgreSQL and Redis are never stopped.
"""

import contextlib
import socket
import subprocess
import threading
import time

import redis

from tests.support.gunicorn import free_port

REDIS_SERVER = "/usr/bin/redis-server"
ACCEPT_POLL_SECONDS = 0.1
CHUNK = 65536


class CuttableLink:
    """A loopback TCP forwarder (``port`` → ``target_port``) standing for the network between
    the application and its database.

    ``cut()`` is a network failure: the port refuses connections and every open connection
    is dropped, so the server's kept connections (CONN_MAX_AGE) are dead too. ``restore()``
    opens the same port again.

    ``hang()`` is a database that stops answering: connections, open and new, stay open and
    acknowledged, but nothing the application sends arrives and nothing comes back (a frozen
    server, or a pooler in front of a dead one). No TCP timeout notices that; only the
    application's own limits end the wait. ``answer_again()`` drops the connections that
    went silent (their conversations are broken) and forwards new ones again.
    """

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.listener = None
        self.connections = set()
        self.lock = threading.Lock()
        self.silent = threading.Event()

    def open(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(ACCEPT_POLL_SECONDS)  # so the accept loop sees a cut in time
        self.listener = listener
        threading.Thread(target=self.accept_loop, args=(listener,), daemon=True).start()

    def cut(self):
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
        with self.lock:
            connections, self.connections = self.connections, set()
        for connection in connections:
            close(connection)

    restore = open
    close = cut

    def hang(self):
        self.silent.set()

    def answer_again(self):
        with self.lock:
            connections, self.connections = self.connections, set()
        for connection in connections:
            close(connection)
        self.silent.clear()

    def accept_loop(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by cut()
            self.forward(client)

    def forward(self, client):
        if self.silent.is_set():
            # Accepted and never answered: the connection attempt waits for a reply.
            with self.lock:
                self.connections.add(client)
            threading.Thread(target=pump, args=(client, None, self.silent), daemon=True).start()
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            close(client)
            return
        upstream.settimeout(None)
        client.settimeout(None)
        with self.lock:
            self.connections.update((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(source, sink, self.silent), daemon=True).start()


def pump(source, sink, silent=None):
    """Copy bytes one way until either side ends; then end both. While ``silent`` is set (or
    there is no ``sink``), what arrives is read and dropped: the sender sees it acknowledged
    and gets no answer."""
    try:
        while data := source.recv(CHUNK):
            if sink is not None and not (silent and silent.is_set()):
                sink.sendall(data)
    except OSError:
        pass
    close(source)
    if sink is not None:
        close(sink)


def close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class PrivateRedis:
    """A redis-server of the test's own on a free loopback port, killed by its PID."""

    def __init__(self, log_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = log_path
        self.process = None

    def start(self, start_seconds=10):
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        # Nothing written to disk: no snapshot, no append-only file.
        command += ["--save", "", "--appendonly", "no"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + start_seconds
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not start: {self.log_path.read_text()}")
            time.sleep(0.05)

    def answers(self):
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        try:
            return client.ping()
        except redis.RedisError:
            return False
        finally:
            client.close()

    def kill(self):
        """SIGKILL, as a crash: no goodbye to the clients."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
