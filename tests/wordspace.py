"""Measure justification: how far word spaces stretch over the font's normal space.

    python -m tests.wordspace BOOK.pdf

For every justified line (one that reaches the right edge of the text block) the
gaps between words are compared with the face's own space (its advance, read from
the font). Prints the median stretch and the share of lines whose spaces are more
than twice the normal width.
"""

from __future__ import annotations

import statistics
import sys

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

SPACE_EM = 0.233
"""Source Serif's space advance in em (its hmtx: 233 of 1000 units)."""
PX = 0.75
"""pdfium reports WeasyPrint's font sizes in CSS px; boxes are in points."""


def line_stretches(data: bytes) -> list[float]:
    """The mean space stretch (1.0 = normal) of each justified body line."""
    document = pdfium.PdfDocument(data)
    out: list[float] = []
    try:
        for page in document:
            text = page.get_textpage()
            lines: dict[int, list[tuple[float, float, str, float]]] = {}
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                left, low, right, _ = text.get_charbox(i, loose=True)
                size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
                lines.setdefault(round(low), []).append((left, right, ch, size))
            rights = [max(r for _, r, _, _ in chars) for chars in lines.values()]
            edge = statistics.median_high(rights) if rights else 0
            for chars in lines.values():
                chars.sort()
                words, gaps = _gaps(chars)
                if words < 4 or max(r for _, r, _, _ in chars) < edge - 1:
                    continue
                size = statistics.median(c[3] for c in chars) * PX
                out.append(statistics.mean(gaps) / (SPACE_EM * size))
    finally:
        document.close()
    return out


def _gaps(chars: list[tuple[float, float, str, float]]) -> tuple[int, list[float]]:
    gaps: list[float] = []
    previous_right = None
    words = 0
    in_space = True
    for left, right, ch, _ in chars:
        if ch.isspace() or ch == "\x00":
            in_space = True
            continue
        if in_space:
            words += 1
            if previous_right is not None:
                gaps.append(left - previous_right)
        in_space = False
        previous_right = right
    return words, gaps or [0.0]


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    values = line_stretches(open(sys.argv[1], "rb").read())
    over = sum(v > 2 for v in values)
    print(f"{len(values)} lines: median space {statistics.median(values) - 1:+.0%},"
          f" {over / len(values):.0%} more than double")
