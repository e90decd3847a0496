"""Bridge: a SourceDocument through the parser, and its inline runs back onto the Story.

The parser reads text (``parse(text, name, hints)``). Each block becomes one line
followed by a blank line (three after a heading, which is complete as the document gives
it); headings are passed as heading hints (except a lone opening
``h1``, the title, and note labels such as "Chapter End Notes", which the parser reads
as labels); rules become ``* * *``. After parsing, every paragraph is matched back to
the block it came from (in source order), so it carries that block's runs, and every
line number is mapped back to the source file's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bookmaker.model import Block, Chapter, Decision, Part, Run, Story, Text
from bookmaker.parse import ParseHints, parse
from bookmaker.parse.headings import match_heading
from bookmaker.parse.labels import match_label
from bookmaker.parse.title import title_words
from bookmaker.patterns import regex
from bookmaker.read.document import SourceBlock, SourceDocument

__all__ = ["Handed", "hand_over", "parse_document"]

_NOTE_LABEL = regex(
    r"^(?:chapter |story |work )?(?:end |beginning |author'?s'? |final )?"
    r"(?:notes?|summary|a/n|author'?s'? notes?)\s*:?$", re.I)
_RULE = "* * *"
_HEADING_GAP = 3
"""Blank lines handed after a heading: a document's heading is complete, and the parser
reads the line right under a bare heading ("Part 1" over "Winter") as its title only
across a narrow gap."""
PAGE_TITLE_MAX = 60
"""Longest first line after a page break that may be the chapter's heading (and it may not
end like a sentence: prose after a page break is only layout)."""
_PAGE_MIN_BREAKS = 2
"""Page breaks a document needs before they are read as chapter breaks (one is a cover)."""
_SEARCH_WINDOW = 64
"""Blocks searched ahead of the last match when matching a paragraph to its block."""


@dataclass(frozen=True)
class Handed:
    """The text handed to the parser and how its lines map to the source."""

    text: str
    """One line per block, blank lines between."""
    lines: tuple[int, ...]
    """Source line of each handed line (index 0 is line 1)."""
    blocks: tuple[SourceBlock, ...]
    """The block behind each handed line with text (``None`` lines are blank)."""
    headings: frozenset[int]
    """Handed lines that are headings."""
    title: str
    """The title the document states or opens with, or ``""``."""
    why: dict[int, str]
    """Why a source line was handed as a heading or a break (for the decisions)."""


def _flat(b: SourceBlock) -> str:
    return " ".join(b.text.split())


def _page_breaks(blocks: list[SourceBlock], why: dict[int, str]) -> list[SourceBlock]:
    """Page breaks as chapter breaks where the author used them so.

    In a document without headings and with several page breaks, the first line after a
    break becomes the chapter's heading when most such lines are short (a title, not
    prose); otherwise, and in documents with headings, page breaks are layout only.
    """
    breaks = [i for i, b in enumerate(blocks) if b.kind == "page-break"]
    firsts = [next((j for j in range(i + 1, len(blocks)) if blocks[j].kind != "page-break"),
                   None) for i in breaks]
    starts = [j for j in firsts if j is not None and blocks[j].kind == "paragraph"]
    short = [j for j in starts if len(_flat(blocks[j])) <= PAGE_TITLE_MAX
             and not _flat(blocks[j]).endswith((".", ",", ";"))]
    has_heads = any(b.kind == "heading" and b.level > 1 for b in blocks)
    if has_heads or len(breaks) < _PAGE_MIN_BREAKS or 2 * len(short) <= len(starts):
        return [b for b in blocks if b.kind != "page-break"]
    out = list(blocks)
    for j in short:
        b = blocks[j]
        out[j] = SourceBlock("heading", b.runs, b.line, 2)
        why[b.line] = "the first line after a page break (the document uses page breaks " \
                      "between chapters and has no heading styles)"
    return [b for b in out if b.kind != "page-break"]


def hand_over(doc: SourceDocument) -> Handed:
    """The text and hints for the parser (see the module docstring)."""
    why: dict[int, str] = {}
    blocks = _page_breaks([b for b in doc.blocks if b.kind in ("rule", "page-break", "blank")
                           or _flat(b)], why)
    title = doc.title
    h1s = [b for b in blocks if b.kind == "heading" and b.level == 1]
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1 and len(h1s) == 1 \
            and not (match_heading(_flat(blocks[0])) and not title):
        title = title or _flat(blocks[0])  # a lone "Chapter 1" is a chapter, not the title
    out: list[str] = []
    lines: list[int] = []
    kept: list[SourceBlock] = []
    heads: set[int] = set()
    opening = True  # no prose yet: only the headings that open the document
    for b in blocks:
        if b.kind == "blank":  # a spacer paragraph: one more blank line after the last block
            out.append("")
            lines.append(b.line)
            continue
        text = _RULE if b.kind == "rule" else _flat(b)
        opening = opening and b.kind == "heading"
        if opening and _byline(text):  # "## by Jane Doe" under the title: its author
            why.setdefault(b.line, "a 'by …' heading before the text: the byline")
        elif b.kind == "heading" and not _NOTE_LABEL.match(text) and not (
                b is blocks[0] and len(h1s) == 1 and b.level == 1):
            heads.add(len(out) + 1)
            why.setdefault(b.line, f"a level-{b.level} heading in the source")
        elif b.kind == "rule":
            why[b.line] = "a rule in the source (<hr>, ---)"
        gap = _HEADING_GAP if len(out) + 1 in heads else 1
        out += [text, *[""] * gap]
        lines += [b.line] * (1 + gap)
        kept.append(b)
    return Handed("\n".join(out) + "\n", tuple(lines), tuple(kept), frozenset(heads), title,
                  why)


def _byline(text: str) -> bool:
    """A heading that is an author line (``by Jane Doe``, ``Author: J. Doe``), read the way
    the parser reads one in text."""
    label = match_label(text)
    return label is not None and label.kind == "author" and bool(label.body)


def _source_hints(hints: ParseHints | None, handed: Handed) -> ParseHints:
    """Sidecar hints name source lines; the parser needs handed lines."""
    by_source: dict[int, int] = {}
    for i, line in enumerate(handed.lines):
        by_source.setdefault(line, i + 1)
    hints = hints or ParseHints()
    return ParseHints(
        headings=handed.headings | {by_source[n] for n in hints.headings if n in by_source},
        not_headings=frozenset(by_source[n] for n in hints.not_headings if n in by_source),
        chapter_titles=hints.chapter_titles,
        breaks=frozenset(by_source[n] for n in hints.breaks if n in by_source),
        not_breaks=frozenset(by_source[n] for n in hints.not_breaks if n in by_source),
        block_kinds={by_source[n]: k for n, k in hints.block_kinds.items() if n in by_source})


class _Runs:
    """Finds, in source order, the block a parsed paragraph came from."""

    def __init__(self, blocks: Sequence[SourceBlock]) -> None:
        self.blocks = [b for b in blocks if b.kind != "rule"]
        self.texts = [_flat(b) for b in self.blocks]
        self.at = 0

    def attach(self, paragraph: str) -> str:
        flat = " ".join(paragraph.split())
        if not flat:
            return paragraph
        found = self._find(flat, self.at, min(len(self.texts), self.at + _SEARCH_WINDOW))
        if found is None:
            found = self._find(flat, 0, len(self.texts))
        if found is None:
            return paragraph
        i, start = found
        self.at = i + 1 if start + len(flat) >= len(self.texts[i]) else i
        if start == 0 and len(flat) == len(self.texts[i]) and str(self.blocks[i].value) == flat:
            return self.blocks[i].value  # the whole block, as the parser kept it
        runs = _slice(self.blocks[i].runs, start, start + len(flat))
        value = Text.of(runs)
        return value if " ".join(str(value).split()) == flat else paragraph

    def _find(self, flat: str, lo: int, hi: int) -> tuple[int, int] | None:
        for i in range(lo, hi):
            if self.texts[i] == flat:
                return i, 0
        for i in range(lo, hi):
            pos = self.texts[i].find(flat)
            if pos >= 0:
                return i, pos
        return None


def _slice(runs: tuple[Run, ...], start: int, end: int) -> list[Run]:
    """The runs covering characters ``start:end`` of the flattened text."""
    out: list[Run] = []
    pos = 0
    flat_runs = _flatten(runs)
    for r in flat_runs:
        lo, hi = pos, pos + len(r.text)
        pos = hi
        if hi <= start or lo >= end:
            continue
        piece = r.text[max(start - lo, 0): min(end, hi) - lo]
        out.append(Run("\n", br=True) if r.br else replace(r, text=piece))
    return out


def _flatten(runs: tuple[Run, ...]) -> list[Run]:
    """Runs with white space folded as ``_flat`` folds it (a break counts as one space)."""
    out: list[Run] = []
    text_so_far = ""
    for r in runs:
        t = " " if r.br else re.sub(r"\s+", " ", r.text)
        if not text_so_far or text_so_far.endswith(" "):
            t = t.lstrip(" ")
        if not t:
            continue
        text_so_far += t
        out.append(replace(r, text=t))
    return out


def _attach(story: Story, handed: Handed, line: Callable[[int], int]) -> Story:
    finder = _Runs(handed.blocks)

    def block(b: Block) -> Block:
        return replace(b, paragraphs=tuple(finder.attach(p) for p in b.paragraphs),
                       line=line(b.line))

    def chapter(c: Chapter) -> Chapter:
        before = tuple(block(b) for b in c.notes_before)
        scenes = tuple(tuple(finder.attach(p) for p in s) for s in c.scenes)
        return replace(c, notes_before=before, scenes=scenes,
                       notes_after=tuple(block(b) for b in c.notes_after), line=line(c.line))

    return replace(
        story,
        front_matter=tuple(block(b) for b in story.front_matter),
        chapters=tuple(chapter(c) for c in story.chapters),
        end_matter=tuple(block(b) for b in story.end_matter),
        parts=tuple(Part(p.title, p.first_chapter, line(p.line)) for p in story.parts),
        decisions=tuple(replace(d, line=line(d.line)) for d in story.decisions))


def _explained(story: Story, handed: Handed, hints: ParseHints | None, code: str) -> Story:
    """Decisions the parser took from the document's own headings and rules say so (the
    parser records a heading hint as "sidecar", which only the user's sidecar hints are)."""
    user = hints.headings if hints else frozenset()

    def why(d: Decision) -> Decision:
        if d.line in handed.why and d.line not in user and (
                d.reason == "sidecar" or d.what.startswith("scene")):
            return replace(d, reason=f"{handed.why[d.line]} ({code})")
        return d

    return replace(story, decisions=tuple(why(d) for d in story.decisions))


