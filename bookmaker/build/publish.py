"""Publish: move a book's staged files into the output folder under a unique stem."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bookmaker.build.book import BuildResult, JobResult, Outcome
from bookmaker.build.cache import CachedFile, Entry
from bookmaker.build.plan import Job
from bookmaker.errors import OutputError
from bookmaker.model import replace

__all__ = ["unique_stem", "STAGING_PREFIX", "clean_stale_staging",
           "cached_result", "publish"]


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… when a book of this run already took it."""
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


STAGING_PREFIX = ".bookmaker-staging-"


def clean_stale_staging(out_dir: Path) -> None:
    """Remove staging folders left by killed runs (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int(folder.name.rsplit("-", 1)[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, PermissionError, OSError):
            pass


def cached_result(job: Job, entry: Entry, out_dir: Path) -> JobResult:
    files = tuple(BuildResult(None, f.format, out_dir / f.name, f.size) for f in entry.files)
    return JobResult(job=job, stats=entry.stats, files=files, up_to_date=True)


def publish(job: Job, outcome: Outcome, out_dir: Path, taken: set[str]
             ) -> tuple[JobResult, Entry | None]:
    """Rename the staged files into place; the result, and the cache entry when all went well."""

    stem = unique_stem(outcome.stem, taken) if outcome.stem else ""
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
