"""Publisher and exporter headers: Project Gutenberg's and FanFicFare's blocks at the top.

A header is not the story: its lines are front matter, but it names the book
(``Title:``, ``Author:``, ``The Project Gutenberg eBook of X, by Y``), so the title
and authors come from it when the text gives them nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bookmaker.model import Block, Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.lines import Para
from bookmaker.patterns import regex

__all__ = ["Header", "find_header"]


@dataclass(frozen=True)
class Header:
    """A header block at the top of the text."""

    end: int
    """Index of the first paragraph after it."""
    blocks: tuple[Block, ...]
    """Its paragraphs as front matter."""
    title: str | None = None
    """The title it gives."""
    title_reason: str = ""
    """Where the title came from."""
    authors: tuple[str, ...] = ()
    """The authors it gives."""
    decisions: tuple[Decision, ...] = ()
    """What was decided."""


MAX_HEADER_PARAS = 60
"""Project Gutenberg's header (fields, licence note, START line) fits in this many paragraphs."""

_PG_RE = regex(r"project gutenberg", re.I)
# The START line, or the end of the old "small print" licence (*END*THE SMALL PRINT!…).
_START_RE = regex(r"^\W*start of (?:the|this) project gutenberg e-?book\b|"
                  r"^\W*end\W*the small print\b", re.I)
_PRODUCED_RE = regex(r"^(?:produced|prepared|transcribed|e-?text prepared) by\b", re.I)
_FIELD_RE = regex(r"^(?P<key>title|author):\s*(?P<value>.+)$", re.I)


def find_header(paras: Sequence[Para]) -> Header | None:
    """Project Gutenberg's header at the top of ``paras`` (to its START line and the
    ``Produced by`` credit after it), or ``None``."""
    if not paras or not _PG_RE.search(paras[0].text):
        return None
    start = next((i for i, p in enumerate(paras[:MAX_HEADER_PARAS]) if _START_RE.match(p.text)),
                 None)
    if start is None:
        return None
    end = start + 1
    while end < len(paras) and _PRODUCED_RE.match(paras[end].text):
        end += 1
        while end < len(paras) and paras[end].gap == 0:  # the credit's next short lines
            end += 1
    if end >= len(paras):
        return None  # nothing after it: the header is the text
    fields: dict[str, str] = {}
    for p in paras[:start]:
        m = _FIELD_RE.match(p.text)
        if m:
            fields.setdefault(m.group("key").lower(), m.group("value").strip())
    block = Block("other", "", tuple(p.text for p in paras[:end]), paras[0].line)
    title = fields.get("title")
    authors = tuple(a for a in re.split(r"\s+and\s+|\s*&\s*", fields.get("author", "")) if a)
    found = decision("front.header", paras[0].line, "Project Gutenberg's header (to its START "
                     "line): front matter; its Title and Author fields name the book",
                     paras[0].text[:60])
    return Header(end, (block,), title, "the 'Title:' field of Project Gutenberg's header",
                  authors, (found,))
