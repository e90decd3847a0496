"""``--jobs N`` on this machine: N - 1 forked copies of this process, and this process, each
taking the next job from one shared counter.

Forked, the workers share every module the parent imported (:mod:`bookmaker.build.run`
imports the renderers first) and read the jobs from the memory they copied: nothing is
pickled on the way in, only each :class:`~bookmaker.build.book.Outcome` on the way back.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: importing it and starting its
queues took ~14 ms before the first fork, a twentieth of a 40-story run, and its call queue
hands a worker a job ahead that this process cannot take back, so at the end of a run this
process waited beside the worker for up to two books. Here every process takes one job at
a time, and they finish within a book of each other.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from bookmaker.build.book import Outcome, worker_failed
from bookmaker.build.plan import Job
from bookmaker.errors import RenderError

__all__ = ["can_fork", "die_with_parent", "forked"]

Todo = Sequence[tuple[int, Job]]
Builder = Callable[[int, Job], Outcome]

_PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal the kernel sends a process when its parent dies (Linux)."""
_FRAME = struct.Struct("<I")
"""The length of each pickled outcome a worker writes to its pipe."""


def can_fork() -> bool:
    """Whether this system has ``fork`` (Linux, macOS, BSD; not Windows)."""
    return hasattr(os, "fork")


def die_with_parent(parent: int) -> None:
    """Be killed when the coordinating process dies, even by SIGKILL.

    Without it, workers of a killed run would finish every remaining book into a staging
    folder nobody publishes. Linux has ``PR_SET_PDEATHSIG``; elsewhere a worker notices
    before its next job that its parent changed (:func:`_work`).
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (ImportError, OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _Counter:
    """The index of the next job, shared by forked processes.

    Kept in an unnamed temporary file and guarded by a POSIX record lock (``lockf``), which
    belongs to the process holding it: a worker killed while it holds the lock releases it,
    so the others never wait for a dead one.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self._file = tempfile.TemporaryFile()
        self._fd = self._file.fileno()
        os.pwrite(self._fd, _FRAME.pack(0), 0)

    def take(self) -> int | None:
        """The next job's index, given once among all processes; ``None`` when none is left."""
        fcntl.lockf(self._fd, fcntl.LOCK_EX)
        try:
            (n,) = _FRAME.unpack(os.pread(self._fd, _FRAME.size, 0))
            if n >= self.total:
                return None
            os.pwrite(self._fd, _FRAME.pack(n + 1), 0)
            return n
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self._file.close()


def _work(counter: _Counter, todo: Todo, build: Builder, out: int, parent: int) -> None:
    """A worker's life: build jobs until none is left, each outcome written to ``out``."""
    die_with_parent(parent)
    while (n := counter.take()) is not None:
        if os.getppid() != parent:
            return
        index, job = todo[n]
        outcome = build(index, job)
        try:
            data = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an error that cannot be pickled: send its words
            error = outcome.error
            data = pickle.dumps(replace(outcome, error=RenderError(
                error.message if error else f"{type(exc).__name__}: {exc}",
                path=error.path if error else job.name, hint=error.hint if error else "")))
        os.write(out, _FRAME.pack(len(data)))
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]


def _start(counter: _Counter, todo: Todo, build: Builder) -> tuple[int, int]:
    """Fork one worker; its process id and the read end of its outcome pipe."""
    parent = os.getpid()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller's code
        status = 1
        try:
            os.close(read)
            _work(counter, todo, build, write, parent)
            status = 0
        except BaseException:  # noqa: BLE001 - Ctrl-C, or a bug: the parent reports the job
            pass
        finally:
            try:
                sys.stderr.flush()
            finally:
                os._exit(status)
    os.close(write)
    return pid, read


class _Inbox:
    """Outcomes read from the workers' pipes by one thread per worker (a worker whose pipe
    is full would wait while this process builds a long book), handed to the caller."""

    def __init__(self) -> None:
        self._items: deque[Outcome | None] = deque()
        self._ready = threading.Semaphore(0)
        self.ended: dict[int, int] = {}
        """Exit status of each worker that has ended, by process id."""

    def listen(self, pid: int, read: int) -> threading.Thread:
        thread = threading.Thread(target=self._read, args=(pid, read), daemon=True)
        thread.start()
        return thread

    def _read(self, pid: int, read: int) -> None:
        with os.fdopen(read, "rb") as pipe:
            while len(head := pipe.read(_FRAME.size)) == _FRAME.size:
                (size,) = _FRAME.unpack(head)
                try:
                    self._put(pickle.loads(pipe.read(size)))
                except (EOFError, pickle.UnpicklingError):  # cut off: the worker died writing
                    break
        _, status = os.waitpid(pid, 0)
        self.ended[pid] = os.waitstatus_to_exitcode(status)
        self._put(None)  # this worker is done

    def _put(self, item: Outcome | None) -> None:
        self._items.append(item)
        self._ready.release()

    def get(self, wait: bool) -> tuple[bool, Outcome | None]:
        """``(True, outcome)``, ``(True, None)`` when a worker ended, ``(False, None)`` when
        nothing has come and ``wait`` is false."""
        if not self._ready.acquire(blocking=wait):
            return False, None
        return True, self._items.popleft()


def _lost(index: int, job: Job, statuses: Sequence[int]) -> Outcome:
    how = ", ".join(f"killed by signal {-s}" if s < 0 else f"exit status {s}" for s in statuses
                    if s) or "it ended"
    return worker_failed(index, job.name, f"its process died before finishing the book ({how})")


def forked(todo: Todo, build: Builder, workers: int) -> Iterator[Outcome]:
    """Outcomes of ``todo`` built by ``workers`` processes (``workers - 1`` forked), as they
    finish; one per job, a job whose worker died included.

    ``build`` runs in every process; this one builds between reading the workers' outcomes.
    Leaving the loop early (an interrupt, a closed generator) kills the workers.
    """
    try:
        counter = _Counter(len(todo))
    except OSError:  # no temporary file to share: one at a time, here
        yield from (build(index, job) for index, job in todo)
        return
    started = [_start(counter, todo, build) for _ in range(max(1, workers - 1))]
    inbox = _Inbox()  # threads only once every fork is done
    threads = [inbox.listen(pid, read) for pid, read in started]
    seen: set[int] = set()
    running = len(started)

    def arrived(wait: bool) -> Iterator[Outcome]:
        """What the workers sent; with ``wait``, until every worker has ended."""
        nonlocal running
        while running:
            got, outcome = inbox.get(wait)
            if not got:
                return
            if outcome is None:
                running -= 1
            else:
                seen.add(outcome.index)
                yield outcome

    try:
        while (n := counter.take()) is not None:
            yield from arrived(wait=False)
            outcome = build(*todo[n])
            seen.add(outcome.index)
            yield outcome
        yield from arrived(wait=True)
        for index, job in todo:  # taken by a worker that died before sending it
            if index not in seen:
                yield _lost(index, job, list(inbox.ended.values()))
    finally:
        for pid, _ in started:
            if pid not in inbox.ended:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for thread in threads:
            thread.join()
        counter.close()
