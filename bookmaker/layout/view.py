"""The one view of a book that every renderer draws: sections, titles, contents, dates.

Everything a reader sees that is not the story's own text — a section's display
title, a chapter heading's label and title, the contents tree the
EPUB nav, the NCX, the PDF contents page and the PDF bookmarks all come from,
the dates in the colophon and the package — is decided once, in
:func:`bookmaker.layout.layout_book`, and held here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bookmaker.model import Block, Book, Chapter, Part, Story

__all__ = ["HeadingParts", "Section", "TocEntry", "Paragraphs", "StoryLayout", "BookLayout"]

SECTION_KINDS = ("cover", "book-title", "title", "front", "part", "chapter", "end", "colophon")
"""Kinds of section, in the order they can appear."""


@dataclass(frozen=True)
class HeadingParts:
    """A chapter heading split for display: ``Chapter 1`` over ``Crushed``."""

    label: str
    """The numbering part (``"Chapter 1"``), or ``""`` for a heading that is only a title."""
    title: str
    """The chapter's own title, or ``""``."""


@dataclass(frozen=True)
class Section:
    """One page-like unit of the book: an EPUB file, a PDF section starting a page."""

    id: str
    """Stable id: the EPUB file is ``ID.xhtml``, the print element ``id="ID"``."""
    kind: str
    """One of :data:`SECTION_KINDS`."""
    title: str
    """Display title: the document ``<title>``, its contents entry and PDF bookmark."""
    matter: str = "body"
    """``"front"``, ``"body"`` or ``"back"`` (EPUB spine and landmarks)."""
    story: int = -1
    """Index into :attr:`BookLayout.stories`, or -1 for the book's own pages."""
    level: int = 1
    """Heading level of the section's heading (``h1``…), and its bookmark depth."""
    heading: HeadingParts | None = None
    """A chapter's heading parts; ``None`` for an untitled chapter or another kind."""
    chapter: Chapter | None = None
    """The chapter, for ``kind == "chapter"``."""
    part: Part | None = None
    """The part, for ``kind == "part"``."""
    blocks: tuple[tuple[str, Block], ...] = ()
    """Front or end matter blocks with the label to show."""


@dataclass(frozen=True)
class TocEntry:
    """One entry of the contents tree."""

    title: str
    """Text shown."""
    target: str
    """The :attr:`Section.id` it opens."""
    kind: str
    """The target section's kind, or ``"story"`` for an anthology story's entry."""
    children: tuple[TocEntry, ...] = ()
    """Entries nested under this one."""


class Paragraphs(str):
    """Text of several paragraphs: as a string, plain and joined by blank lines (what a
    template written for plain text splits); :attr:`paragraphs` keeps each paragraph with
    its marks and line breaks, for the pages that show them (a summary's poem, a title in
    italics)."""

    paragraphs: tuple[str, ...]

    def __new__(cls, paragraphs: tuple[str, ...] = ()) -> Paragraphs:
        self = super().__new__(cls, "\n\n".join(paragraphs))
        self.paragraphs = paragraphs
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Paragraphs, (self.paragraphs,))


@dataclass(frozen=True)
class StoryLayout:
    """What the title page and the story's pages show, decided once."""

    story: Story
    """The story."""
    id: str
    """Id prefix of its sections (``s1``)."""
    lang: str
    """Its language (hyphenation and quotes follow it)."""
    fields: tuple[tuple[str, str], ...]
    """Title-page metadata list, ``(label, value)``."""
    summary: Paragraphs
    """Summary shown on the title page."""
    summary_label: str
    """Its label as written (``"Full Summary"``)."""


@dataclass(frozen=True)
class BookLayout:
    """The book as the reader sees it, for every format."""

    book: Book
    """The bound book."""
    lang: str
    """The book's language tag (valid BCP 47)."""
    stories: tuple[StoryLayout, ...]
    """One per story, in order."""
    sections: tuple[Section, ...]
    """Every section in reading order, cover first, colophon last."""
    toc: tuple[TocEntry, ...]
    """The contents tree (never empty)."""
    date: str
    """Date shown in the colophon (``YYYY-MM-DD``), ``""`` when none is known."""
    modified: str
    """``YYYY-MM-DDTHH:MM:SSZ`` for package and PDF metadata; ``""`` when no date is known."""
    description: str
    """The book's description (an anthology's, or a single story's summary)."""
    keywords: tuple[str, ...]
    """Subjects: fandoms, genres, pairings, tags, de-duplicated."""
    sources: tuple[str, ...]
    """Where the text came from, as addresses (``source_url``, AO3's work URL); never a
    local file name."""
    published: str = ""
    """First publication date (``YYYY-MM-DD``) for ``dc:date``; ``""`` when unknown."""
    rights: str = ""
    """The story's own disclaimer or rights statement, for ``dc:rights``."""

    def section(self, section_id: str) -> Section:
        """The section with ``section_id``."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def entries(self) -> Iterator[tuple[int, TocEntry]]:
        """Every contents entry with its depth (1 for the top), depth first."""
        def walk(entries: tuple[TocEntry, ...], depth: int) -> Iterator[tuple[int, TocEntry]]:
            for e in entries:
                yield depth, e
                yield from walk(e.children, depth + 1)
        return walk(self.toc, 1)
