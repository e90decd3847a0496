"""The forked workers of ``--jobs N``: each job taken once, a dead worker's book reported,
no worker left behind."""

from __future__ import annotations

import fcntl
import os
import signal
import time

import pytest

from bookmaker.build import forked
from bookmaker.build.book import BookStats, Outcome
from bookmaker.build.plan import Job


def _todo(count: int) -> list[tuple[int, Job]]:
    return [(i, Job(name=f"job {i}", stories=(), formats=("epub",))) for i in range(count)]


@pytest.fixture(autouse=True)
def _deadline():
    """A test that hangs (a worker waiting for a lock nobody releases) fails instead."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("timed out"))
    signal.alarm(60)
    yield
    signal.alarm(0)


def _wait_for(done, seconds: float = 30.0) -> None:
    """Poll ``done()`` until true (the processes of a test meet at a file)."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        time.sleep(0.01)


def test_every_job_is_built_once_across_three_processes(tmp_path):
    def build(index: int, job: Job) -> Outcome:
        mine = tmp_path / str(os.getpid())
        if not mine.exists():  # a first book: wait until every process has one
            mine.touch()
            _wait_for(lambda: len(list(tmp_path.iterdir())) == 3)
        return Outcome(index, BookStats(title=str(os.getpid())))

    outcomes = list(forked.forked(_todo(60), build, workers=3))
    assert sorted(o.index for o in outcomes) == list(range(60))
    builders = {o.stats.title for o in outcomes}
    assert str(os.getpid()) in builders and len(builders) == 3, "this process and two workers"


def test_a_worker_that_dies_fails_the_book_it_took_and_the_rest_are_built(tmp_path):
    parent, died = os.getpid(), tmp_path / "died"

    def build(index: int, job: Job) -> Outcome:
        if os.getpid() != parent:  # the worker dies on its first book
            died.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        _wait_for(died.exists)
        return Outcome(index, BookStats(title="built"))

    outcomes = {o.index: o for o in forked.forked(_todo(8), build, workers=2)}
    assert sorted(outcomes) == list(range(8)), "one outcome per job"
    lost = [o for o in outcomes.values() if o.error is not None]
    assert len(lost) == 1
    assert "worker failed" in lost[0].error.message and "signal 9" in lost[0].error.message
    assert all(o.stats.title == "built" for o in outcomes.values() if o.error is None)


def test_an_error_that_cannot_be_pickled_comes_back_as_its_words(tmp_path):
    from bookmaker.errors import RenderError

    parent, took = os.getpid(), tmp_path / "took"

    def build(index: int, job: Job) -> Outcome:
        if os.getpid() == parent:
            _wait_for(took.exists)
            return Outcome(index)
        took.touch()
        error = RenderError("the page would not fit", path=job.name, hint="try a bigger trim")
        error.detail = lambda: None  # nothing pickles a lambda
        return Outcome(index, error=error)

    errors = [o.error for o in forked.forked(_todo(4), build, workers=2) if o.error]
    assert errors, "the worker built a book"
    for e in errors:
        assert isinstance(e, RenderError) and e.message == "the page would not fit"
        assert e.hint == "try a bigger trim" and e.path.startswith("job ")


def test_leaving_early_kills_the_workers_and_reaps_them(forks):
    parent = os.getpid()

    def build(index: int, job: Job) -> Outcome:
        if os.getpid() != parent:
            time.sleep(60)
        return Outcome(index)

    run = forked.forked(_todo(4), build, workers=2)
    first = next(run)
    start = time.monotonic()
    run.close()
    assert first.error is None and time.monotonic() - start < 10
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # killed and reaped: not even a zombie is left
        os.waitpid(forks[0], os.WNOHANG)


def test_a_lock_held_by_a_killed_process_is_released():
    counter = forked._Counter(2)
    pid = os.fork()
    if pid == 0:
        fcntl.lockf(counter._fd, fcntl.LOCK_EX)
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    assert [counter.take(), counter.take(), counter.take()] == [0, 1, None]
    counter.close()
