"""``make serve-prod``: the example site on its production settings, under gunicorn with two
worker processes on 127.0.0.1, against PostgreSQL and Redis.

    python serve_prod.py [--port N] [--prepare-only]

Environment, with the defaults for this machine: ``DATABASE_URL``
(postgres://postgres@127.0.0.1:5432/kundenforum_prod, created when missing), ``REDIS_URL``
(redis://127.0.0.1:6379/1), ``SECRET_KEY`` (a new random one for each start),
``ALLOWED_HOSTS`` (127.0.0.1,localhost), ``TRUSTED_PROXIES`` (127.0.0.1: the TLS proxy in
front of it runs on this machine). It migrates, loads the demo content once, collects the
static files (WhiteNoise serves them), starts the worker that sends the outbox's e-mail in
the background and then becomes gunicorn.

The production settings redirect plain HTTP to HTTPS: behind no TLS proxy, requests must
carry ``X-Forwarded-Proto: https`` from a trusted proxy address, as the reliability tests'
do. To look around in a browser, use ``make demo``.

A sync worker reads a request's body itself and serves no one else meanwhile: two readers
whose uploads stall hold both workers until gunicorn kills them (``--timeout``). The proxy in
front must therefore buffer whole request bodies before it passes them on (nginx does by
default: ``proxy_request_buffering on``, with ``client_body_timeout`` for the stalled ones).
"""

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/kundenforum_prod",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "TRUSTED_PROXIES": "127.0.0.1",
}
WORKERS = 2


def environment(port):
    """The production settings' environment: what is set, else this machine's defaults."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example.settings_production"}
    for name, value in DEFAULTS.items():
        env.setdefault(name, value)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("WAGTAILADMIN_BASE_URL", f"https://127.0.0.1:{port}")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    return env


def ensure_database(url):
    """Create the PostgreSQL database of ``url`` if it does not exist yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=HERE, env=env, check=True)


def prepare(env, port):
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "kundenforum_demo", "--port", str(port))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def gunicorn_command(port, env, workers=WORKERS):
    """gunicorn's sync workers; it believes X-Forwarded-Proto only from the trusted proxies."""
    # --timeout: the last resort for a worker that hangs, not a limit requests are meant to
    # meet. The database and Redis give up within seconds (settings_production.py), well
    # before it; the editors' imports and exports may take longer than a reader's request.
    # --graceful-timeout: a restart lets the requests in progress finish, the slowest of
    # them (one on a silent database) included.
    return [
        *(sys.executable, "-m", "gunicorn", "example.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        *("--forwarded-allow-ips", env["TRUSTED_PROXIES"]),
        *("--timeout", "30", "--graceful-timeout", "10"),
    ]


def mail_worker_command():
    """The worker that sends the outbox's e-mail (``TASKS["kundenforum_mail"]``)."""
    return [sys.executable, "manage.py", "db_worker", "--backend", "kundenforum_mail"]


def start_mail_worker(env):
    """The mail worker in the background. It is stopped with gunicorn: it shares gunicorn's
    process group (Ctrl+C), and on Linux it is sent SIGTERM when its parent, the process
    that becomes gunicorn, ends."""
    return subprocess.Popen(
        [*mail_worker_command(), "--no-reload"], cwd=HERE, env=env, preexec_fn=stop_with_parent
    )


def stop_with_parent():
    if sys.platform == "linux":
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # libc, any name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8001)))
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args(argv)
    env = environment(args.port)
    prepare(env, args.port)
    if args.prepare_only:
        return
    print(f"Serving the production settings on http://127.0.0.1:{args.port}/ (2 workers)")
    os.chdir(HERE)
    start_mail_worker(env)
    os.execvpe(sys.executable, gunicorn_command(args.port, env), env)


if __name__ == "__main__":
    main()
