"""The catalogue of decision codes: one stable name for every kind of decision ``parse`` makes.

Each :class:`~bookmaker.model.Decision` the parser records carries a code from here
(``heading.bare-sequence``, ``break.gap``, ``front.summary``…), so ``inspect`` can show
it, tests can assert on it and users can look it up in ``docs/decisions.md`` (which a
test keeps in step with this catalogue). ``what`` keeps the older, coarser name
(``"chapter"``, ``"front:summary"``) that existing callers filter on.
"""

from __future__ import annotations

from bookmaker.model import END_KINDS, FRONT_KINDS, Decision

__all__ = ["CODES", "decision", "what_of"]

_FIXED: dict[str, tuple[str, str]] = {
    # code: (legacy ``what``, one-line meaning)
    "layout.unwrap": ("layout:unwrap", "hard-wrapped lines joined into paragraphs"),
    "layout.gaps": ("gaps", "the blank-line gap statistics of the prose"),
    "layout.verse-gap": ("gaps", "a double gap around verse or a letter: layout, not a break"),
    "text.empty": ("empty", "the text has no words"),
    "text.symbols": ("text", "only symbol lines: they are the text"),
    "heading.keyword": ("chapter", "a heading word with a number (Chapter 1, STAVE I)"),
    "heading.special": ("chapter", "Prologue, Epilogue, Interlude… alone on a line"),
    "heading.markdown": ("chapter", "a Markdown or setext heading"),
    "heading.bare-sequence": ("chapter", "bare numbers in sequence, one style"),
    "heading.contents-match": ("chapter", "a line matching an entry of the contents list"),
    "heading.sequence-gap": ("chapter", "the number missing between two headings of its style"),
    "heading.capitals": ("chapter", "lines in capitals set apart by wide gaps, several of them"),
    "heading.sequence-missing": ("not-heading", "a number the headings skip (none found)"),
    "heading.sidecar": ("chapter", "the sidecar says this line is a heading"),
    "heading.opening": ("chapter", "prose before the first heading: an untitled chapter"),
    "heading.none": ("chapter", "no headings: one chapter without a heading"),
    "heading.part": ("part", "a part heading grouping the chapters after it"),
    "heading.not-sidecar": ("not-heading", "the sidecar says this line is not a heading"),
    "heading.not-deeper": ("not-heading", "a deeper Markdown heading inside a chapter"),
    "heading.not-bare-worded": ("not-heading", "a bare number where headings are worded"),
    "heading.not-bare-sequence": ("not-heading", "a bare number out of sequence"),
    "heading.not-in-contents": ("not-heading", "a heading-like line the contents list omits"),
    "heading.contents": ("front:contents", "headings in a row with no text: a contents list"),
    "chapter.title-sidecar": ("chapter-title", "the sidecar renames this chapter"),
    "title.label": ("title", "a 'Title:' line"),
    "title.line": ("title", "a short stand-alone line at the top"),
    "title.markdown": ("title", "the only top-level Markdown heading"),
    "title.prefix": ("title", "the text before 'Chapter' in the headings"),
    "title.closing": ("title", "a title-like closing line"),
    "title.publisher": ("title", "a publisher's header names the book"),
    "title.filename": ("title", "no title in the text: the file name"),
    "title.not-subject": ("not-title", "a forum subject line gives way to the title"),
    "title.not-repeated": ("not-title", "a line repeated inside other front matter"),
    "title.label-repeated": ("not-title", "a 'Title:' line repeating the first one"),
    "authors.label": ("authors", "an 'Author:' or 'by …' line"),
    "front.separator": ("front:separator", "an ornament between front matter blocks"),
    "front.header": ("front:other", "a publisher's or exporter's header block"),
    "front.second-title": ("front:other",
                           "a second 'Title:' line naming another title: kept as text"),
    "front.empty-heading": ("front:other",
                            "a heading with no text of its own before the first chapter"),
    "end.trailer": ("end:other", "a publisher's closing boilerplate"),
    "end.preview": ("end:other", "a last heading with nothing after it"),
    "end.afterword": ("end:other", "a last heading holding only notes"),
    "end.footnotes": ("end:notes", "a block of footnotes after the last chapter"),
    "ornament.lead": ("ornament", "an ornament before a chapter's prose: not a break"),
    "ornament.trail": ("ornament", "an ornament after a chapter's prose: not a break"),
    "break.ornament": ("scene-break", "an ornament line between scenes"),
    "break.gap": ("scene-break", "a gap wider than the text's usual one"),
    "break.sidecar": ("scene-break", "the sidecar says a scene break comes before this line"),
    "break.not-sidecar": ("not-scene-break", "the sidecar says this line is no scene break"),
    "block.sidecar": ("block-kind", "the sidecar says what kind of block this is"),
}

_KINDS: dict[str, tuple[str, str]] = {
    **{f"front.{k}": (f"front:{k}", f"front matter: {k}") for k in FRONT_KINDS},
    **{f"chapter-notes.{k}": (f"chapter-notes:{k}", f"a chapter's opening {k}")
       for k in FRONT_KINDS},
    **{f"end.{k}": (f"end:{k}", f"end matter: {k}") for k in END_KINDS},
    **{f"chapter-end.{k}": (f"chapter-end:{k}", f"a chapter's closing {k}") for k in END_KINDS},
}

CODES: dict[str, str] = {code: meaning for code, (_, meaning) in {**_FIXED, **_KINDS}.items()}
"""Every decision code and its one-line meaning."""

_WHAT: dict[str, str] = {code: what for code, (what, _) in {**_FIXED, **_KINDS}.items()}


def what_of(code: str) -> str:
    """The legacy ``Decision.what`` of a code."""
    return _WHAT[code]


def decision(code: str, line: int, reason: str, text: str = "") -> Decision:
    """A Decision with its catalogue code (a code not in the catalogue is a bug: KeyError)."""
    return Decision(line, _WHAT[code], reason, text, code)
