"""The printed book's own decisions, drawn from the one :class:`BookLayout`.

A printed book has pages an ebook does not: a half-title, a title page that
carries only title and author, an imprint page on its back, an "About this story"
page for the metadata an archive prints, openings on right-hand pages, running
heads, and a lead-in of small capitals on the first words of a chapter. They are
decided here, once, so the print template only draws them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from bookmaker.layout import metadata as md
from bookmaker.layout.view import BookLayout, Section
from bookmaker.patterns import regex

__all__ = ["PrintLayout", "StoryPages", "print_layout", "running_heads", "recto_openings",
           "lead_in", "proper_names", "protect_names", "LEAD_WORDS",
           "LEAD_CHARS"]

LEAD_WORDS = 3
"""Words set in small capitals at a chapter's opening (the classic lead-in)."""
LEAD_CHARS = 22
"""At most this many characters: a lead-in always fits on the first line."""

_PHRASE_END = regex(r"[,.;:!?\u2014\u2013\u2026]['\"\u2019\u201d)]*$")
"""A word ending a phrase ends the lead-in there."""

_IMPRINT_KINDS = ("disclaimer",)
"""Front matter printed on the imprint page, as the story gives it, not again after."""


@dataclass(frozen=True)
class StoryPages:
    """A story's print-only pages."""

    fields: tuple[tuple[str, str], ...]
    """The "About this story" list (one word count, never two)."""
    summary: str
    """Its summary."""
    summary_label: str
    """The summary's label as written (``"Full Summary"``)."""
    imprint: tuple[tuple[str, str], ...]
    """Front matter blocks (label, text) printed on the imprint page."""
    source: str
    """Where the text came from, when it is a web address; never a local file name."""


@dataclass(frozen=True)
class PrintLayout:
    """What only the printed book shows, section ids as in :attr:`BookLayout.sections`."""

    view: BookLayout
    """The one layout."""
    recto: frozenset[str]
    """Sections that open on a right-hand page (a blank verso before them if needed)."""
    running: dict[str, tuple[str, str]]
    """Section id → (verso head, recto head); ``""`` for none."""
    stories: tuple[StoryPages, ...]
    """One per story."""


def recto_openings(view: BookLayout) -> frozenset[str]:
    """Each story's first section after its title and front matter, every part page,
    and the chapter after a part: they open on a right-hand page."""
    out: set[str] = set()
    previous: Section | None = None
    for s in view.sections:
        if s.kind == "part":
            out.add(s.id)
        elif s.kind == "chapter" and previous is not None and (
                previous.kind in ("title", "front", "part") or previous.story != s.story):
            out.add(s.id)
        previous = s
    return frozenset(out)


def _authors(view: BookLayout, story: int) -> str:
    return ", ".join(view.stories[story].story.authors)


def running_heads(view: BookLayout) -> dict[str, tuple[str, str]]:
    """(verso, recto) heads per section: the book or story title over the chapter title.

    A story of one chapter has no chapter title to run: its verso carries the
    author, its recto the title. Front and end matter run no recto head (a head
    saying "Notes" tells the reader nothing), and a head equal to the one facing
    it is dropped.
    """
    anthology = view.book.is_anthology
    heads: dict[str, tuple[str, str]] = {}
    for s in view.sections:
        if s.story < 0 or s.kind not in ("front", "chapter", "end"):
            continue
        sl = view.stories[s.story]
        title = sl.story.title.strip() or view.book.title
        left = title if anthology else view.book.title
        one = len(sl.story.chapters) == 1
        if one:
            left, right = (_authors(view, s.story) or view.book.title), title
        elif s.kind == "chapter" and s.heading is not None:
            right = s.heading.title or s.heading.label
        else:
            right = ""
        if s.kind != "chapter" and not one:
            right = ""
        heads[s.id] = (left, "" if right == left else right)
    return heads


def _story_pages(view: BookLayout, n: int) -> StoryPages:
    sl = view.stories[n]
    imprint = tuple((b.label or "Disclaimer", b.text) for b in sl.story.front_matter
                    if b.kind in _IMPRINT_KINDS and b.text)
    return StoryPages(sl.fields, sl.summary, sl.summary_label, imprint,
                      md.source_url(sl.story))


def print_layout(view: BookLayout) -> PrintLayout:
    """The print-only decisions for ``view``."""
    return PrintLayout(
        view=view,
        recto=recto_openings(view),
        running=running_heads(view),
        stories=tuple(_story_pages(view, n) for n in range(len(view.stories))),
    )


def imprint_kinds() -> tuple[str, ...]:
    """Front matter kinds a single story prints on its imprint page instead of after it."""
    return _IMPRINT_KINDS


_WORD = regex(r"\S+")


def lead_in(paragraph: object) -> tuple[Markup, Markup]:
    """``paragraph`` split into its first words (set in small capitals) and the rest.

    Works on the paragraph's HTML (a plain string is escaped first), so emphasis and
    other inline markup survive: the lead-in stops before the first tag and never
    splits a word. ``(Markup(""), html)`` when there is no word to lead with.
    """
    html = str(escape(paragraph))
    end = html.find("<")
    head = html if end < 0 else html[:end]
    taken = 0
    for count, match in enumerate(_WORD.finditer(head), 1):
        if match.end() > LEAD_CHARS and taken:
            break
        if match.end() > LEAD_CHARS or (end >= 0 and match.end() == len(head)):
            break  # a word running into a tag, or too long, is not split
        taken = match.end()
        if count == LEAD_WORDS or _PHRASE_END.search(match.group()):
            break
    if not taken:
        return Markup(""), Markup(html)
    return Markup(html[:taken]), Markup(html[taken:])


NAME_MIN = 6
"""Shortest name worth protecting: shorter words are never hyphenated (limit 6 3 3)."""
NAME_SEEN = 2
"""A capitalised word seen this often mid-sentence, and never in lower case, is a name."""

_WORDS = regex(r"[^\W\d_]+")
_SENTENCE_START = regex(r"(^|[.!?:\u2026]['\"\u2019\u201d)]*\s+|[\"\u201c\u2018(]\s*)$")
_TAG = regex(r"(<[^>]*>)")


def proper_names(paragraphs: Iterable[object]) -> frozenset[str]:
    """Words the text itself shows to be names: capitalised mid-sentence at least
    :data:`NAME_SEEN` times and never written in lower case. They are not hyphenated."""
    inside: Counter[str] = Counter()
    lower: set[str] = set()
    for paragraph in paragraphs:
        text = str(paragraph)
        for match in _WORDS.finditer(text):
            word = match.group()
            if word.islower():
                lower.add(word)
            elif word[0].isupper() and word[1:].islower() and len(word) >= NAME_MIN:
                if not _SENTENCE_START.search(text[max(0, match.start() - 4):match.start()]):
                    inside[word] += 1
    return frozenset(w for w, n in inside.items() if n >= NAME_SEEN and w.lower() not in lower)


def protect_names(html: object, names: frozenset[str]) -> Markup:
    """``html`` with each of ``names`` in a ``<span class="name">`` (never hyphenated).

    Only text between tags is touched; a plain string is escaped first.
    """
    markup = str(escape(html))
    if not names:
        return Markup(markup)
    # the book's own names: compiled here, not kept in the compiled table (bookmaker.patterns)
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, names))) + r")\b")
    parts = _TAG.split(markup)
    for i in range(0, len(parts), 2):  # even parts are text, odd ones tags
        parts[i] = pattern.sub(r'<span class="name">\1</span>', parts[i])
    return Markup("".join(parts))
