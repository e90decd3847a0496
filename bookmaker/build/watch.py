"""``bookmaker watch``: rebuild what changed on save, in one warm process.

The loop polls the modification times of every file the books read (stories,
sidecars and their covers, style sheets, templates, the project file, the
folders stories are found in). When any changed it plans the books again and
runs them through :func:`bookmaker.build.run.run_parallel` in this process: the
build cache (:mod:`bookmaker.build.cache`) skips every book whose inputs are
unchanged, so only the edited book is rebuilt. Modules stay imported and
bookmaker's own code is hashed once per watch, which is what keeps a rebuild
warm. A bad edit is one ``Error:`` line; the loop keeps watching.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bookmaker.build.book import JobResult
from bookmaker.build.plan import Job
from bookmaker.errors import BookmakerError

__all__ = ["Plan", "Snapshot", "watched_files", "snapshot", "rebuild_line", "watch"]

POLL_SECONDS = 0.3
"""How often files are looked at: a save shows within a third of a second, at ~no CPU."""

Snapshot = dict[Path, tuple[int, int] | None]
"""Per watched path: (modification time in ns, size), or ``None`` when it does not exist."""


@dataclass(frozen=True)
class Plan:
    """The books to build on one round, where, and the files to watch besides theirs."""

    jobs: tuple[Job, ...]
    out_dir: Path
    extra: tuple[Path, ...] = field(default=())
    """Files and folders watched besides the jobs' inputs (the project file, stories/)."""


def _sidecar_cover(sidecar: Path) -> Path | None:
    """The cover a sidecar names, if it can be read (the build reports a bad sidecar)."""
    try:
        value = tomllib.loads(sidecar.read_text(encoding="utf-8")).get("cover")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return sidecar.parent / value if isinstance(value, str) else None


def _tree(folder: str | None) -> list[Path]:
    if not folder or not Path(folder).is_dir():
        return []
    root = Path(folder)
    return [root, *(p for p in root.rglob("*") if "__pycache__" not in p.parts)]


def watched_files(plan: Plan) -> tuple[Path, ...]:
    """Every path whose change may change a book of ``plan``, each once, sorted."""
    paths: set[Path] = set(plan.extra)
    for job in plan.jobs:
        for story in job.stories:
            sidecar = Path(story).with_suffix(".toml")
            paths.update((Path(story), sidecar, Path(story).parent))
            cover = _sidecar_cover(sidecar) if sidecar.is_file() else None
            if cover is not None:
                paths.add(cover)
        if job.anthology is not None and job.anthology.cover is not None:
            paths.add(Path(job.anthology.cover))
        o = job.options
        if o.style.endswith(".css"):
            paths.add(Path(o.style))
        paths.update(_tree(o.styles_dir))
        paths.update(_tree(o.templates_dir))
    return tuple(sorted(paths))


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """The modification time and size of each path (``None`` when missing)."""
    found: Snapshot = {}
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            found[p] = None
        else:
            found[p] = (st.st_mtime_ns, st.st_size)
    return found


def rebuild_line(results: Sequence[JobResult], seconds: float) -> str | None:
    """One line for a round that rebuilt books: the files written and the time; else ``None``."""
    files = [str(f.path) for r in results if r.ok and not r.up_to_date for f in r.files]
    if not files:
        return None
    stamp = time.strftime("%H:%M:%S")
    return f"{stamp} rebuilt {', '.join(files)} in {seconds * 1000:.0f} ms"


def _build(plan: Plan, memo: dict[str, str], say: Callable[..., object]) -> bool:
    """Run one round's jobs in this process and report them; whether a book was rebuilt."""
    from bookmaker.build.run import run_parallel

    start = time.perf_counter()
    results = list(run_parallel(plan.jobs, plan.out_dir, workers=1, memo=dict(memo)))
    seconds = time.perf_counter() - start
    for r in results:
        if r.error is not None:
            say(f"Error: {r.error}", err=True)
    line = rebuild_line(results, seconds)
    if line:
        say(line)
    return line is not None


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def watch(planner: Callable[[], Plan], *, fixed: Sequence[Path] = (),
          interval: float = POLL_SECONDS, rounds: int | None = None,
          say: Callable[..., object] = print,
          sleep: Callable[[float], None] | None = None) -> int:
    """Build, then rebuild whenever a watched file changes; return the rounds that rebuilt.

    :param planner: plans the books again (it reads the project file, so it may raise
        :class:`BookmakerError`: reported in one line, and watched until fixed).
    :param fixed: paths watched even when planning fails (the project file, its folder).
    :param rounds: stop after this many polls (tests); ``None`` watches until Ctrl-C.
    :param say: prints a line (``err=True`` for errors).
    :param sleep: waits between polls (default :func:`time.sleep`; tests pass one that
        edits files).
    """
    from bookmaker.build.cache import code_digest
    from bookmaker.render.templating import reload_on_change

    reload_on_change()  # a template edited under the watch is read again
    pause = sleep or _pause
    memo: dict[str, str] = {}
    code_digest(memo)  # bookmaker's own code does not change under a running watch
    watched: tuple[Path, ...] = tuple(fixed)
    seen: Snapshot | None = None
    built = polls = 0
    while rounds is None or polls < rounds:
        polls += 1
        if seen is None or snapshot(watched) != seen:
            try:
                plan = planner()
            except BookmakerError as exc:
                say(f"Error: {exc}", err=True)
                seen = snapshot(watched)
            else:
                watched = tuple(sorted(set(watched_files(plan)) | set(fixed)))
                seen = snapshot(watched)  # before building: a save during the build counts
                built += _build(plan, memo, say)
        if rounds is None or polls < rounds:
            pause(interval)
    return built
