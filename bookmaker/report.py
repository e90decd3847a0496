"""Terminal reporting for builds: a progress bar and the summary table."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["human_size", "summary_table", "Progress"]


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
        where = ", ".join(f"{s}.*" for s in stems) if r.files else "-"
        if r.ok:
            s = r.stats
            rows.append([s.title, f"{s.chapters:,}", f"{s.words:,}",
                         "-" if s.pages is None else f"{s.pages:,}",
                         *[sizes.get(f, "-") for f in formats], where])
        else:
            rows.append([r.stats.title, "failed", "", "", *[sizes.get(f, "-") for f in formats],
                         where])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    right = {1, 2, 3} | set(range(4, 4 + len(formats)))

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule, *(line(r) for r in rows)])


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
        name = self.last if len(self.last) <= 40 else "…" + self.last[-39:]
        sys.stderr.write(f"\r\x1b[KBuilding [{'#' * filled}{'-' * (width - filled)}] "
                         f"{self.done}/{self.total}  {name}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
