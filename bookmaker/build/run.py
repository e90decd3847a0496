"""Build many books at once: in this process, in local worker processes, or on Dask.

Every executor runs the same per-book function, :func:`bookmaker.build.book.build_one`:
load the stories, bind the book, render each format and write the files into a
staging folder inside the output folder. The coordinating process then, in job
order, publishes each book (:mod:`bookmaker.build.publish`: its file stem, ``-2``
on a clash, and an atomic rename into place) and records it in the build cache
(:mod:`bookmaker.build.cache`). A book whose key is unchanged and whose files are
intact is not rebuilt.

Workers only need the paths: with Dask, stories, styles and the output folder
must be on a filesystem every worker sees under the same absolute paths.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bookmaker.build.book import ASSET, JobResult, Outcome, build_one, worker_failed
from bookmaker.build.cache import Entry, Manifest, job_identity
from bookmaker.build.plan import Job
from bookmaker.build.publish import cached_result, clean_stale_staging, publish, staging_folder
from bookmaker.errors import BookmakerError, ConfigError
from bookmaker.model import replace

__all__ = ["default_jobs", "run_parallel"]

log = logging.getLogger("bookmaker")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _resolved(folder: str | None) -> str | None:
    return str(Path(folder).resolve()) if folder else None


def _absolute(job: Job) -> Job:
    """``job`` with every path absolute, for workers whose working folder differs."""
    o = job.options
    style = o.style
    if style.endswith(".css") and Path(style).is_file():
        style = str(Path(style).resolve())
    options = replace(o, style=style, templates_dir=_resolved(o.templates_dir),
                      styles_dir=_resolved(o.styles_dir))
    anthology = job.anthology
    if anthology is not None and anthology.cover is not None:
        anthology = replace(anthology, cover=Path(anthology.cover).resolve())
    return replace(job, stories=tuple(Path(p).resolve() for p in job.stories),
                   options=options, anthology=anthology)


# --- executors: each yields Outcomes as jobs finish, in any order -------------------------

Todo = Sequence[tuple[int, Job]]


def _in_process_builder(staging: str) -> Callable[[int, Job], Outcome]:
    """:func:`build_one` in this process, each story loaded once per metadata (an
    anthology may bind a story another job builds)."""
    from bookmaker.load import load_story

    loaded: dict[tuple[Path, Any], Any] = {}

    def cached(path: Path, layers: Any) -> Any:
        key = (Path(path).resolve(), layers)  # flags and defaults change the story
        if key not in loaded:
            loaded[key] = load_story(path, layers=layers)
        return loaded[key]

    def build(index: int, job: Job) -> Outcome:
        return build_one(index, job, staging, partial(cached, layers=job.metadata))

    return build


def _in_process(todo: Todo, staging: str) -> Iterator[Outcome]:
    build = _in_process_builder(staging)
    for index, job in todo:
        yield build(index, job)


def _preload(todo: Todo) -> None:
    """Import the reader and renderers up front: once before forking, so workers share them,
    and without collecting while they load (:func:`bookmaker.process.importing`)."""
    from bookmaker.process import importing

    with importing():
        _import_renderers(todo)


def _import_renderers(todo: Todo) -> None:
    import bookmaker.load  # noqa: F401

    formats = {f for _, job in todo for f in job.formats}
    if "epub" in formats:
        import bookmaker.render.epub  # noqa: F401
    if formats & {"pdf", "print-html", "html"}:
        import bookmaker.render.print_html  # noqa: F401
    if "html" in formats:
        import bookmaker.render.preview  # noqa: F401
    if "pdf" in formats:
        import bookmaker.render.pdf  # noqa: F401


def _failed(index: int, job: Job, exc: BaseException) -> Outcome:
    if isinstance(exc, BookmakerError):
        return Outcome(index, error=exc)
    return worker_failed(index, job.name, f"{type(exc).__name__}: {exc}")


def _processes(todo: Todo, staging: str, workers: int) -> Iterator[Outcome]:
    """``workers`` at once: ``workers - 1`` forked processes and this one
    (:mod:`bookmaker.build.forked`); one at a time where the system cannot fork."""
    from bookmaker.build.forked import can_fork, forked

    if not can_fork():
        return _in_process(todo, staging)
    return forked(todo, _in_process_builder(staging), workers)


def _quiet_dask() -> None:
    """Dask sets its loggers to INFO when imported (after the CLI set the library loggers'
    level): give them the level the other libraries have, so a normal build does not print
    the cluster's start-up lines and ``-v`` still shows them."""
    level = logging.getLogger("weasyprint").level
    if level:
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(level)


