"""Chapter notes: author's notes (and disclaimers, warnings…) at the start of a chapter.

A labelled paragraph right after the heading opens a note. Its text goes on in
the following paragraphs only when an ornament, a wide gap or another label
closes it soon (within two paragraphs, or six when the label stands alone) and,
after a labelled paragraph with text, only when those paragraphs sound like the
author talking (first or second person, no dialogue); otherwise the note is the
labelled paragraph alone and the prose starts after it.
An ornament right after the notes separates them from the prose; it is not a
scene break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookmaker.model import Block, Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.frontmatter import classify_meta
from bookmaker.parse.source import Source, short
from bookmaker.parse.words import word_len
from bookmaker.patterns import regex

__all__ = ["split_opening_notes"]

_NOTE_KINDS = frozenset({"notes", "disclaimer", "warnings", "summary", "dedication", "rating",
                         "pairing", "word_count", "series", "legend", "characters", "genres",
                         "tags", "status", "fandom"})


# Words of an author talking to readers (first and second person, the story itself).
_NOTE_VOICE = regex(r"\b(?:I|I'm|I've|I'll|I'd|me|my|we|our|you|your|you're|thanks?|"
                    r"reviews?|reviewers?|readers?|chapters?|fic|story|update[sd]?|"
                    r"beta|disclaimer|sorry|enjoy|hope)\b|[!?]$|\b(?:lol|xoxo)\b",
                    re.I)


def _note_voice(text: str) -> bool:
    """Could this paragraph go on an author's note (not narrative prose)?"""
    if text[:1] in "\"“‘'":
        return False  # dialogue
    return bool(_NOTE_VOICE.search(text)) or word_len(text) <= 6


def _labelled(text: str, first: bool = False) -> tuple[str, str, str, str] | None:
    meta = classify_meta(text) if len(text) < 3000 else None
    if meta is None or meta.kind not in _NOTE_KINDS or meta.extra:
        return None
    if not meta.label and not first and meta.kind not in ("disclaimer", "notes", "warnings"):
        return None
    return meta.kind, meta.label, meta.body, meta.reason


def split_opening_notes(src: Source, idxs: Sequence[int], first: bool = False
                        ) -> tuple[list[int], list[Block], list[Decision]]:
    """Split the opening notes off a chapter's paragraphs.

    :param first: the story's first chapter, where unlabelled metadata (a pairing,
        a genre line) is recognized too.

    :returns: the remaining indexes, the note blocks, the decisions.
    """
    body = list(idxs)
    blocks: list[Block] = []
    decisions: list[Decision] = []
    k = 0
    found = False
    while k < len(body):
        i = body[k]
        if src.ornament[i]:
            if found or k == 0:
                decisions.append(decision("ornament.lead", src.line(i),
                                          "an ornament before the chapter's prose: not a "
                                          "scene break", src.text(i)))
                k += 1
                continue
            break
        got = _labelled(src.text(i), first)
        if got is None:
            break
        kind, label, text, reason = got
        found = True
        paragraphs = [text] if text else []
        limit = 6 if not text else 2
        end = k + 1
        for j in range(k + 1, min(len(body), k + 2 + limit)):
            jj = body[j]
            if src.ornament[jj] or src.wide(jj) or (
                    (j == k + 1 or not text) and _labelled(src.text(jj), first) is not None):
                end = j
                break
        else:
            end = k + 2 if not text and k + 1 < len(body) else k + 1
        if text and end > k + 1 and not all(_note_voice(src.text(body[j]))
                                             for j in range(k + 1, end)):
            end = k + 1  # narrative after a one-paragraph note: the prose has begun
        paragraphs.extend(src.text(body[j]) for j in range(k + 1, end))
        blocks.append(Block(kind, label, tuple(paragraphs), src.line(i)))
        decisions.append(decision(f"chapter-notes.{kind}", src.line(i), reason,
                                  short(src.text(i))))
        k = end
    return body[k:], blocks, decisions
