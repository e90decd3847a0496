"""A contents list at the top, and the headings it names further on.

A reader finds chapters by reading the contents: each entry names a heading that
comes later, in the same order. The list starts at a ``Contents`` label and ends at
its last entry (where the gap widens, prose starts or an entry repeats). Each entry
is then looked up among the later stand-alone lines, alone (``THE SISTERS``) or as a
number line with its title on the next line (``I`` / ``The Old Sea-dog…``); the
number may differ (a misprint), the title may not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bookmaker.parse import vocab
from bookmaker.parse.lines import Para
from bookmaker.patterns import regex

__all__ = ["Contents", "ContentsMatch", "find_contents", "entry_key"]

MAX_LABEL_AT = 400
"""A contents label further into the text is prose about contents, not the list."""
MAX_ENTRY_LEN = 120
"""An entry is one short line (a page number and dot leaders included)."""
MIN_MATCHED_SHARE = 0.6
"""Share of entries found as headings for the list to be trusted as the book's plan."""
MAX_NUMBER_LINE = 12
"""A heading's number line (``XVII``, ``Chapter 3``) is this short."""

_LABEL_RE = regex(r"^(?:table of )?contents\.?:?$", re.I)
_LEADER_RE = regex(r"(?:\s*\.\s*){2,}\s*\d*\s*$|\s{2,}\d+\s*$")
_NUMBER_RE = regex(r"^(?:(?:chapter|letter|part|book|stave|section)\s+)?"
                   r"(?:[ivxlc]+|\d+)\b[.:]?\s*", re.I)
_HEADWORD_NUMBER_RE = regex(r"^(?:[^\W\d_]+\s+)?(?:[ivxlc]+|\d+)\b[.:]?\s+(?=\S)", re.I)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def entry_key(text: str) -> str:
    """An entry or heading folded for comparison: case, quotes, dashes, leaders, spacing."""
    s = _LEADER_RE.sub("", text.translate(_QUOTES).lstrip("# ")).casefold()  # (Markdown too)
    s = re.sub(r"\[\d+\]", "", s)  # a footnote marker
    s = re.sub(r"[\s\-\u2013\u2014:;,.!?_*'\"]+", " ", s)
    return s.strip()


def _title_key(text: str) -> str:
    """The key without its leading number (``XVII. THE JOLLY-BOAT`` -> ``the jolly boat``)."""
    return entry_key(_NUMBER_RE.sub("", text.translate(_QUOTES), count=1))


@dataclass(frozen=True)
class ContentsMatch:
    """One entry found as a heading."""

    index: int
    """The heading paragraph."""
    title_index: int | None
    """The title line after a number-only heading line."""
    entry: str
    """The entry as written in the list."""


@dataclass(frozen=True)
class Contents:
    """A contents list and the headings its entries name."""

    label: int
    """Index of the ``Contents`` label."""
    entries: tuple[tuple[int, ...], ...]
    """Paragraph indexes of each entry (an entry may span two lines)."""
    matches: tuple[ContentsMatch, ...]
    """Entries found later as headings, in order."""

    @property
    def indexes(self) -> frozenset[int]:
        """Every paragraph of the list, label included."""
        return frozenset({self.label, *(i for e in self.entries for i in e)})

    @property
    def trusted(self) -> bool:
        """Enough entries were found to take the list as the book's plan."""
        return len(self.matches) >= 2 and len(self.matches) >= MIN_MATCHED_SHARE * len(
            self.entries)


def _entries(paras: Sequence[Para], label: int) -> list[tuple[int, ...]]:
    """The entries after the label, up to the last one."""
    entries: list[list[int]] = []
    gaps: list[int] = []
    seen: set[str] = set()
    first = label + 1
    for i in range(first, len(paras)):
        p = paras[i]
        if len(p.text) > MAX_ENTRY_LEN or p.lines > 1:
            break
        if entries and gaps:
            usual = max(set(gaps), key=gaps.count)
            if p.gap > usual + 1:
                break
        key = entry_key(p.text)
        if not key or key in seen:
            break
        if entries and _continues(paras, entries[-1], i):
            entries[-1].append(i)
        else:
            entries.append([i])
        if i > first:
            gaps.append(p.gap)
        seen.add(key)
    return [tuple(e) for e in entries]


