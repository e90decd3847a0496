"""The intermediate document every rich reader produces: blocks with inline runs.

Markdown, generic HTML and Word files become a :class:`SourceDocument` (a list of
:class:`SourceBlock` s, each with its kind, source line and inline runs); the bridge in
:mod:`bookmaker.read.bridge` hands it to the parser. Sources whose structure is explicit
(AO3, FanFicFare) skip it and map straight to a Story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookmaker.model import Run, Text

__all__ = ["BLOCK_KINDS", "SourceBlock", "SourceDocument"]

BLOCK_KINDS = ("paragraph", "heading", "rule", "pre", "page-break", "blank")
"""Kinds of block: prose paragraph, heading (with a level), a rule (``<hr>``, ``---``),
preformatted text, a page break (Word's, kept so the bridge can judge it), a blank
paragraph (HTML's ``<p>&nbsp;</p>`` spacer: a blank line, which the parser weighs as
it weighs the gaps of a text)."""


@dataclass(frozen=True)
class SourceBlock:
    """One block of a source document."""

    kind: str
    """One of :data:`BLOCK_KINDS`."""
    runs: tuple[Run, ...] = ()
    """Inline runs (empty for a rule)."""
    line: int = 0
    """1-based line of the block in the source file."""
    level: int = 0
    """Heading level (1 for ``<h1>``/``#``), 0 for other kinds."""

    @property
    def text(self) -> str:
        """The block's plain text."""
        return "".join(r.text for r in self.runs)

    @property
    def value(self) -> str:
        """The block as a paragraph value (a :class:`Text` when it has marks)."""
        return Text.of(self.runs)


@dataclass(frozen=True)
class SourceDocument:
    """A source read into blocks, with the metadata the source stated."""

    blocks: tuple[SourceBlock, ...]
    """The blocks in source order."""
    title: str = ""
    """The title the source states (front matter, ``<title>``), or ``""``."""
    authors: tuple[str, ...] = ()
    """Authors the source states."""
    meta: dict[str, str] = field(default_factory=dict)
    """Other metadata the source states (language, fandom…)."""
