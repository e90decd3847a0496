"""Measure a printed book's pages: where each page's text ends, facing-page depth.

Used by the print tests and runnable on its own::

    python -m tests.pdfpages BOOK.pdf [TRIM]

A *text page* is a page of a chapter, front or end matter section that is not the
section's last page (a chapter's last page is short on purpose). A spread counts
when both its pages are text pages; its gap is the difference between the last
baselines of the two pages, in lines of the body text.
"""

from __future__ import annotations

import io
import itertools
import statistics
import sys
from dataclasses import dataclass

import pypdf

TEXT_KINDS = ("chapter", "front", "end")
"""Section kinds whose pages run text to the foot."""


@dataclass(frozen=True)
class PageText:
    """The baselines (PDF points, from the bottom) of one page's body text."""

    baselines: tuple[float, ...]
    """Distinct baselines, top to bottom."""

    @property
    def foot(self) -> float | None:
        """The last line's baseline, or ``None`` for a page without body text."""
        return self.baselines[-1] if self.baselines else None


def page_texts(data: bytes, body: tuple[float, float, float, float]) -> list[PageText]:
    """Baselines of text inside the body box ``(top, bottom, left, right)`` margins
    of each page (running heads and folios in the margins are left out)."""
    top, bottom, _, _ = body
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        ys: set[float] = set()

        def keep(text, cm, tm, font, size, ys=ys, height=height):
            y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            if text.strip() and bottom - 1 <= y <= height - top + 1:
                ys.add(round(y, 1))

        page.extract_text(visitor_text=keep)
        out.append(PageText(tuple(sorted(ys, reverse=True))))
    return out


def section_pages(data: bytes, ids: list[tuple[str, str]]) -> dict[int, str]:
    """Page index → kind of the section that starts there, for ``(id, kind)`` pairs."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    dests = reader.named_destinations
    starts: dict[int, str] = {}
    for sid, kind in ids:
        if sid in dests:
            starts.setdefault(reader.get_destination_page_number(dests[sid]), kind)
    return starts


def line_height(pages: list[PageText]) -> float:
    """The body's line pitch: the commonest gap between consecutive baselines."""
    gaps = [round(a - b, 1) for p in pages for a, b in
            itertools.pairwise(p.baselines)]
    return statistics.mode(gaps) if gaps else 12.0


@dataclass(frozen=True)
class Spread:
    """Two facing text pages and the gap between their last lines."""

    left: int
    """Page number (1-based) of the verso."""
    gap: float
    """Difference of the two feet, in lines."""


def text_pages(data: bytes, ids: list[tuple[str, str]], pages: list[PageText]) -> set[int]:
    """0-based indexes of text pages (see the module docstring): a page followed by
    a new section or by a blank page ends its section."""
    starts = section_pages(data, ids)
    n_pages = len(pages)
    kinds: list[str] = []
    current = ""
    for index in range(n_pages):
        current = starts.get(index, current)
        kinds.append(current)
    return {i for i in range(n_pages - 1)
            if kinds[i] in TEXT_KINDS and i + 1 not in starts and pages[i + 1].baselines}


def spreads(data: bytes, ids: list[tuple[str, str]],
            body: tuple[float, float, float, float]) -> list[Spread]:
    """Every spread of two text pages with its foot gap."""
    pages = page_texts(data, body)
    pitch = line_height(pages)
    text = text_pages(data, ids, pages)
    out = []
    for left in range(1, len(pages) - 1, 2):  # index 1 is page 2, a verso
        right = left + 1
        if left in text and right in text and pages[left].foot and pages[right].foot:
            gap = abs(pages[left].foot - pages[right].foot) / pitch
            out.append(Spread(left + 1, round(gap, 2)))
    return out


def book_spreads(book, data: bytes) -> list[Spread]:
    """:func:`spreads` for a bookmaker ``Book`` rendered to ``data``."""
    from bookmaker.layout import layout_book
    from bookmaker.render.trim import parse_trim

    # the book's own display pages first: a section anchored on one is not text
    ids = [("half-title", "display"), ("imprint", "display")]
    ids += [(s.id, s.kind) for s in layout_book(book).sections]
    return spreads(data, ids, parse_trim(book.options.trim).margins)


def summary(found: list[Spread]) -> str:
    """``N spreads: E equal, W within one line, worst G lines``."""
    equal = sum(s.gap < 0.05 for s in found)
    within = sum(s.gap <= 1.05 for s in found)
    worst = max((s.gap for s in found), default=0.0)
    return f"{len(found)} spreads: {equal} equal, {within} within one line, worst {worst:.2f} lines"


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    from bookmaker.render.trim import parse_trim

    raw = open(sys.argv[1], "rb").read()
    margins = parse_trim(sys.argv[2] if len(sys.argv) > 2 else None).margins
    reader = pypdf.PdfReader(io.BytesIO(raw))
    names = [(k, "chapter" if "-ch" in k else k.rsplit("-", 1)[-1].rstrip("0123456789"))
             for k in reader.named_destinations if "-" in k and not k.endswith("-text")]
    result = spreads(raw, names, margins)
    print(summary(result))
    for s in result:
        if s.gap > 0.05:
            print(f"  pages {s.left}-{s.left + 1}: {s.gap} lines")
