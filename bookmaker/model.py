"""The book model: what parsing produces and every renderer consumes.

All classes are frozen dataclasses. Text fields hold plain Unicode text (never
markup); renderers escape it. ``as_dict()`` gives the ``inspect --json`` contract.

A paragraph may carry inline runs (emphasis, strong, line breaks…): it is then a
:class:`Text`, a ``str`` holding the plain text that also keeps its :class:`Run` s and
renders them as HTML through ``__html__`` (which Jinja's autoescape calls). So every
consumer of plain strings (word counts, ``inspect --json``, templates) keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

__all__ = [
    "FRONT_KINDS",
    "END_KINDS",
    "MARKS",
    "Run",
    "Text",
    "runs_of",
    "Decision",
    "Block",
    "Part",
    "Chapter",
    "Story",
    "Book",
    "BookOptions",
    "replace",
]

FRONT_KINDS = (
    "disclaimer", "summary", "notes", "rating", "pairing", "characters", "fandom",
    "warnings", "series", "legend", "word_count", "genres", "tags", "status",
    "contents", "dedication", "other",
)
"""Kinds a front matter block may have."""

END_KINDS = ("notes", "end-marker", "other")
"""Kinds an end matter block may have."""


MARKS: dict[str, str] = {
    "em": "em", "i": "i", "strong": "strong", "b": "b", "u": "u", "s": "s",
    "sup": "sup", "sub": "sub", "code": "code", "smallcaps": 'span class="smallcaps"',
    "footnote": 'sup class="noteref"',
}
"""Inline marks a run may have, each with the HTML element (and class) it is written as.
``em``/``strong`` are stress and importance; ``i``/``b`` typographic italic and bold (a
title, a thought), kept apart because the source said which it meant."""

@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph with one set of inline marks."""

    text: str
    """The run's plain text; ``"\n"`` for a line break."""
    marks: tuple[str, ...] = ()
    """Marks from :data:`MARKS`, outermost first (``("strong", "em")``); ``()`` is plain."""
    href: str = ""
    """The link target when the source linked this run (kept, never fetched)."""
    br: bool = False
    """A line break inside the paragraph (``text`` is ``"\n"``)."""
    ruby: str = ""
    """A reading shown above the run (Japanese furigana: ``漢字`` read ``かんじ``); the
    reading is not part of the paragraph's plain text."""

    def as_dict(self) -> dict[str, Any]:
        """The run for ``inspect --json``: only the fields that are set."""
        out: dict[str, Any] = {"text": self.text}
        if self.marks:
            out["marks"] = list(self.marks)
        if self.href:
            out["href"] = self.href
        if self.br:
            out["br"] = True
        if self.ruby:
            out["ruby"] = self.ruby
        return out


def _merge(runs: Any) -> tuple[Run, ...]:
    """Join neighbouring runs with the same marks and drop empty ones."""
    out: list[Run] = []
    for r in runs:
        if not r.text:
            continue
        last = out[-1] if out else None
        if last and not r.br and not last.br and not r.ruby and not last.ruby and (
                last.marks, last.href) == (r.marks, r.href):
            out[-1] = Run(last.text + r.text, r.marks, r.href)
        else:
            out.append(r)
    return tuple(out)


class Text(str):
    """A paragraph's plain text that also carries its inline runs.

    ``str(text)`` (and every ``str`` operation) gives the plain text, so consumers of
    plain strings work unchanged; ``__html__`` writes the runs as escaped inline HTML,
    which is how the templates show them (Jinja's autoescape calls it).
    """

    runs: tuple[Run, ...]

    def __new__(cls, value: str = "", runs: Any = None) -> Text:
        merged = _merge(runs) if runs is not None else ((Run(value),) if value else ())
        obj = super().__new__(cls, "".join(r.text for r in merged) if runs is not None
                              else value)
        obj.runs = merged
        return obj

    @classmethod
    def of(cls, runs: Any) -> str:
        """The paragraph for ``runs``: a plain ``str`` when no run has a mark."""
        merged = _merge(runs)
        if all(not r.marks and not r.br and not r.href and not r.ruby for r in merged):
            return "".join(r.text for r in merged)
        return cls("", merged)

    @property
    def marked(self) -> bool:
        """True when some run is more than plain text."""
        return any(r.marks or r.br or r.ruby for r in self.runs)

    def __html__(self) -> str:
        return runs_html(self.runs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.runs))


def runs_of(paragraph: str) -> tuple[Run, ...]:
    """The inline runs of a paragraph (one plain run for a plain ``str``)."""
    if isinstance(paragraph, Text):
        return paragraph.runs
    return (Run(paragraph),) if paragraph else ()


