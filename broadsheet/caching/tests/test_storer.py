"""The thread that keeps missed pages once their readers have them."""

import threading

from broadsheet.caching.wsgi import Storer


def test_work_handed_over_runs_in_order_off_the_request_thread():
    storer, done = Storer(), []
    for n in range(Storer.QUEUED * 3):  # past the queue: the caller runs its own
        storer.submit(lambda n=n: done.append((n, threading.current_thread().name)))
    storer.wait()
    assert sorted(n for n, _ in done) == list(range(Storer.QUEUED * 3))
    assert {"page-store"} <= {name for _, name in done}


def test_a_store_that_fails_is_logged_and_the_next_is_kept(caplog):
    storer, done = Storer(), []
    storer.submit(lambda: 1 / 0)
    storer.submit(lambda: done.append("kept"))
    storer.wait()
    assert done == ["kept"]
    assert "A missed page could not be kept" in caplog.text
