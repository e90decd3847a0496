"""Terminal reporting for builds: a progress bar, the summary table, and safe printing.

Titles, authors and file names come from files people share, so everything
printed passes through :func:`terminal_safe`: control characters (``ESC[2J``
clears the screen) and bidirectional overrides (U+202E reverses what follows) are
shown as ``\\u001b``-style escapes instead of acting on the terminal. :func:`say`
prints a line and, when the stream is gone (``| head -1``, ``> /dev/full``), stops
printing to it quietly; the build goes on and its exit status follows the books.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookmaker.build.book import JobResult
    from bookmaker.build.plan import Job

__all__ = ["human_size", "summary_table", "Progress", "terminal_safe", "say", "SafeFormatter",
           "stage", "showing_stages", "weasyprint_stage", "warn_once"]

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069]")
"""C0/C1 controls (but tab and newline), DEL, line separators and bidi controls."""
_BROKEN: set[str] = set()
"""Streams (``stdout``, ``stderr``) found closed or full: nothing more is written to them."""


def terminal_safe(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control or bidi character shown as a ``\\uXXXX`` escape.

    Inside JSON strings the escapes are valid JSON for the same characters.
    """
    def escape(m: re.Match[str]) -> str:
        return f"\\u{ord(m.group()):04x}"

    text = _UNSAFE.sub(escape, str(text))
    return text if newlines else text.replace("\n", "\\u000a").replace("\t", " ")


def _silence(name: str) -> None:
    """Point the stream's descriptor at /dev/null so the exit-time flush cannot fail."""
    _BROKEN.add(name)
    stream = getattr(sys, name)
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, stream.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):  # captured streams (tests) have no fd
        pass


def say(text: str, *, err: bool = False) -> bool:
    """Print ``text`` (:func:`terminal_safe`) and a newline; ``False`` if the stream is gone."""
    import click

    name = "stderr" if err else "stdout"
    if name in _BROKEN:
        return False
    try:
        click.echo(terminal_safe(text), err=err)
    except (OSError, ValueError):  # EPIPE, ENOSPC, EIO, or a closed file
        _silence(name)
        return False
    return True


_WARNED: set[str] = set()
"""Warnings given in this process: a story loaded twice (a book and an anthology) is one."""


def warn_once(message: str) -> None:
    """``message`` as a warning on stderr (through logging, so ``-q`` silences it), once."""
    if message not in _WARNED:
        _WARNED.add(message)
        logging.getLogger("bookmaker").warning("%s", message)


class SafeFormatter(logging.Formatter):
    """A log formatter whose messages are :func:`terminal_safe` (file names, titles in logs)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


def human_size(size: int) -> str:
    for unit in ("B", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:,} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return str(size)


def summary_table(results: Sequence[JobResult], out_dir: Path) -> str:
    """The table printed after a build: one row per book."""
    formats = list(dict.fromkeys(f.format for r in results for f in r.files))
    head = ["Book", "Chapters", "Words", "Pages", *[f.upper() for f in formats], "Written to"]
    rows = []
    for r in results:
        sizes = {f.format: human_size(f.size) for f in r.files}
        stems = sorted({str(f.path.with_suffix("")) for f in r.files})
        where = _cell(", ".join(f"{s}.*" for s in stems)) if r.files else "-"
        if r.ok:
            s = r.stats
            rows.append([_cell(s.title), f"{s.chapters:,}", f"{s.words:,}",
                         "-" if s.pages is None else f"{s.pages:,}",
                         *[sizes.get(f, "-") for f in formats], where])
        else:
            rows.append([_cell(r.stats.title), "failed", "", "",
                         *[sizes.get(f, "-") for f in formats], where])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    right = {1, 2, 3} | set(range(4, 4 + len(formats)))

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule, *(line(r) for r in rows)])


def _cell(text: str) -> str:
    return terminal_safe(text, newlines=False)


STAGE_REDRAW_SECONDS = 0.1
"""Stages (one per page laid out) redraw the line at most ten times a second."""


class Progress:
    """A one-line progress bar on stderr that result lines can be printed above.

    :meth:`stage` adds what the book being built is doing (read, layout, page 40…).
    """

    def __init__(self, total: int) -> None:
        self.total, self.done, self.last = total, 0, ""
        self.now, self._drawn = "", 0.0

    def advance(self, job: Job) -> None:
        self.done, self.last, self.now = self.done + 1, job.name, ""
        self.draw()

    def stage(self, text: str) -> None:
        """Show ``text`` as the current stage (redrawn at most every 0.1 s)."""
        self.now = text
        if time.monotonic() - self._drawn >= STAGE_REDRAW_SECONDS:
            self.draw()

    def draw(self) -> None:
        self._drawn = time.monotonic()
        width = 30
        filled = width * self.done // max(self.total, 1)
        last = _cell(self.last)
        name = last if len(last) <= 40 else "…" + last[-39:]
        now = f"  {_cell(self.now)[:50]}" if self.now else ""
        self._write(f"\r\x1b[KBuilding [{'#' * filled}{'-' * (width - filled)}] "
                    f"{self.done}/{self.total}  {name}{now}")

    def clear(self) -> None:
        self._write("\r\x1b[K")

    @staticmethod
    def _write(text: str) -> None:
        if "stderr" in _BROKEN:
            return
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):
            _silence("stderr")


# --- stages within one book --------------------------------------------------------------

StageSink = Callable[[str], None]
_SINK: list[StageSink] = []
"""The sink of :func:`stage` while :func:`showing_stages` is active (else stages are free)."""


def stage(text: str) -> None:
    """Report the stage the book being built is in (``read bounty.txt``, ``pdf: page 12``).

    Costs nothing unless a terminal asked to see stages (:func:`showing_stages`).
    """
    if _SINK:
        _SINK[-1](text)


_STEP = re.compile(r"Step (\d) - (?:Creating layout - Page (\d+))?")
_STEPS = {"1": "pdf: reading the print HTML", "2": "pdf: reading the style sheets",
          "3": "pdf: applying the styles", "4": "pdf: building boxes",
          "6": "pdf: drawing pages", "7": "pdf: metadata"}
"""WeasyPrint 70's progress steps (logger ``weasyprint.progress``), in a reader's words."""


def weasyprint_stage(message: str) -> str | None:
    """Our stage for one of WeasyPrint's progress messages (``None`` for the others)."""
    m = _STEP.match(message)
    if m is None:
        return None
    if m.group(1) == "5":
        return f"pdf: laying out page {m.group(2)}" if m.group(2) else "pdf: laying out"
    return _STEPS.get(m.group(1))


class _WeasyPrintProgress(logging.Handler):
    """WeasyPrint's progress log as stages (it reports each page as it lays it out)."""

    def emit(self, record: logging.LogRecord) -> None:
        text = weasyprint_stage(record.getMessage())
        if text:
            stage(text)


@contextmanager
def showing_stages(sink: StageSink) -> Iterator[None]:
    """Send :func:`stage` reports, WeasyPrint's page-by-page progress among them, to ``sink``."""
    logger = logging.getLogger("weasyprint.progress")
    handler = _WeasyPrintProgress()
    before = (logger.level, logger.propagate)
    _SINK.append(sink)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # its INFO lines are ours to show, not the log's
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
        logger.propagate = before[1]
        _SINK.remove(sink)