def _escape(text: str) -> str:
    """``html.escape(text, quote=False)``, without importing ``html`` (whose entity table
    costs ~1.5 ms of every run's start) for three replacements."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def runs_html(runs: tuple[Run, ...]) -> str:
    """Escaped inline (X)HTML for ``runs``: marks as elements, line breaks as ``<br/>``.

    Links are written as their text: a book never links out to what the source named.
    """
    out: list[str] = []
    for r in runs:
        if r.br:
            out.append("<br/>")
            continue
        body = _escape(r.text)
        if r.ruby:  # <rp> shows the reading in brackets where ruby is not laid out
            body = (f"<ruby>{body}<rp>(</rp><rt>{_escape(r.ruby)}</rt>"
                    "<rp>)</rp></ruby>")
        for mark in reversed(r.marks):
            tag = MARKS.get(mark)
            if tag:
                body = f"<{tag}>{body}</{tag.split()[0]}>"
        out.append(body)
    return "".join(out)


@dataclass(frozen=True)
class Decision:
    """One structural decision the parser made, for ``inspect`` to explain."""

    line: int
    """1-based line number in the ingested text (0 when not tied to a line)."""
    what: str
    """What was decided, e.g. ``"chapter"``, ``"scene-break"``, ``"front:summary"``."""
    reason: str
    """Why, in words a user understands."""
    text: str = ""
    """The source line (or its start) the decision is about."""
    code: str = ""
    """Stable code from :mod:`bookmaker.parse.codes` (``"heading.bare-sequence"``), ``""`` for
    decisions made outside the parser (ingest, sidecar)."""
    overridden: str = ""
    """The value this decision gave, once a stronger source (flag, sidecar, project default)
    replaced it; ``""`` while it stands. ``inspect`` shows it as what the text said."""


@dataclass(frozen=True)
class Block:
    """A labelled block of front matter, end matter or chapter notes."""

    kind: str
    """One of FRONT_KINDS / END_KINDS (chapter notes use ``"notes"``)."""
    label: str
    """The label as written (``"Disclaimer"``, ``"A/N"``), or ``""`` when unlabelled."""
    paragraphs: tuple[str, ...]
    """The block's text without its label, one string per paragraph."""
    line: int = 0
    """1-based source line where the block starts."""

    @property
    def text(self) -> str:
        """All paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Part:
    """A part heading that groups the chapters from ``first_chapter`` on."""

    title: str
    """The heading as written, e.g. ``"Part One: Winter"``."""
    first_chapter: int
    """Index into ``Story.chapters`` of the part's first chapter."""
    line: int = 0
    """1-based source line of the heading."""


@dataclass(frozen=True)
class Chapter:
    """A chapter: a heading, notes, and scenes made of paragraphs."""

    label: str
    """The heading as shown (``"Chapter 1: Crushed"``); ``""`` for a oneshot without one."""
    title: str | None
    """The chapter's own title (``"Crushed"``), or ``None``."""
    number: int | None
    """The chapter number when the heading has one."""
    scenes: tuple[tuple[str, ...], ...]
    """Prose paragraphs grouped by scene; author's notes are not here."""
    notes_before: tuple[Block, ...] = ()
    """Author's notes at the start of the chapter."""
    notes_after: tuple[Block, ...] = ()
    """Author's notes at the end of the chapter."""
    line: int = 0
    """1-based source line of the heading (or of the first paragraph)."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """All prose paragraphs of all scenes."""
        return tuple(p for scene in self.scenes for p in scene)

    @cached_property
    def counts(self) -> tuple[int, int]:
        """``(words, CJK characters)`` of prose (notes excluded); counted once per chapter
        (layout, title page, metadata and the summary table each ask)."""
        from bookmaker.parse.words import count_words  # the model stays free of parse imports

        words = chars = 0
        for p in self.paragraphs:
            w, c = count_words(p)
            words, chars = words + w, chars + c
        return words, chars

    @property
    def word_count(self) -> int:
        """Words of prose (notes excluded); each CJK character counts as one (their readers
        count characters: see :attr:`Story.count_unit`)."""
        words, chars = self.counts
        return words + chars


@dataclass(frozen=True)
class Story:
    """One parsed story."""

    title: str
    """The story's title (falls back to the file name)."""
    authors: tuple[str, ...] = ()
    """Author names, in order."""
    front_matter: tuple[Block, ...] = ()
    """Blocks before the first chapter (disclaimer, summary, notes…)."""
    parts: tuple[Part, ...] = ()
    """Part headings grouping chapters, in order."""
    chapters: tuple[Chapter, ...] = ()
    """At least one chapter for any non-empty story."""
    end_matter: tuple[Block, ...] = ()
    """Blocks after the last chapter (closing notes, end markers, stray lines)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Extra metadata: ``language``, ``fandom``, ``status``, ``source``… (sidecar wins)."""
    decisions: tuple[Decision, ...] = ()
    """Every structural decision, in source order."""

    def front(self, kind: str) -> tuple[Block, ...]:
        """Front matter blocks of one kind."""
        return tuple(b for b in self.front_matter if b.kind == kind)

    @property
    def word_count(self) -> int:
        """Words of prose over all chapters (CJK characters counted one each)."""
        return sum(c.word_count for c in self.chapters)

    @property
    def count_unit(self) -> str:
        """``"characters"`` for a story written mostly in CJK, else ``"words"``."""
        from bookmaker.parse.words import is_cjk_text

        counts = [c.counts for c in self.chapters]
        return "characters" if is_cjk_text(sum(w for w, _ in counts),
                                            sum(c for _, c in counts)) else "words"

    def as_dict(self) -> dict[str, Any]:
        """The ``inspect --json`` contract (see DESIGN.md), plus meta and decisions."""

        def runs(paragraphs: tuple[str, ...]) -> list[list[dict[str, Any]]]:
            return [[r.as_dict() for r in runs_of(p)] for p in paragraphs]

        def block(b: Block) -> dict[str, Any]:
            return {"kind": b.kind, "label": b.label, "text": b.text, "line": b.line,
                    "runs": runs(b.paragraphs)}

        return {
            "title": self.title,
            "authors": list(self.authors),
            "meta": dict(self.meta),
            "front_matter": [block(b) for b in self.front_matter],
            "parts": [
                {"title": p.title, "first_chapter": p.first_chapter, "line": p.line}
                for p in self.parts
            ],
            "chapters": [
                {
                    "label": c.label,
                    "title": c.title,
                    "number": c.number,
                    "line": c.line,
                    "scenes": [list(s) for s in c.scenes],
                    "runs": [runs(s) for s in c.scenes],
                    "notes_before": [block(b) for b in c.notes_before],
                    "notes_after": [block(b) for b in c.notes_after],
                    "words": c.word_count,
                }
                for c in self.chapters
            ],
            "end_matter": [block(b) for b in self.end_matter],
            "decisions": [
                {"line": d.line, "what": d.what, "code": d.code, "reason": d.reason,
                 "text": d.text, **({"overridden": d.overridden} if d.overridden else {})}
                for d in self.decisions
            ],
        }


