"""Lines to paragraphs: blank-line gaps, single-newline paragraphs, hard-wrapped text.

The text is cut into :class:`Para` items, each remembering its first source line
and the number of blank lines before it (its *gap*), which later stages use as
evidence (a heading stands alone; a wider gap than usual is a scene break).

- Blank-line or single-newline separated text: every non-blank line is a paragraph.
- Hard-wrapped text (Project Gutenberg style, lines of about 70 characters): lines
  are joined back; a line ends its paragraph when the next line's first word would
  have fitted on it (so the author, not the wrapping, broke the line there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bookmaker.model import Decision
from bookmaker.parse.codes import decision

__all__ = ["Para", "Layout", "split_paragraphs"]


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph (or stand-alone line) of the source."""

    line: int
    """1-based source line where it starts."""
    text: str
    """The text, lines joined with single spaces when unwrapped."""
    gap: int
    """Blank lines before it (for the first paragraph: blank lines before it in the file)."""
    lines: int = 1
    """How many source lines it spans."""


@dataclass(frozen=True)
class Layout:
    """Paragraphs of a text and how they were found."""

    paras: tuple[Para, ...]
    """All paragraphs in source order."""
    wrap_width: int | None
    """The wrapping width when the text was hard-wrapped, else ``None``."""
    decisions: tuple[Decision, ...] = ()
    """Decisions about the layout (hard wrapping)."""


def _wrap_width(blocks: list[tuple[int, int, list[str]]]) -> int | None:
    """Detect hard wrapping: the width most lines stop near, or ``None``."""
    lengths = [len(s) for _, _, lines in blocks for s in lines]
    if len(lengths) < 12:
        return None
    inner = [len(s) for _, _, lines in blocks for s in lines[:-1]]  # lines followed by a line
    if len(inner) < 0.5 * len(lengths):
        return None
    ordered = sorted(lengths)
    width = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    if not 40 <= width <= 100:
        return None
    full = sum(1 for n in inner if n >= 0.8 * width)
    return width if full >= 0.5 * len(inner) else None


def _unwrap(lines: list[str], width: int,
            standalone: Callable[[str], bool]) -> list[tuple[int, list[str]]]:
    """Group the lines of one block into paragraphs: ``(offset, lines)`` pairs."""
    groups: list[tuple[int, list[str]]] = []
    alone = [standalone(line) for line in lines]
    for i, line in enumerate(lines):
        if i and not alone[i] and not alone[i - 1]:
            prev = lines[i - 1]
            first_word = len(line.split(" ", 1)[0])
            if len(prev) + 1 + first_word > width - 2:  # the wrapper broke here
                groups[-1][1].append(line)
                continue
        groups.append((i, [line]))
    return groups


def split_paragraphs(text: str, standalone: Callable[[str], bool],
                     keep: frozenset[int] = frozenset()) -> Layout:
    """Cut ``text`` into paragraphs.

    :param text: normalized story text (indentation is tolerated and stripped).
    :param standalone: tells lines that are never joined to a neighbour (headings,
        scene-break symbols), used when unwrapping.
    :param keep: 1-based line numbers that always stand alone (sidecar headings).
    """
    blocks: list[tuple[int, int, list[str]]] = []  # (first line, gap before, lines)
    gap = 0
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            if current:
                blocks.append((start, gap, current))
                current, gap = [], 0
            gap += 1
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, gap, current))

    width = _wrap_width(blocks)
    paras: list[Para] = []
    for first, gap, lines in blocks:
        if width is None:
            paras.extend(Para(first + i, s, gap if i == 0 else 0) for i, s in enumerate(lines))
            continue
        for offset, group in _unwrap(lines, width, standalone):
            span = range(first + offset, first + offset + len(group))
            if len(group) > 1 and keep and any(n in keep for n in span):
                # a sidecar heading inside a wrapped paragraph: split around it
                for j, s in enumerate(group):
                    paras.append(Para(first + offset + j, s, gap if offset + j == 0 else 0))
                continue
            paras.append(Para(first + offset, " ".join(group), gap if offset == 0 else 0,
                              len(group)))
    decisions: tuple[Decision, ...] = ()
    if width is not None:
        decisions = (decision("layout.unwrap", 1,
                              f"lines stop near {width} characters: hard-wrapped text, "
                              "lines joined into paragraphs"),)
    return Layout(tuple(paras), width, decisions)
