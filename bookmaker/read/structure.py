"""Shared pieces for readers whose source states its structure (AO3, FanFicFare).

They map straight to a Story: :func:`split_heading` reads a chapter heading as the
plain-text conventions do (label as written, title after the number), :func:`scenes_of`
cuts a chapter's blocks into scenes at rules and ornament lines, :func:`labelled`
makes a front/end matter block from blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookmaker.model import Block, Decision, Story
from bookmaker.parse.breaks import is_ornament
from bookmaker.parse.words import lost_words, words_of
from bookmaker.patterns import regex
from bookmaker.read.document import SourceBlock

__all__ = ["split_heading", "scenes_of", "labelled", "check_words", "stated_meta",
           "ORNAMENT_MAX"]

ORNAMENT_MAX = 80
"""Longest paragraph that may be a scene-break ornament (ornaments are short rows)."""

_SEP = r"(?:\s*(?:[:,.]|\s[-\u2013\u2014|]\s?)\s*(?P<title>\S.*)$)?"
_NUMBERED = regex(r"^(?:chapter|ch\.?|part|book|episode)\s+(?P<num>\w+)" + _SEP, re.I)
_UNTITLED = regex(r"^(?:prologue|epilogue|interlude|afterword|foreword|preface)\b" + _SEP,
                  re.I)
_WORD_NUMBERS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


_SERIES = regex(r"^part\s+(?P<index>\d+)\s+of\s+(?P<name>.+?)(?:\s*\[\d+\])?$", re.I)
_DATE = regex(r"(?P<key>published|updated|completed)\s*:\s*(?P<date>\d{4}-\d{2}-\d{2})",
              re.I)
_CHAPTERS = regex(r"\bchapters\s*:\s*(?P<done>\d+)\s*/\s*(?P<planned>\d+|\?)", re.I)
"""AO3's chapter count, ``Chapters: 3/?`` (planned count unknown) or ``Chapters: 2/2``."""


def stated_meta(archive: str, fields: dict[str, str]) -> dict[str, str]:
    """Story meta from an archive's fields (label → value, labels lower-cased).

    Every field is kept as ``{archive}_{label}``; the values the rest of bookmaker reads by
    name are set from them: ``series``/``series_index`` ("Part 10 of Name"),
    ``published``/``updated`` (ISO dates in any field, AO3's Stats included), ``status``
    from a chapter count (``Chapters: 3/?`` or ``3/10``: in progress; ``2/2``: complete).
    """
    meta = {f"{archive}_{k.replace(' ', '_')}": v for k, v in fields.items() if v}
    for key, value in fields.items():
        if key == "series" and (m := _SERIES.match(value.split(",")[0].strip())):
            meta["series"], meta["series_index"] = m["name"].strip(), m["index"]
        for d in _DATE.finditer(f"{key}: {value}"):
            name = "published" if d["key"].lower() == "published" else "updated"
            meta.setdefault(name, d["date"])
        if (c := _CHAPTERS.search(f"{key}: {value}")) and "status" not in meta:
            finished = c["planned"] != "?" and int(c["planned"]) <= int(c["done"])
            meta["status"] = "Complete" if finished else "In progress"
    return meta


def split_heading(text: str, position: int) -> tuple[str | None, int | None]:
    """``(title, number)`` of a stated chapter heading.

    ``Chapter 3: Dawn`` has title ``Dawn`` and number 3; ``Chapter 4 & 4.5``,
    ``Prologue`` and ``Chapter A & B`` have no title; any other heading is a title alone
    (AO3 shows a chapter's title as its heading), numbered by its position.
    """
    m = _NUMBERED.match(text)
    if m:
        num = m["num"].lower()
        number = int(num) if num.isdigit() else _WORD_NUMBERS.get(num)
        return m["title"], number
    m = _UNTITLED.match(text)
    if m:
        return m["title"], None
    return text, position


def scenes_of(blocks: Sequence[SourceBlock], code: str
              ) -> tuple[tuple[tuple[str, ...], ...], list[Decision]]:
    """Cut a chapter's blocks into scenes at rules and ornament lines.

    A break before the first or after the last paragraph separates nothing and is
    dropped; so are several breaks in a row beyond the first.
    """
    scenes: list[list[str]] = [[]]
    decisions: list[Decision] = []
    for b in blocks:
        text = b.text.strip()
        if b.kind == "rule" or (len(text) <= ORNAMENT_MAX and is_ornament(text)):
            if scenes[-1]:
                scenes.append([])
                decisions.append(Decision(b.line, f"{code}.scene-break",
                                          "a rule or ornament between paragraphs", text))
            continue
        scenes[-1].append(b.value)
    if not scenes[-1] and len(scenes) > 1:
        scenes.pop()
        decisions.pop()
    return tuple(tuple(s) for s in scenes if s) or ((),), decisions


def labelled(kind: str, label: str, blocks: Sequence[SourceBlock], line: int = 0) -> Block:
    """A front or end matter block from source blocks (rules and empty blocks left out)."""
    paragraphs = tuple(b.value for b in blocks if b.kind != "rule" and b.text.strip())
    return Block(kind, label, paragraphs, line or (blocks[0].line if blocks else 0))


def check_words(text: str, story: Story, code: str, known: Sequence[str] = ()) -> Story:
    """Record a decision when a word of the source is not in the Story (nothing is dropped
    on purpose, so this names a reader bug the user can report). ``known`` are labels the
    reader turned into metadata keys rather than text."""
    lost = lost_words(text, story) - words_of(" ".join(known))
    if not lost:
        return story
    sample = ", ".join(sorted(lost)[:8])
    return Story(**{**story.__dict__, "decisions": (
        *story.decisions,
        Decision(0, f"{code}.lost-words", f"{sum(lost.values())} source words not placed",
                 sample))})
