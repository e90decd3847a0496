"""Word accounting: check that parsing lost no word of the text.

Words are runs of letters and digits (``_`` is formatting), case-folded.
Ornament lines (``oOoOo``, ``-x-x-``) hold no words. The story title counts
for every repetition of its words (a title repeated in each ``Title: Chapter N``
heading is kept once).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from bookmaker.model import Block, Story
from bookmaker.parse.breaks import ornament_free

__all__ = ["words_of", "text_words", "model_words", "lost_words"]

_WORD = re.compile(r"[^\W_]+")


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
