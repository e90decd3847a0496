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
from bookmaker.patterns import regex

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


MIN_WRAP_LINES = 12
"""Too few lines to measure wrapping."""
WRAP_PERCENTILE = 0.9
"""The wrap width is the length most wrapped lines stay within (a header or a licence wrapped
wider, or a stray long line, aside)."""
WRAP_RANGE = (40, 100)
"""Widths people and tools wrap at; outside it lines are paragraphs."""
FULL_SHARE = 0.8
"""A line this close to the width was filled by the wrapper."""
RAGGED_FLOOR = 0.6
"""Lines shorter than this share of the width are not wrapped lines when measuring the edge."""
RAGGED_PERCENTILE = 0.1
"""The ragged edge: how short the shorter wrapped lines get (hand wrapping varies)."""


# ``Genre: Comedy`` in a block of such fields: each field starts its own paragraph.
_FIELD_RE = regex(r"^[A-Z][A-Za-z'’ ]{1,24}:\s")
_CJK = regex("[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Scripts written without spaces: a wrapped CJK line breaks anywhere, its first
character is its first "word", and it joins the next line without a space."""


@dataclass(frozen=True)
class Wrap:
    """How a hard-wrapped text was wrapped."""

    width: int
    """The width nearly every line stays within."""
    edge: int
    """A line whose length plus the next line's first word passes this was full."""


def _width(line: str) -> int:
    """A line's width in columns: a CJK character takes two (wrapping widths are columns)."""
    return len(line) if line.isascii() else len(line) + len(_CJK.findall(line))


def _wrap(blocks: list[tuple[int, int, list[str]]]) -> Wrap | None:
    """Detect hard wrapping: the width most lines stop near and its ragged edge, or ``None``."""
    lengths = [_width(s) for _, _, lines in blocks for s in lines]
    if len(lengths) < MIN_WRAP_LINES:
        return None
    inner = [_width(s) for _, _, lines in blocks for s in lines[:-1]]  # followed by a line
    if len(inner) < 0.5 * len(lengths):
        return None
    ordered = sorted(inner)  # wrapped lines; a header wrapped wider is a minority
    width = ordered[min(len(ordered) - 1, int(len(ordered) * WRAP_PERCENTILE))]
    if not WRAP_RANGE[0] <= width <= WRAP_RANGE[1]:
        return None
    full = sum(1 for n in inner if n >= FULL_SHARE * width)
    if full < 0.5 * len(inner):
        return None
    wrapped = sorted(n for n in inner if n >= RAGGED_FLOOR * width)
    low = wrapped[int(len(wrapped) * RAGGED_PERCENTILE)]
    return Wrap(width, min(width - 2, low))


MAX_CLOSING_WORDS = 5
"""``Yours very sincerely and affectionately,``: a letter's closing is short."""
MAX_SIGNATURE_WORDS = 4
"""A name signing a letter under ``Yours faithfully,`` is a few words."""


def _signed(prev: str, line: str) -> bool:
    """``Your affectionate brother,`` then ``R. Walton``: the closing and the name, one line."""
    words = line.split()
    return (prev.endswith(",") and len(words) <= MAX_SIGNATURE_WORDS and line[:1].isupper()
            and not line.endswith((",", ";", ":")) and all(w[:1].isupper() for w in words))


def _capital_title(prev: str, line: str) -> bool:
    """``OÙ LE LECTEUR FAIT CONNAISSANCE AVEC`` over ``LE HÉROS.``: a capital title broken
    (to centre it) where a sentence cannot end; both lines in capitals, the first open."""
    return (prev.isupper() and line.isupper() and prev[-1:].isalpha()
            and prev.rsplit(" ", 1)[-1].lower() in _OPEN_WORDS)


_OPEN_WORDS = frozenset(
    "a an the of and or to in on at by with for from into de du des la le les et ou à au aux "
    "avec pour sur dans par en del el los las y o con por para em da do das dos e com der die "
    "das und oder mit von zu im am auf für di della delle dei e con per su".split())
"""Words a title line cannot end on: articles, prepositions, conjunctions (en fr es pt de it)."""


def _unwrap(lines: list[str], wrap: Wrap,
            standalone: Callable[[str], bool]) -> list[tuple[int, list[str]]]:
    """Group the lines of one block into paragraphs: ``(offset, lines)`` pairs."""
    groups: list[tuple[int, list[str]]] = []
    alone = [standalone(line) for line in lines]
    for i, line in enumerate(lines):
        if i and not alone[i] and not alone[i - 1] and not (
                _FIELD_RE.match(line) and _FIELD_RE.match(lines[0])):
            prev = lines[i - 1]
            first_word = 2 if _CJK.match(line) else len(line.split(" ", 1)[0])
            if _width(prev) + 1 + first_word > wrap.edge or _signed(prev, line) or \
                    _capital_title(prev, line):
                groups[-1][1].append(line)  # the wrapper broke here, a letter is signed,
                continue  # or a capital title goes on
        groups.append((i, [line]))
    return groups


def _join(group: list[str]) -> str:
    """Wrapped lines as one paragraph: a space between them, none between CJK lines."""
    joined = " ".join(group)
    if len(group) == 1 or joined.isascii() or not _CJK.search(joined):
        return joined
    out = group[0]
    for line in group[1:]:
        sep = "" if _CJK.match(out[-1]) and _CJK.match(line) else " "
        out += sep + line
    return out


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

    wrap = _wrap(blocks)
    width = wrap.width if wrap else None
    paras: list[Para] = []
    for first, gap, lines in blocks:
        if wrap is None:
            paras.extend(Para(first + i, s, gap if i == 0 else 0) for i, s in enumerate(lines))
            continue
        for offset, group in _unwrap(lines, wrap, standalone):
            span = range(first + offset, first + offset + len(group))
            if len(group) > 1 and keep and any(n in keep for n in span):
                # a sidecar heading inside a wrapped paragraph: split around it
                for j, s in enumerate(group):
                    paras.append(Para(first + offset + j, s, gap if offset + j == 0 else 0))
                continue
            paras.append(Para(first + offset, _join(group), gap if offset == 0 else 0,
                              len(group)))
    decisions: tuple[Decision, ...] = ()
    if width is not None:
        decisions = (decision("layout.unwrap", 1,
                              f"lines stop near {width} characters (the shorter wrapped ones "
                              f"near {wrap.edge if wrap else width}): hard-wrapped text, "
                              "lines joined into paragraphs"),)
    return Layout(_join_signatures(paras, width), width, decisions)


def _join_signatures(paras: list[Para], width: int | None) -> tuple[Para, ...]:
    """In hard-wrapped text, a letter's closing (``Your affectionate brother,``) and the name
    under it (one blank line apart) are one paragraph: a paragraph does not end on a comma."""
    if width is None:
        return tuple(paras)
    out: list[Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if (prev is not None and p.gap <= 1 and prev.lines == 1 and p.lines == 1
                and len(prev.text.split()) <= MAX_CLOSING_WORDS and _signed(prev.text, p.text)):
            out[-1] = Para(prev.line, f"{prev.text} {p.text}", prev.gap, prev.lines + 1)
            continue
        out.append(p)
    return tuple(out)
