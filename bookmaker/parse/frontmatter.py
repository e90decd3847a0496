"""Front matter: the labelled and unlabelled blocks before the story starts.

``classify_meta`` says what one paragraph is (``Disclaimer- …``, ``Italics – thoughts``,
``kakashi x iruka``, ``Angst. Romance. PG.``…). ``read_front`` walks the paragraphs
before the first chapter, building blocks, collecting title candidates and author
lines, and (for a story without headings) finding where the prose starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bookmaker.model import Block, Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.labels import (
    disclaimer_sentence,
    end_marker,
    genre_rating_split,
    is_title_like,
    legend_line,
    match_label,
    pairing_line,
    rating_line,
    review_request,
    series_sentence,
    word_count_line,
)
from bookmaker.parse.lines import Para
from bookmaker.parse.source import Source, short
from bookmaker.parse.title import title_words
from bookmaker.patterns import regex

__all__ = ["Meta", "classify_meta", "Front", "read_front", "split_authors", "CONTINUED_KINDS"]

CONTINUED_KINDS = frozenset({"summary", "notes", "disclaimer", "dedication", "warnings",
                             "legend", "other", "contents", "series", "tags", "characters"})
"""Kinds whose text may go on in the following unlabelled paragraphs."""


@dataclass(frozen=True)
class Meta:
    """What a metadata paragraph is."""

    kind: str
    """A front matter kind, or ``"title"``/``"author"``."""
    label: str
    """The label as written, ``""`` when unlabelled."""
    body: str
    """The text without the label."""
    reason: str
    """Why, in words."""
    extra: tuple[tuple[str, str], ...] = ()
    """More ``(kind, text)`` blocks the same line holds (the rating of a genre line)."""


def classify_meta(text: str) -> Meta | None:
    """Say which kind of metadata ``text`` is, or ``None`` for prose."""
    lab = match_label(text)
    if lab is not None:
        return Meta(lab.kind, lab.label, lab.body, f"labelled '{lab.label}'")
    if legend_line(text):
        return Meta("legend", "", text, "a formatting legend (a style and what it means)")
    split = genre_rating_split(text)
    if split is not None:
        genres, rating = split
        if genres and rating:
            return Meta("genres", "", genres, "a line of genre words and a rating",
                        (("rating", rating),))
        return Meta("genres", "", genres, "a line of genre words")
    if rating_line(text):
        return Meta("rating", "", text, "a rating code alone on its line")
    if pairing_line(text):
        return Meta("pairing", "", text, "names joined by x or / (a pairing)")
    if word_count_line(text):
        return Meta("word_count", "", text, "a word count")
    if series_sentence(text):
        return Meta("series", "", text, "says which part of a series this is")
    if disclaimer_sentence(text):
        return Meta("disclaimer", "", text, "an ownership disclaimer")
    if review_request(text) and len(text.split()) <= 12:
        return Meta("notes", "", text, "asks readers for reviews")
    return None


def split_authors(body: str) -> tuple[str, ...]:
    """``"Ann & Bo, Cy"`` -> ``("Ann", "Bo", "Cy")``."""
    names = re.split(r"\s*(?:,|&|\band\b|;)\s*", body.strip(" .*_~()[]"))
    return tuple(n for n in (n.strip() for n in names) if n)


@dataclass(frozen=True)
class Front:
    """What ``read_front`` found."""

    blocks: tuple[Block, ...]
    """Front matter blocks in order (title candidates not chosen are added later)."""
    candidates: tuple[int, ...]
    """Paragraph indexes of title-like lines (title candidates)."""
    title: str | None
    """A title given with a ``Title:`` label."""
    authors: tuple[str, ...]
    """Authors from ``by …`` / ``Author: …`` lines."""
    byline: str
    """The author line(s) as written."""
    end: int
    """Index of the first paragraph after the front matter."""
    leftover: tuple[int, ...]
    """Paragraphs before ``end`` that are neither metadata nor title candidates."""
    decisions: tuple[Decision, ...]
    """Decisions made."""
    title_line: str = ""
    """The ``Title:`` line as written."""


class _Reader:
    """The walk of :func:`read_front`: one method per kind of paragraph met."""

    def __init__(self, src: Source, stop: int, chaptered: bool) -> None:
        self.src, self.stop, self.chaptered = src, stop, chaptered
        self.blocks: list[Block] = []
        self.decisions: list[Decision] = []
        self.candidates: list[int] = []
        self.leftover: list[int] = []
        self.authors: list[str] = []
        self.bylines: list[str] = []
        self.title: str | None = None
        self.title_line = ""
        self.current: list[Any] | None = None  # [kind, label, paragraphs, line, may_continue]

    def close(self) -> None:
        if self.current is not None:
            c = self.current
            self.blocks.append(Block(c[0], c[1], tuple(c[2]), c[3]))
            self.current = None

    def contents_line(self, i: int) -> int:
        p = self.src.paras[i]
        if self.current is None or self.current[0] != "contents":
            self.close()
            self.current = ["contents", "", [], p.line, True]
            self.decisions.append(decision("front.contents", p.line, "part of a contents list",
                                           short(p.text)))
        self.current[2].append(p.text)
        return i + 1

    def meta_line(self, i: int, meta: Meta) -> int:
        p = self.src.paras[i]
        self.close()
        if meta.kind == "contents" and not meta.body:
            self.current = ["contents", meta.label, [], p.line, True]
            self.decisions.append(decision("front.contents", p.line, meta.reason, short(p.text)))
        elif meta.kind == "title":
            self.title_label(p, meta)
        elif meta.kind == "author":
            # the same name given twice (``Author:`` and a ``By`` line) is one author
            self.authors.extend(a for a in split_authors(meta.body)
                                if a.casefold() not in {b.casefold() for b in self.authors})
            self.bylines.append(p.text)
            self.decisions.append(decision("authors.label", p.line, meta.reason, short(p.text)))
        else:
            return self.block_line(i, meta)
        return i + 1

    def title_label(self, p: Para, meta: Meta) -> None:
        """The first ``Title:`` line names the story; a later one repeating it is dropped,
        and one naming another title is kept as front matter text (never lost)."""
        if self.title is None:
            self.title, self.title_line = meta.body, p.text
            self.decisions.append(decision("title.label", p.line, meta.reason, short(p.text)))
        elif title_words(meta.body) == title_words(self.title):
            self.decisions.append(decision("title.label-repeated", p.line,
                                           "the first 'Title:' line's title again",
                                           short(p.text)))
        else:
            self.blocks.append(Block("other", "", (p.text,), p.line))
            self.decisions.append(decision(
                "front.second-title", p.line,
                f"the first 'Title:' line names the story ({short(self.title)})", short(p.text)))

    def block_line(self, i: int, meta: Meta) -> int:
        p = self.src.paras[i]
        paragraphs = [meta.body] if meta.body else []
        more = meta.kind in CONTINUED_KINDS and (self.chaptered or not meta.body)
        self.current = [meta.kind, meta.label, paragraphs, p.line, more]
        self.decisions.append(decision(f"front.{meta.kind}", p.line, meta.reason, short(p.text)))
        for kind, extra in meta.extra:
            self.close()
            self.blocks.append(Block(kind, "", (extra,), p.line))
            self.decisions.append(decision(f"front.{kind}", p.line,
                                           "the same line also gives it", extra))
        if not meta.body and not self.chaptered:
            j = _label_body_end(self.src, i + 1, self.stop)
            if j > i + 1:
                self.current[2].extend(self.src.text(k) for k in range(i + 1, j))
                self.close()
                return j
        return i + 1

    def other_line(self, i: int) -> int | None:
        """A title candidate, a continued block or leftover; ``None`` ends the front matter."""
        p, cur = self.src.paras[i], self.current
        continuing = cur is not None and cur[4] and self.chaptered
        title_like = p.lines == 1 and not end_marker(p.text) and (
            is_title_like(p.text) or (not self.candidates and _alternative_title(p.text)))
        empty_label = continuing and cur is not None and not cur[2]
        if title_like and not empty_label and (
                not continuing or _stands_apart(self.src, i, self.stop)):
            self.close()
            repeated = any(self.src.text(c).casefold() == p.text.casefold()
                           for c in self.candidates)
            if not self.chaptered and len(self.candidates) >= 2 and not repeated:
                return None
            self.candidates.append(i)
            return i + 1
        if continuing and cur is not None:
            cur[2].append(p.text)
            return i + 1
        if not self.chaptered and not self._set_aside(i):
            return None
        self.close()
        self.leftover.append(i)
        return i + 1

    def _set_aside(self, i: int) -> bool:
        """At the top of a text without headings: an editor's placeholder (``[Illustration]``)
        or a title's first line (``Moorland;`` before ``or, the Last Shepherd``) does not
        start the prose."""
        text = self.src.text(i)
        if _BRACKETED_RE.match(text):
            return True
        nxt = self.src.text(i + 1) if i + 1 < self.stop else ""
        return (not self.candidates and text.rstrip()[-1:] in ";,"
                and len(text.split()) <= MAX_TITLE_START_WORDS
                and nxt.startswith(("or,", "or ", "Or,")))

    def step(self, i: int, contents: frozenset[int]) -> int | None:
        p = self.src.paras[i]
        if i in contents:
            return self.contents_line(i)
        if self.src.ornament[i]:
            self.close()
            self.decisions.append(decision("front.separator", p.line,
                                           "an ornament line between front matter blocks",
                                           p.text))
            return i + 1
        meta = classify_meta(p.text) if len(p.text) < 3000 else None
        if (meta is not None and self.current is not None and not self.current[2]
                and not _separated(p.text, meta)):
            meta = None  # "Notes", then "Written for …": the text of the label alone
        if meta is not None:
            return self.meta_line(i, meta)
        return self.other_line(i)


def read_front(src: Source, start: int, stop: int, chaptered: bool,
               contents: frozenset[int] = frozenset()) -> Front:
    """Read front matter from paragraphs ``start`` to ``stop`` (exclusive).

    :param chaptered: the front matter ends at the first heading (``stop``); when
        False, it ends at the first paragraph that is neither metadata nor a
        title-like line, and ``stop`` only bounds the search.
    """
    r = _Reader(src, stop, chaptered)
    i = start
    while i < stop:
        nxt = r.step(i, contents)
        if nxt is None:
            break
        i = nxt
    r.close()
    return Front(tuple(r.blocks), tuple(r.candidates), r.title, tuple(r.authors),
                 "\n".join(r.bylines), i, tuple(r.leftover), tuple(r.decisions), r.title_line)


_BRACKETED_RE = regex(r"^\[[^\[\]]{1,60}\]$")
MAX_TITLE_START_WORDS = 10
"""The first line of a title split before its ``or, …`` is short."""
_ALTERNATIVE_RE = regex(r"^[^.!?;]{1,80}[;,] or,? \S", re.I)
MAX_ALTERNATIVE_WORDS = 30
"""``X; or, "…"``: the old double title may run long, but not to a paragraph."""


def _alternative_title(text: str) -> bool:
    """``Frankenstein; or, the Modern Prometheus``: a title with its alternative."""
    return len(text.split()) <= MAX_ALTERNATIVE_WORDS and bool(_ALTERNATIVE_RE.match(text))


def _separated(text: str, meta: Meta) -> bool:
    """Does ``text`` give its label with a separator (``Rating: T``), not run on
    (``Written for the exchange``)? Unlabelled metadata counts as separated."""
    if not meta.label:
        return True
    after = text.lstrip(" *_~([{<")[len(meta.label):].lstrip(" *_")
    return after[:1] in ":-\u2013\u2014=~>|)]" or not after


def _stands_apart(src: Source, i: int, stop: int) -> bool:
    """A title-like line that ends the front matter or follows a wide gap."""
    return i + 1 >= stop or src.boundary(i) or (i + 1 < stop and src.boundary(i + 1))


def _label_body_end(src: Source, start: int, stop: int) -> int:
    """Where the text of a label standing alone ends (story without headings).

    The text runs to the next metadata line, ornament or wide gap if one comes
    within six paragraphs; otherwise it is the one paragraph after the label.
    """
    for j in range(start, min(stop, start + 7)):
        if src.ornament[j] or classify_meta(src.text(j)) is not None:
            return j
        if j > start and src.boundary(j):
            return j
    return min(start + 1, stop)
