"""Emphasis marks in plain text: ``*word*``, ``**word**``, ``_word_`` and ``/word/`` spans.

Plain-text exports keep emphasis as marks. Whether a text uses a mark as emphasis is
decided over the whole text: a mark counts only when it forms at least
:data:`MIN_SPANS` balanced spans (one stray pair could be chance) that hug words
(``*so*``, not ``5 * 3``). Spans inside URLs, e-mail addresses and file names, and
``5*3``, never count; ornament lines are scene breaks before this runs. The choice is
recorded as a Decision (``read.emphasis``) with the counts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bookmaker.model import Block, Chapter, Decision, Run, Story, Text
from bookmaker.patterns import regex

__all__ = ["MIN_SPANS", "find_marks", "apply_emphasis"]

MIN_SPANS = 2
"""Balanced spans a mark needs, over the whole text, to be read as emphasis."""

_SPANS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("**", regex(r"\*\*(?<![\w*]\*\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*(?![\w*])"), "strong"),
    ("*", regex(r"\*(?<![\w*]\*)(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), "em"),
    ("_", regex(r"_(?<![\w_]_)(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"), "em"),
    ("/", regex(r"/(?<![\w/:<.~]/)(?=[^\s/])([^/\n<>]{1,80}?)(?<=[^\s/])/(?![\w/])"), "i"),
)
"""Each mark, its balanced-span pattern and the inline mark it becomes. Each pattern opens
with its mark and looks behind it after (what may stand before the mark): a pattern that
opens with a lookbehind is tried at every character, one that opens with a literal only
where the literal is."""

_PROTECTED = regex(r"(?:\b(?:https?|ftp)://|\bwww\.)\S+|\S+@\S+\.\w+|\b\S+\.\w{2,4}\b")


def _spans(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    found = list(pattern.finditer(text))
    if not found:  # most paragraphs: no need to look for URLs and file names
        return found
    shielded = [m.span() for m in _PROTECTED.finditer(text)]
    return [m for m in found
            if not any(a < m.end() and m.start() < b for a, b in shielded)]


def find_marks(paragraphs: list[str]) -> dict[str, int]:
    """The marks used as emphasis over all ``paragraphs``, with their span counts."""
    counts = {mark: sum(len(_spans(p, pat)) for p in paragraphs if mark in p)
              for mark, pat, _ in _SPANS}
    return {mark: n for mark, n in counts.items() if n >= MIN_SPANS}


def _runs(paragraph: str, marks: dict[str, int]) -> str:
    """The paragraph with its emphasis spans as runs (marks removed)."""
    runs: list[Run] = [Run(paragraph)]
    for mark, pattern, kind in _SPANS:
        if mark not in marks:
            continue
        out: list[Run] = []
        for r in runs:
            if r.marks or r.br:
                out.append(r)
                continue
            last = 0
            for m in _spans(r.text, pattern):
                out += [Run(r.text[last:m.start()]), Run(m.group(1), (kind,))]
                last = m.end()
            out.append(Run(r.text[last:]))
        runs = out
    return Text.of(runs)


def apply_emphasis(story: Story) -> Story:
    """Turn the emphasis marks the text uses into inline runs, over every paragraph."""
    def paras(s: Story) -> list[str]:
        out = [p for b in (*s.front_matter, *s.end_matter) for p in b.paragraphs]
        for c in s.chapters:
            out += [p for b in (*c.notes_before, *c.notes_after) for p in b.paragraphs]
            out += list(c.paragraphs)
        return out

    marks = find_marks(paras(story))
    if not marks:
        return story

    def block(b: Block) -> Block:
        return replace(b, paragraphs=tuple(_runs(p, marks) for p in b.paragraphs))

    def chapter(c: Chapter) -> Chapter:
        return replace(c, scenes=tuple(tuple(_runs(p, marks) for p in s) for s in c.scenes),
                       notes_before=tuple(block(b) for b in c.notes_before),
                       notes_after=tuple(block(b) for b in c.notes_after))

    said = ", ".join(f"{n} {m}…{m} spans" for m, n in marks.items())
    decision = Decision(0, "read.emphasis", f"the text marks emphasis with {said}")
    return replace(story, front_matter=tuple(block(b) for b in story.front_matter),
                   chapters=tuple(chapter(c) for c in story.chapters),
                   end_matter=tuple(block(b) for b in story.end_matter),
                   decisions=(*story.decisions, decision))