def _opening_lines(story: Story, code: str) -> Story:
    """Unlabelled short lines the parser set aside before an untitled opening chapter are
    that chapter's first lines (a dateline, an epigraph) when the document states its
    title: documents label their metadata, so nothing else there can be front matter."""
    if not story.chapters or story.chapters[0].label or not story.chapters[0].scenes:
        return story
    front = list(story.front_matter)
    moved: list[Block] = []
    while front and front[-1].kind == "other" and not front[-1].label:
        moved.insert(0, front.pop())
    if not moved:
        return story
    first = story.chapters[0]
    opening = tuple(p for b in moved for p in b.paragraphs)
    scenes = ((*opening, *first.scenes[0]), *first.scenes[1:])
    chapter = replace(first, scenes=scenes, line=moved[0].line or first.line)
    notes = [Decision(b.line, f"{code}.opening", "an unlabelled line opening the text",
                      b.text[:60]) for b in moved]
    return replace(story, front_matter=tuple(front), chapters=(chapter, *story.chapters[1:]),
                   decisions=tuple(d for d in story.decisions
                                   if not (d.what == "front:other" and d.line in
                                           {b.line for b in moved})) + tuple(notes))


def _title_line_kept(story: Story, stated: str) -> Story:
    """The line the parser took for the title, kept as text when the document states
    another title (which wins): a first line that is not the title is the story's."""
    said = title_words(stated)
    lines = [d for d in story.decisions if d.code == "title.line" and d.text and not (
        (w := title_words(d.text)) == said[:len(w)] or said == w[:len(said)])]  # "My Story -"
    if not lines:
        return story
    kept = tuple(Block("other", "", (d.text,), d.line) for d in lines)
    return replace(story, front_matter=tuple(sorted((*story.front_matter, *kept),
                                                    key=lambda b: b.line)))


def parse_document(doc: SourceDocument, name: str, hints: ParseHints | None = None,
                   code: str = "read") -> Story:
    """Parse a document: hand its text to the parser, then put its runs back."""
    handed = hand_over(doc)
    story = parse(handed.text, name, _source_hints(hints, handed))

    def line(n: int) -> int:
        return handed.lines[n - 1] if 0 < n <= len(handed.lines) else n

    story = _attach(story, handed, line)
    story = _explained(story, handed, hints, code)
    if handed.title:
        story = _opening_lines(_title_line_kept(story, handed.title), code)
    found: list[Decision] = []
    if handed.title and story.title != handed.title:
        found.append(Decision(0, f"{code}.title", "the title the document states", handed.title))
        kept = tuple(d for d in story.decisions if not d.what.startswith("title"))
        story = replace(story, title=handed.title, decisions=kept)
    elif handed.title:
        found.append(Decision(0, f"{code}.title", "the title the document states", handed.title))
    if doc.authors:
        story = replace(story, authors=doc.authors)
        found.append(Decision(0, f"{code}.author", "the authors the document states",
                              ", ".join(doc.authors)))
    return replace(story, meta={**story.meta, **doc.meta},
                   decisions=(*found, *story.decisions))
