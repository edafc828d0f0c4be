"""A gunicorn worker dies (SIGKILL: a crash, the OOM killer) while comments are being sent:
gunicorn starts a new one, every post gets its answer or a connection error, and what is
stored is whole comments only, at most those whose answer was lost besides the accepted."""

import itertools
import threading
import time
import uuid

from reliability import database
from reliability.client import (
    READER_NETWORK,
    HalfSentPost,
    comment_form,
    outcome,
    reader_with_form,
)
from reliability.server import kill

STREAM_THREADS = 6
STREAM_SECONDS = 60  # the stream stops by itself after this, whatever happened
STREAM_BEFORE_KILL_SECONDS = 1
STREAM_AFTER_RESTART_SECONDS = 2


class PostStream:
    """Readers on threads, each posting distinct comments one after another until stopped."""

    def __init__(self, server, report, secret_key, marker):
        self.readers = [reader_with_form(server.port, report.path) for _ in range(STREAM_THREADS)]
        self.report, self.secret_key, self.marker = report, secret_key, marker
        self.answers, self.lock, self.stop = [], threading.Lock(), threading.Event()
        self.threads = [
            threading.Thread(target=self.post, args=item) for item in enumerate(self.readers)
        ]

    def post(self, number, reader):
        deadline = time.monotonic() + STREAM_SECONDS
        for count in itertools.count():
            if self.stop.is_set() or time.monotonic() > deadline:
                return
            text = f"Tarif bitte erklären, Nr. {number}-{count}. {self.marker}"
            answer = reader.post(
                self.report.path, comment_form(self.report.page_id, self.secret_key, text)
            )
            with self.lock:
                self.answers.append(answer)

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()
        return self.answers


def test_a_worker_killed_mid_request_leaves_whole_comments_only(
    start_server, report, secret_key, figures
):
    server = start_server()
    workers = server.wait_for_workers()
    marker = uuid.uuid4().hex
    reader = reader_with_form(server.port, report.path)
    stream = PostStream(server, report, secret_key, marker)
    stream.start()
    time.sleep(STREAM_BEFORE_KILL_SECONDS)
    # A post whose worker waits, mid-request, for the rest of its body: that worker dies.
    form = comment_form(report.page_id, secret_key, f"Mitten im Senden. {marker}")
    held = HalfSentPost(reader, report.path, form)
    victim = server.wait_for_worker_holding(held.client_port)

    kill(victim)
    answers = [held.finish()]
    replacements = server.wait_for_workers(replacing={victim})
    time.sleep(STREAM_AFTER_RESTART_SECONDS)
    answers += stream.finish()

    counts = outcome(answers)
    stored = database.count_comments(marker)
    figures(
        workers=sorted(workers),
        killed=victim,
        workers_after=sorted(replacements),
        rows=stored,
        **counts,
    )
    assert answers[0].status is None  # its worker is gone
    assert all(answer.accepted or answer.status is None for answer in answers)
    # A post cut after its commit may be stored without its answer; none is stored twice.
    assert counts["accepted"] <= stored <= counts["accepted"] + counts["no_answer"]
    assert counts["accepted"] > 0
    assert not database.incomplete(
        database.comments_containing(marker), report.page_id, READER_NETWORK
    )
    assert server.server_errors_logged() == 0
