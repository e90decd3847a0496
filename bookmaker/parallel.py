"""Build many books at once: in this process, in local worker processes, or on Dask.

Every executor runs the same per-book function, :func:`build_one`: load the
stories, assemble the book, render each format and write the files into a
staging folder inside the output folder. The coordinating process then, in job
order, picks each book's file stem (``-2``, ``-3``… on a clash), renames the
staged files into place (an atomic rename on the same filesystem) and records
them in the build cache (:mod:`bookmaker.cache`). A book whose key is unchanged and whose files are
intact is not rebuilt.

Workers only need the paths: with Dask, stories, styles and the output folder
must be on a filesystem every worker sees under the same absolute paths.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.batch import Job, JobResult
from bookmaker.build import BookStats, BuildResult, slugify
from bookmaker.cache import CachedFile, Entry, Manifest, file_digest, job_identity
from bookmaker.errors import BookmakerError, ConfigError, RenderError
from bookmaker.model import replace

__all__ = ["Staged", "Outcome", "build_one", "default_jobs", "run_parallel"]

log = logging.getLogger("bookmaker")


@dataclass(frozen=True)
class Staged:
    """A file a worker wrote into the staging folder."""

    format: str
    """``epub``, ``pdf``, ``html`` or ``proof``."""
    path: str
    """Absolute path of the staged file."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex SHA-256 of its bytes."""


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one job (small and picklable: no Book)."""

    index: int
    """The job's position in the run."""
    stats: BookStats = BookStats()
    """Title, chapters, words and pages (empty when it failed before loading)."""
    stem: str = ""
    """The file stem the book asks for (job's stem or the slug of its title)."""
    staged: tuple[Staged, ...] = ()
    """Files written to the staging folder, in format order."""
    error: BookmakerError | None = None
    """Why the job failed, or ``None``."""
    seconds: float = 0.0
    """Wall time the worker spent on the job."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def build_one(index: int, job: Job, staging: str,
              load: Callable[[Path], Any] | None = None) -> Outcome:
    """Build ``job`` into ``staging/<index>.<format>``; never raises for a bad book."""
    from bookmaker.batch import assemble_job, pdf_page_count
    from bookmaker.build import build_book

    start = time.perf_counter()
    written: list[BuildResult] = []
    book = None
    error: BookmakerError | None = None
    try:
        book = assemble_job(job, load)
        build_book(book, Path(staging), job.formats, stem=f"{index:06d}",
                   on_written=written.append)
    except BookmakerError as exc:
        error = exc
    except Exception as exc:  # a bug in one book must not stop the others
        log.debug("internal error building %s", job.name, exc_info=True)
        error = RenderError(f"internal error: {type(exc).__name__}: {exc}", path=job.name,
                            hint="run with -v for details and report it")
    staged = tuple(Staged(r.format, str(r.path), r.size, file_digest(r.path)) for r in written)
    pdf = next((r.path for r in written if r.format == "pdf"), None)
    seconds = time.perf_counter() - start
    if book is None:
        return Outcome(index, staged=staged, error=error, seconds=seconds)
    return Outcome(
        index,
        stats=BookStats.of(book, pdf_page_count(pdf) if pdf else None),
        stem=job.stem or slugify(book.title),
        staged=staged,
        error=error,
        seconds=seconds,
    )


def _absolute(job: Job) -> Job:
    """``job`` with every path absolute, for workers whose working folder differs."""
    options = dict(job.options)
    for opt in ("templates_dir", "styles_dir"):
        if options.get(opt):
            options[opt] = str(Path(options[opt]).resolve())
    style = options.get("style")
    if isinstance(style, str) and style.endswith(".css") and Path(style).is_file():
        options["style"] = str(Path(style).resolve())
    anthology = job.anthology
    if anthology is not None and anthology.cover is not None:
        anthology = replace(anthology, cover=Path(anthology.cover).resolve())
    return replace(job, stories=tuple(Path(p).resolve() for p in job.stories),
                   options=options, anthology=anthology)


# --- executors: each yields Outcomes as jobs finish, in any order -------------------------

Todo = Sequence[tuple[int, Job]]


def _in_process(todo: Todo, staging: str) -> Iterator[Outcome]:
    from bookmaker.assemble import load_story

    loaded: dict[Path, Any] = {}

    def cached(path: Path) -> Any:  # a story bound into an anthology is loaded once
        key = Path(path).resolve()
        if key not in loaded:
            loaded[key] = load_story(path)
        return loaded[key]

    for index, job in todo:
        yield build_one(index, job, staging, cached)


def _preload(todo: Todo) -> None:
    """Import the renderers once before forking, so workers share them."""
    import bookmaker.assemble  # noqa: F401

    formats = {f for _, job in todo for f in job.formats}
    if "epub" in formats:
        import bookmaker.render.epub  # noqa: F401
    if formats & {"pdf", "html"}:
        import bookmaker.render.print_html  # noqa: F401
    if "pdf" in formats:
        import bookmaker.render.pdf  # noqa: F401


def _failed(index: int, job: Job, exc: BaseException) -> Outcome:
    if isinstance(exc, BookmakerError):
        return Outcome(index, error=exc)
    return Outcome(index, error=RenderError(
        f"worker failed: {type(exc).__name__}: {exc}", path=job.name,
        hint="a worker process died (out of memory?); run again with --jobs 1 for details"))


def _processes(todo: Todo, staging: str, workers: int) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _preload(todo)
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(build_one, index, job, staging): (index, job)
                   for index, job in todo}
        try:
            for future in as_completed(futures):
                exc = future.exception()
                yield _failed(*futures[future], exc) if exc else future.result()
        finally:
            for future in futures:
                future.cancel()


def _dask(todo: Todo, staging: str, scheduler: str, workers: int) -> Iterator[Outcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ConfigError("--scheduler needs Dask distributed, which is not installed",
                          hint="pip install 'bookmaker[dask]'") from None
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


def _unique(stem: str, taken: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


_STAGING = ".bookmaker-staging-"


def _clean_stale_staging(out_dir: Path) -> None:
    """Remove staging folders left by killed runs (their process is gone)."""
    for folder in out_dir.glob(f"{_STAGING}*"):
        try:
            pid = int(folder.name.rsplit("-", 1)[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            pass


def _cached_result(job: Job, entry: Entry, out_dir: Path) -> JobResult:
    files = tuple(BuildResult(None, f.format, out_dir / f.name, f.size) for f in entry.files)
    return JobResult(job=job, stats=entry.stats, files=files, up_to_date=True)


def _publish(job: Job, outcome: Outcome, out_dir: Path, taken: set[str]
             ) -> tuple[JobResult, Entry | None]:
    """Rename the staged files into place; the result, and the cache entry when all went well."""
    from bookmaker.errors import OutputError

    stem = _unique(outcome.stem, taken) if outcome.stem else ""
    files: list[BuildResult] = []
    recorded: list[CachedFile] = []
    error = outcome.error
    for s in outcome.staged:
        name = f"{stem}-proof.png" if s.format == "proof" else f"{stem}.{s.format}"
        target = out_dir / name
        try:
            os.replace(s.path, target)
        except OSError as exc:
            error = error or OutputError(f"cannot write: {exc.strerror or exc}", path=target)
            continue
        files.append(BuildResult(None, s.format, target, s.size))
        recorded.append(CachedFile(s.format, name, s.size, s.sha256))
    stats = outcome.stats if outcome.stats.title else replace(outcome.stats, title=job.name)
    result = JobResult(job=job, stats=stats, files=tuple(files), error=error)
    if error is not None:
        return result, None
    return result, Entry(key="", stem=stem, stats=outcome.stats, files=tuple(recorded))


def run_parallel(jobs: Sequence[Job], out_dir: Path, *, workers: int | None = None,
                 scheduler: str | None = None, force: bool = False,
                 on_done: Callable[[Job], None] | None = None) -> Iterator[JobResult]:
    """Build ``jobs`` into ``out_dir``, yielding results in job order.

    :param workers: processes to use (default: the number of cores); 1 builds in
        this process. With ``scheduler`` "local", the Dask workers to start.
    :param scheduler: ``None`` for local processes, ``"local"`` for a Dask
        ``LocalCluster``, or a Dask scheduler address such as ``tcp://host:8786``.
    :param force: rebuild even books the cache says are up to date.
    :param on_done: called as each job finishes (in any order), e.g. to move a
        progress bar; up-to-date books are reported at once.
    :raises ConfigError: when the Dask scheduler cannot be reached.
    """
    from bookmaker.cache import job_key

    out_dir = Path(out_dir)
    workers = workers or default_jobs()
    manifest = Manifest.load(out_dir)
    keys: list[str] = []
    fresh: dict[int, Entry] = {}
    memo: dict[str, str] = {}
    for i, job in enumerate(jobs):
        keys.append(job_key(job, memo))
        entry = None if force else manifest.fresh(job_identity(job), keys[i])
        if entry is not None:
            fresh[i] = entry
    taken = {e.stem for e in fresh.values()}
    todo = [(i, _absolute(job) if scheduler else job)
            for i, job in enumerate(jobs) if i not in fresh]

    staging = (out_dir / f"{_STAGING}{os.getpid()}").resolve()
    done: dict[int, Outcome] = {}
    try:
        if todo and out_dir.is_dir():  # write_atomic creates the staging folder on need
            _clean_stale_staging(out_dir)
        if not todo:
            outcomes: Iterator[Outcome] = iter(())
        elif scheduler:
            outcomes = _dask(todo, str(staging), scheduler, workers)
        elif workers > 1 and len(todo) > 1:
            outcomes = _processes(todo, str(staging), min(workers, len(todo)))
        else:
            outcomes = _in_process(todo, str(staging))
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


def _finish(i: int, jobs: Sequence[Job], fresh: dict[int, Entry], done: dict[int, Outcome],
            keys: list[str], manifest: Manifest, out_dir: Path, taken: set[str]) -> JobResult:
    job = jobs[i]
    if i in fresh:
        return _cached_result(job, fresh[i], out_dir)
    outcome = done.pop(i, None) or _failed(i, job, RuntimeError("the executor lost this job"))
    result, entry = _publish(job, outcome, out_dir, taken)
    if entry is None:
        manifest.forget(job_identity(job))
    else:
        manifest.record(job_identity(job), replace(entry, key=keys[i]))
    return result