def _dask(todo: Todo, staging: str, scheduler: str, workers: int) -> Iterator[Outcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError("--scheduler needs Dask distributed, which is not installed",
                          hint="pip install 'bookmaker[dask]'") from None
    _quiet_dask()
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}",
                          hint="start one with `dask scheduler`, or use --scheduler local"
                          ) from None
    try:
        futures = {client.submit(build_one, index, job, staging, pure=False): (index, job)
                   for index, job in todo}
        for future in as_completed(futures):
            if future.status == "finished":
                yield future.result()
            else:
                yield _failed(*futures[future], future.exception())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- coordination ----------------------------------------------------------------------------


def run_parallel(jobs: Sequence[Job], out_dir: Path, *, workers: int | None = None,
                 scheduler: str | None = None, force: bool = False,
                 on_done: Callable[[Job], None] | None = None,
                 memo: dict[str, str] | None = None) -> Iterator[JobResult]:
    """Build ``jobs`` into ``out_dir``, yielding results in job order.

    :param workers: processes to use (default: the number of cores); 1 builds in
        this process. With ``scheduler`` "local", the Dask workers to start.
    :param scheduler: ``None`` for local processes, ``"local"`` for a Dask
        ``LocalCluster``, or a Dask scheduler address such as ``tcp://host:8786``.
    :param force: rebuild even books the cache says are up to date.
    :param on_done: called as each job finishes (in any order), e.g. to move a
        progress bar; up-to-date books are reported at once.
    :param memo: folder digests already known (``bookmaker watch`` keeps bookmaker's
        own code hashed across rounds); default: read every folder once this run.
    :raises ConfigError: when the Dask scheduler cannot be reached.
    """
    from bookmaker.build.cache import job_key

    out_dir = Path(out_dir)
    workers = workers or default_jobs()
    manifest = Manifest.load(out_dir)
    keys: list[str] = []
    fresh: dict[int, Entry] = {}
    memo = {} if memo is None else memo
    for i, job in enumerate(jobs):
        keys.append(job_key(job, memo))
        entry = None if force else manifest.fresh(job_identity(job), keys[i])
        if entry is not None:
            fresh[i] = entry
    taken = {e.stem for e in fresh.values()} | _others(manifest, jobs, out_dir)
    todo = [(i, _absolute(job) if scheduler else job)
            for i, job in enumerate(jobs) if i not in fresh]

    staging = staging_folder(out_dir)
    done: dict[int, Outcome] = {}
    try:
        if todo and out_dir.is_dir():  # write_atomic creates the staging folder on need
            clean_stale_staging(out_dir)
        if not todo:
            outcomes: Iterator[Outcome] = iter(())
        elif scheduler:
            outcomes = _dask(todo, str(staging), scheduler, workers)
        else:
            _preload(todo)  # before any fork: the workers share what it imported
            outcomes = (_processes(todo, str(staging), min(workers, len(todo)))
                        if workers > 1 and len(todo) > 1 else _in_process(todo, str(staging)))
        for i in fresh:
            if on_done:
                on_done(jobs[i])
        nxt = 0
        for outcome in outcomes:
            done[outcome.index] = outcome
            if on_done:
                on_done(jobs[outcome.index])
            while nxt < len(jobs) and (nxt in fresh or nxt in done):
                yield _finish(nxt, jobs, fresh, done, keys, manifest, out_dir, taken)
                nxt += 1
        while nxt < len(jobs):  # only up-to-date books remain
            yield _finish(nxt, jobs, fresh, done, keys, manifest, out_dir, taken)
            nxt += 1
    finally:
        manifest.save()
        shutil.rmtree(staging, ignore_errors=True)


def _others(manifest: Manifest, jobs: Sequence[Job], out_dir: Path) -> set[str]:
    """Stems of books built here by earlier runs from other stories, whose files are still
    there: a book of this run does not overwrite them."""
    ours = {job_identity(j) for j in jobs}
    return {e.stem for ident, e in manifest.entries.items() if ident not in ours
            and any((out_dir / f.name).exists() for f in e.files if f.format != ASSET)}


def _finish(i: int, jobs: Sequence[Job], fresh: dict[int, Entry], done: dict[int, Outcome],
            keys: list[str], manifest: Manifest, out_dir: Path, taken: set[str]) -> JobResult:
    job = jobs[i]
    if i in fresh:
        return cached_result(job, fresh[i], out_dir)
    outcome = done.pop(i, None) or _failed(i, job, RuntimeError("the executor lost this job"))
    result, entry = publish(job, outcome, out_dir, taken)
    if entry is None:
        manifest.forget(job_identity(job))
    else:
        manifest.record(job_identity(job), replace(entry, key=keys[i]))
    return result
