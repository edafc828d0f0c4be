"""The reliability suite: the example site on its production settings under gunicorn (two
worker processes) against PostgreSQL and Redis on loopback, under concurrency, load and
faults. Run it from the repository root::

    .venv/bin/python -m pytest -c reliability/pytest.ini reliability

It needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), Redis on 127.0.0.1:6379
and ``/usr/bin/redis-server``; without them it fails and says which is missing. Its
figures (rows, posts/s, req/s, p99) are printed in the summary and written to
``reliability/results.json``. ``RELIABILITY_LOAD_SECONDS`` shortens the load test;
``RELIABILITY_POSTGRES_USER`` names another PostgreSQL role with CREATEDB (default postgres).
"""
