"""Publish: move a book's staged files into the output folder under a unique stem."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from bookmaker.build.book import ASSET, BuildResult, JobResult, Outcome, Staged
from bookmaker.build.cache import CachedFile, Entry
from bookmaker.build.files import plain_folder
from bookmaker.build.plan import Job
from bookmaker.errors import BookmakerError, OutputError
from bookmaker.model import replace
from bookmaker.settings.options import file_name

__all__ = ["unique_stem", "STAGING_PREFIX", "staging_folder", "clean_stale_staging",
           "cached_result", "publish"]


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… when a book of this run already took it."""
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


STAGING_PREFIX = ".bookmaker-staging-"
FOREIGN_STALE_SECONDS = 24 * 3600
"""A staging folder of another host (a shared output folder) is stale after a day untouched."""


def _host() -> str:
    """This machine's name, for staging folders (``os.uname``: the socket module costs an
    import on every build)."""
    if hasattr(os, "uname"):
        name = os.uname().nodename
    else:  # pragma: no cover - not POSIX
        import socket

        name = socket.gethostname()
    return re.sub(r"[^A-Za-z0-9.]+", "_", name)[:60] or "host"


def staging_folder(out_dir: Path) -> Path:
    """A new staging folder name for this run: ``.bookmaker-staging-<host>-<pid>-<random>``.

    Unique per host, process and run, so two runs (or two machines sharing the
    output folder, or a recycled pid) never write into each other's folder.
    """
    return (Path(out_dir) / f"{STAGING_PREFIX}{_host()}-{os.getpid()}-"
            f"{os.urandom(4).hex()}").resolve()  # os.urandom: secrets costs an import


def _stale(folder: Path, host: str) -> bool:
    """Whether a staging folder's run is over: its process is gone (this host) or it is old."""
    parts = folder.name[len(STAGING_PREFIX):].rsplit("-", 2)
    if len(parts) == 3 and parts[0] == host and parts[1].isdigit():
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            return True
        except OSError:  # alive, but another user's
            return False
        return False
    try:
        return time.time() - folder.stat().st_mtime > FOREIGN_STALE_SECONDS
    except OSError:
        return False


def clean_stale_staging(out_dir: Path) -> None:
    """Remove staging folders left by killed runs (see :func:`_stale`)."""
    host = _host()
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        if folder.is_dir() and not folder.is_symlink() and _stale(folder, host):
            shutil.rmtree(folder, ignore_errors=True)


def _plain_stem(stem: str) -> str:
    """``stem`` when it is one plain file name, else its slug: never a path out of the folder."""
    if Path(stem).name == stem and not stem.startswith(".") and "\\" not in stem:
        return stem
    from bookmaker.build.files import slugify

    return slugify(stem)


def _public(error: BookmakerError | None, out_dir: Path) -> BookmakerError | None:
    """``error`` naming the output folder instead of the hidden staging folder inside it."""
    if error is None or not error.path or STAGING_PREFIX not in error.path:
        return error
    return type(error)(error.message, path=out_dir, hint=error.hint)


def _place(staged: Staged, target: Path) -> OutputError | None:
    """Rename a staged file to ``target``; what went wrong, or ``None``."""
    try:
        if staged.format == ASSET:  # shared by the books of the folder, named by content
            plain_folder(target.parent)
        os.replace(staged.path, target)
    except OutputError as exc:
        return OutputError(exc.message, path=target)
    except OSError as exc:
        return OutputError(f"cannot write: {exc.strerror or exc}", path=target)
    return None


def _target_name(staged: Staged, stem: str) -> str | None:
    """The name of a staged file in the output folder; ``None`` for an asset whose name
    would leave its folder."""
    if staged.format == ASSET:
        from bookmaker.render.preview import is_asset_name

        return staged.name if is_asset_name(staged.name) else None
    return f"{stem}-proof.png" if staged.format == "proof" else file_name(stem, staged.format)


def cached_result(job: Job, entry: Entry, out_dir: Path) -> JobResult:
    files = tuple(BuildResult(None, f.format, out_dir / f.name, f.size) for f in entry.files
                  if f.format != ASSET)
    return JobResult(job=job, stats=entry.stats, files=files, up_to_date=True)


def publish(job: Job, outcome: Outcome, out_dir: Path, taken: set[str]
             ) -> tuple[JobResult, Entry | None]:
    """Rename the staged files into place; the result, and the cache entry when all went well."""
    from bookmaker.render import ASSETS

    wanted = _plain_stem(outcome.stem) if outcome.stem else ""
    stem = unique_stem(wanted, taken) if wanted else ""
    note = (f'"{wanted}" is another book\'s name in {out_dir}: written as "{stem}"'
            if stem != wanted else "")
    files: list[BuildResult] = []
    recorded: list[CachedFile] = []
    error = _public(outcome.error, out_dir)
    assets_failed = False  # then the page that links them is not put in place either
    for s in outcome.staged:
        if assets_failed and s.format in ASSETS:
            continue
        name = _target_name(s, stem)
        problem = (OutputError(f"refusing to write {s.name!r}", path=out_dir) if name is None
                   else _place(s, out_dir / name))
        if problem is not None or name is None:
            error = error or problem
            assets_failed = assets_failed or s.format == ASSET
            continue
        if s.format != ASSET:  # the book's own files are listed; what they link is not
            files.append(BuildResult(None, s.format, out_dir / name, s.size))
        recorded.append(CachedFile(s.format, name, s.size, s.sha256))
    stats = outcome.stats if outcome.stats.title else replace(outcome.stats, title=job.name)
    result = JobResult(job=job, stats=stats, files=tuple(files), error=error, note=note)
    if error is not None:
        return result, None
    return result, Entry(key="", stem=stem, stats=outcome.stats, files=tuple(recorded))
