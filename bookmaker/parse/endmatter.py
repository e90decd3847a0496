"""End matter: what follows a chapter's prose (end markers, closing notes, stray lines).

Looking back from the end of a chapter, past its last scene boundary (an
ornament or a wide gap) and at most fifteen paragraphs: an end marker (``-TBC-``,
``The End``, ``[part one, end]``) starts the tail; so does an author's note label
followed by at most eight paragraphs. At the very end of the story a short
title-like line (a signature, the title repeated) is kept as ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bookmaker.model import Block, Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.labels import (
    end_marker,
    is_quoted,
    is_title_like,
    match_label,
    review_request,
    strip_decoration,
)
from bookmaker.parse.source import Source, short
from bookmaker.patterns import regex

__all__ = ["split_tail", "is_signature", "trailer_start"]

WINDOW = 15
"""Paragraphs looked back over from a chapter's end for its closing notes."""
MAX_NOTE_PARAS = 8
"""A note label further from the end than this is the author talking inside the story."""


def is_signature(text: str) -> bool:
    """A short stand-alone line with no sentence punctuation (``Clarity``, a repeated title)."""
    core = strip_decoration(text)
    return (len(text.split()) <= 6 and is_title_like(text, 6) and not is_quoted(text)
            and "!" not in core and "?" not in core and core[:1].isupper())


_TRAILER_RE = regex(r"^[*\s]*end of (?:the |this )?project gutenberg\b|^底本[：:]", re.I)
"""Project Gutenberg's closing line; Aozora Bunko's colophon (底本：the printed source)."""


def trailer_start(texts: Sequence[str]) -> int | None:
    """Index of a publisher's closing boilerplate (``*** END OF THE PROJECT GUTENBERG
    EBOOK …``, then its licence; Aozora Bunko's ``底本：`` colophon), or ``None``: everything
    from there is end matter."""
    return next((i for i, t in enumerate(texts) if len(t) < 300 and _TRAILER_RE.match(t)),
                None)


def _title_case(text: str) -> bool:
    """Every word of four letters or more starts with a capital (``Leaving Her Alone``)."""
    words = [w for w in strip_decoration(text).split() if len(w) >= 4]
    return all(w[:1].isupper() for w in words)


def _starts_note(text: str) -> bool:
    lab = match_label(text) if len(text) < 3000 else None
    return (lab is not None and lab.kind in ("notes", "disclaimer", "dedication", "other")) or (
        review_request(text))


def _trim(src: Source, body: list[int], last: bool, title: str | None, what: str,
          decisions: list[Decision]) -> list[Block]:
    """Drop the story's title repeated before the next heading and trailing ornaments."""
    repeated: list[Block] = []
    if (title and len(body) > 1 and not last
            and strip_decoration(src.text(body[-1])).casefold() == title.casefold()):
        i = body.pop()
        repeated.append(Block("other", "", (src.text(i),), src.line(i)))
        decisions.append(decision(f"{what}.other", src.line(i),
                                  "the story's title repeated before the next heading",
                                  src.text(i)))
    while body and src.ornament[body[-1]]:
        decisions.append(decision("ornament.trail", src.line(body[-1]),
                                  "an ornament after the last paragraph: not a scene break",
                                  src.text(body[-1])))
        body.pop()
    return repeated


_FOOTNOTE_RE = regex(r"^\[(?:footnote\s*)?\d{1,3}[:\]]", re.I)
MIN_FOOTNOTES = 2
"""Footnote paragraphs (``[Footnote 1: …]``, ``[2] …``) in a row that make a notes block."""


def _footnotes_start(src: Source, body: Sequence[int]) -> int | None:
    """Where a block of footnotes closing the chapter starts (with the label before it)."""
    k = len(body)
    while k > 0 and _FOOTNOTE_RE.match(src.text(body[k - 1])):
        k -= 1
    if len(body) - k < MIN_FOOTNOTES:
        return None
    if k > 0 and _starts_note(src.text(body[k - 1])):
        k -= 1
    return k or None


