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
from pathlib import Path

__all__ = ["human_size", "summary_table", "Progress", "terminal_safe", "say", "SafeFormatter"]

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


def summary_table(results, out_dir: Path) -> str:
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


class Progress:
    """A one-line progress bar on stderr that result lines can be printed above."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.last = total, 0, ""

    def advance(self, job) -> None:
        self.done, self.last = self.done + 1, job.name
        self.draw()

    def draw(self) -> None:
        width = 30
        filled = width * self.done // max(self.total, 1)
        last = _cell(self.last)
        name = last if len(last) <= 40 else "…" + last[-39:]
        self._write(f"\r\x1b[KBuilding [{'#' * filled}{'-' * (width - filled)}] "
                    f"{self.done}/{self.total}  {name}")

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
