"""Word accounting: check that parsing lost no word of the text.

Words are runs of letters and digits (``_`` is formatting), case-folded.
Ornament lines (``oOoOo``, ``-x-x-``) hold no words. The story title counts
for every repetition of its words (a title repeated in each ``Title: Chapter N``
heading is kept once).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from bookmaker.model import Block, Story
from bookmaker.parse.breaks import ornament_free
from bookmaker.patterns import regex

__all__ = ["words_of", "text_words", "model_words", "lost_words", "count_words", "word_len",
           "is_cjk_text", "CJK_CHAR"]

_WORD = regex(r"[^\W_]+")
CJK_CHAR = regex("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 "\uac00-\ud7af\u1100-\u11ff]")
"""A character of a script written without spaces between words (kana, Han, Hangul)."""
CJK_SHARE = 0.5
"""A text whose letters are mostly CJK is counted in characters, as its readers count it."""


def count_words(text: str) -> tuple[int, int]:
    """``(words, cjk_characters)`` of ``text``: space-separated words of the other scripts
    (a run of CJK inside them is no word of its own), and each CJK character.

    Korean puts spaces between words, but its readers count characters too.
    """
    cjk = len(CJK_CHAR.findall(text))
    if not cjk:
        return len(text.split()), 0
    rest = CJK_CHAR.sub(" ", text)
    return sum(1 for w in rest.split() if any(c.isalnum() for c in w)), cjk


CJK_WORD_CHARS = 2
"""Characters of a CJK word on average (Chinese and Japanese words are one to three)."""


def word_len(text: str) -> int:
    """How many words ``text`` is, for the parser's length limits: space-separated words,
    and CJK text (which has no spaces) at :data:`CJK_WORD_CHARS` characters a word."""
    if text.isascii():
        return len(text.split())
    words, cjk = count_words(text)
    return words + -(-cjk // CJK_WORD_CHARS)


def is_cjk_text(words: int, cjk: int) -> bool:
    """Is a text with these counts one to count in characters?"""
    return cjk > 0 and cjk >= CJK_SHARE * (words + cjk)


def words_of(text: str) -> Counter[str]:
    """Multiset of case-folded words in ``text``."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def text_words(text: str) -> Counter[str]:
    """Words of a source text, ornament lines left out."""
    return words_of("\n".join(ornament_free(text.split("\n"))))


def _blocks(blocks: Iterable[Block]) -> Iterable[str]:
    for b in blocks:
        yield b.label
        yield from b.paragraphs


def _strings(story: Story) -> Iterable[str]:
    yield story.title
    yield from story.authors
    yield from story.meta.values()
    yield from _blocks(story.front_matter)
    yield from (p.title for p in story.parts)
    for c in story.chapters:
        yield c.label
        yield c.title or ""
        yield from _blocks(c.notes_before)
        for scene in c.scenes:
            yield from scene
        yield from _blocks(c.notes_after)
    yield from _blocks(story.end_matter)


def model_words(story: Story) -> Counter[str]:
    """Multiset of words found anywhere in the parsed ``story``."""
    total: Counter[str] = Counter()
    for s in _strings(story):
        total.update(words_of(s))
    return total


def lost_words(text: str, story: Story) -> Counter[str]:
    """Words of ``text`` missing from ``story`` (empty when nothing was lost)."""
    have = model_words(story)
    source = text_words(text)
    for w in words_of(story.title):
        have[w] = max(have[w], source[w])
    return source - have
