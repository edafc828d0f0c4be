"""The benchmark site (the example project) under gunicorn on 127.0.0.1, stopped by its PID in
all cases; the process itself is the test suite's (``tests/support/gunicorn.py``)."""

from tests.support.gunicorn import GunicornProcess

from .environment import django_environment

START_SECONDS = 60


class GunicornServer(GunicornProcess):
    """``with GunicornServer(url, log_path, probe="/") as server:``, then ``server.request``."""

    def __init__(self, database_url, log_path, probe):
        # One thread a worker: gunicorn's default sync workers, as the comparison ran.
        # Python threads of one worker share one interpreter lock: more threads only
        # queue up on it (measured: 125 instead of 205 posts/s on PostgreSQL with 4).
        super().__init__(
            "example.wsgi:application", django_environment(database_url), log_path, threads=1
        )
        self.probe = probe

    def __enter__(self):
        self.start(self.probe, START_SECONDS)
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def log(self):
        return super().log()[-4000:]