def _continues(paras: Sequence[Para], entry: list[int], i: int) -> bool:
    """Is line ``i`` the rest of ``entry`` (a title wrapped in the list, a part's name)?"""
    if paras[i].gap or len(entry) > 1:
        return False
    prev, text = paras[entry[-1]].text, paras[i].text
    if not _LEADER_RE.search(prev) and _LEADER_RE.search(text) and not _NUMBER_RE.match(text):
        return True  # a title wrapped in the list: its page number is on the second line
    if prev.rstrip().endswith(":") and not _LEADER_RE.search(prev):
        return True
    part = re.fullmatch(r"(?:part|book|volume)\s+\w+\.?", prev.strip(), re.I)
    return bool(part) and not _NUMBER_RE.match(text)


Lookup = dict[str, list[int]]


def _lookup(paras: Sequence[Para], start: int) -> tuple[Lookup, Lookup, Lookup]:
    """Later stand-alone lines by key; the same by the key of their title alone
    (``ADVENTURE I. A SCANDAL IN BOHEMIA``); number lines by the key of their title line."""
    single: Lookup = {}
    numbered: Lookup = {}
    paired: Lookup = {}
    for j in range(start, len(paras)):
        p = paras[j]
        if len(p.text) > 2 * MAX_ENTRY_LEN:
            continue
        single.setdefault(entry_key(p.text), []).append(j)
        head = _HEADWORD_NUMBER_RE.match(p.text)
        if head and p.lines == 1:
            numbered.setdefault(entry_key(p.text[head.end():]), []).append(j)
        if len(p.text) <= MAX_NUMBER_LINE and j + 1 < len(paras) and _NUMBER_RE.fullmatch(
                p.text.strip()):
            nxt = paras[j + 1]
            if nxt.gap <= 1 and len(nxt.text) <= 2 * MAX_ENTRY_LEN:
                paired.setdefault(entry_key(nxt.text), []).append(j)
    return single, numbered, paired


def _match(entries: list[tuple[int, ...]], paras: Sequence[Para], start: int
           ) -> list[ContentsMatch]:
    single, numbered, paired = _lookup(paras, start)
    found: list[ContentsMatch] = []
    after = start - 1
    for entry in entries:
        text = " ".join(paras[i].text for i in entry)
        key, title = entry_key(text), _title_key(text)
        options: list[tuple[int, int | None]] = [(j, None) for j in single.get(key, ())]
        options += [(j, j + 1) for j in paired.get(title, ()) if title]
        options += [(j, j + 1) for j in paired.get(key, ())]
        if title and title != key:  # "I. A Scandal in Bohemia" names "ADVENTURE I. A SCANDAL…"
            options += [(j, None) for j in numbered.get(title, ())]
        options = [(j, t) for j, t in options if j > after]
        if not options:
            continue
        j, t = min(options, key=lambda o: o[0])
        found.append(ContentsMatch(j, t, text))
        after = t if t is not None else j
    return found


def find_contents(paras: Sequence[Para]) -> Contents | None:
    """The contents list near the top and the headings it names, or ``None``."""
    words = vocab.active().labels.get("contents")  # índice, table des matières, 目次…
    own = regex(rf"^(?:{words})[.:：]?$", re.I) if words else None
    label = next((i for i, p in enumerate(paras[:MAX_LABEL_AT])
                  if p.lines == 1 and (_LABEL_RE.match(core := p.text.strip(" *_#=-"))
                                       or (own is not None and own.match(core)))), None)
    if label is None:
        return None
    entries = _entries(paras, label)
    if len(entries) < 2:
        return None
    end = entries[-1][-1] + 1
    return Contents(label, tuple(entries), tuple(_match(entries, paras, end)))