def _tail_start(src: Source, body: Sequence[int]) -> int | None:
    """Where the tail starts: an end marker or a note label near the end, past the last break."""
    window_start = max(0, len(body) - WINDOW)
    for k in range(len(body) - 1, window_start - 1, -1):
        if src.ornament[body[k]]:
            window_start = k + 1
            break
        if src.wide(body[k]):
            window_start = k
            break
    for k in range(window_start, len(body)):
        text = src.text(body[k])
        if end_marker(text):
            return k
        if _starts_note(text) and len(body) - k - 1 <= MAX_NOTE_PARAS and k > 0:
            return k
    return None


def _tail_blocks(src: Source, tail: Sequence[int], what: str,
                 decisions: list[Decision]) -> list[Block]:
    """The tail's paragraphs as end-marker, notes and other blocks."""
    blocks: list[Block] = []
    current: list[Any] | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(Block(current[0], current[1], tuple(current[2]), current[3]))
            current = None

    for n, i in enumerate(tail):
        text, line = src.text(i), src.line(i)
        if src.ornament[i]:
            close()
            continue
        if end_marker(text):
            close()
            blocks.append(Block("end-marker", "", (text,), line))
            decisions.append(decision(f"{what}.end-marker", line, "an end marker", text))
            continue
        lab = match_label(text) if len(text) < 3000 else None
        if lab is not None and lab.kind not in ("title", "author"):
            close()
            kind = "notes" if lab.kind in ("notes", "summary") else "other"
            current = [kind, lab.label, [lab.body] if lab.body else [], line]
            decisions.append(decision(f"{what}.{kind}", line, f"labelled '{lab.label}'",
                                      short(text)))
            continue
        if n == len(tail) - 1 and n > 0 and is_signature(text) and len(text.split()) <= 3:
            close()
            blocks.append(Block("other", "", (text,), line))
            decisions.append(decision(f"{what}.other", line,
                                      "a short line at the very end (a signature)", text))
            continue
        if current is None:
            current = ["notes", "", [], line]
            reason = ("asks readers for reviews" if review_request(text)
                      else "text after the end marker")
            decisions.append(decision(f"{what}.notes", line, reason, short(text)))
        current[2].append(text)
    close()
    return blocks


def split_tail(src: Source, idxs: Sequence[int], last: bool, title: str | None = None
               ) -> tuple[list[int], list[Block], list[Decision]]:
    """Split the closing notes and markers off a chapter's paragraphs.

    :param idxs: the chapter's paragraph indexes (after any opening notes).
    :param last: the story's last chapter (its tail is the story's end matter).
    :param title: the story's title: a chapter's last line repeating it (before the
        next heading) is not prose.
    :returns: the prose indexes, the tail blocks, the decisions.
    """
    body = list(idxs)
    what = "end" if last else "chapter-end"
    decisions: list[Decision] = []
    repeated = _trim(src, body, last, title, what, decisions)
    if not body:
        return body, repeated, decisions
    start = _footnotes_start(src, body)
    if start is not None:
        decisions.append(decision("end.footnotes", src.line(body[start]), "a block of "
                                  "footnotes closes the text: notes, not prose",
                                  short(src.text(body[start]))))
    else:
        start = _tail_start(src, body)
    if start is None:
        blocks: list[Block] = []
        if last and len(body) > 1 and is_signature(src.text(body[-1])) and _title_case(
                src.text(body[-1])):
            i = body.pop()
            blocks.append(Block("other", "", (src.text(i),), src.line(i)))
            decisions.append(decision(f"{what}.other", src.line(i),
                                      "a short line after the last paragraph (a signature or "
                                      "the title repeated)", src.text(i)))
        return body, blocks + repeated, decisions
    blocks = _tail_blocks(src, body[start:], what, decisions)
    return body[:start], blocks + repeated, decisions