@dataclass(frozen=True)
class BookOptions:
    """How a book is rendered; every value was checked when the settings were read."""

    style: str = "classic"
    """Print theme (``classic``, ``large-print``) or the path of a CSS file."""
    trim: str = "digest"
    """PDF page size: a preset or ``WxH`` with units (see :mod:`bookmaker.render.trim`)."""
    proof: bool = False
    """Also write a contact sheet of the PDF's first pages."""
    templates_dir: str | None = None
    """The user's templates folder (files missing there come from bookmaker's)."""
    styles_dir: str | None = None
    """The user's styles folder (files missing there come from bookmaker's)."""
    date: str = ""
    """ISO date of the book for its metadata; ``""`` to take it from the stories."""
    anthology: bool = False
    """Bind as an anthology even with one story."""
    bleed: str = ""
    """Bleed around each PDF page (``0.125in``); ``""`` for none."""
    pdf_variant: str = ""
    """PDF standard to write (``pdf/x-4``, ``pdf/a-2b``); ``""`` for plain PDF."""
    service: str = ""
    """Print-on-demand service whose rules apply (``kdp``, ``lulu``); ``""`` for none."""
    paper: str = "white"
    """Paper of the printed book (``white``, ``cream``): it sets the spine width."""
    icc_profile: str = ""
    """CMYK ICC profile for a PDF/X output intent; ``""`` to use one the system has."""


@dataclass(frozen=True)
class Book:
    """What renderers take: one story, or several bound as an anthology."""

    title: str
    """The book's title (the story's title for a single story)."""
    stories: tuple[Story, ...]
    """One story, or the anthology's stories in order."""
    subtitle: str = ""
    """Anthology subtitle."""
    editor: str = ""
    """Anthology editor."""
    description: str = ""
    """Anthology description (a single story uses its summary)."""
    language: str = "en"
    """BCP 47 language tag for the whole book."""
    cover: bytes | None = None
    """User-supplied cover image bytes; ``None`` to generate one."""
    source_names: tuple[str, ...] = ()
    """Source file names, one per story, for the colophon."""
    options: BookOptions = BookOptions()
    """How to render it."""

    @property
    def is_anthology(self) -> bool:
        """True when the book binds more than one story (or was asked to)."""
        return len(self.stories) > 1 or self.options.anthology

    @property
    def authors(self) -> tuple[str, ...]:
        """Authors over all stories, de-duplicated, in order."""
        seen: dict[str, None] = {}
        for s in self.stories:
            for a in s.authors:
                seen.setdefault(a, None)
        return tuple(seen)
