"""The parse pipeline: an ordered list of named stages over one :class:`ParseState`.

Like markdown-it-py's rule lists, each stage is a function of its own that reads
what earlier stages found and adds its part (paragraphs, headings, front matter,
title, chapters, end matter); :data:`STAGES` gives their order. The last stage
builds the :class:`~bookmaker.model.Story`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bookmaker.model import Block, Chapter, Story
from bookmaker.parse import vocab
from bookmaker.parse.blocks import relabel_blocks
from bookmaker.parse.breaks import is_ornament
from bookmaker.parse.chapters import build_chapters
from bookmaker.parse.codes import decision
from bookmaker.parse.endmatter import is_signature, trailer_start
from bookmaker.parse.frontmatter import read_front
from bookmaker.parse.headings import find_headings, match_heading
from bookmaker.parse.hints import ParseHints
from bookmaker.parse.labels import dedication_line, end_marker, strip_decoration
from bookmaker.parse.lines import split_paragraphs
from bookmaker.parse.publisher import find_header
from bookmaker.parse.source import short
from bookmaker.parse.state import ParseState, body_start, gap_source
from bookmaker.parse.title import choose_title_line
from bookmaker.parse.words import word_len
from bookmaker.patterns import regex
from bookmaker.read.language import detect_language

__all__ = ["parse", "STAGES"]

PROLOGUE_MIN_PARAS = 3
"""Paragraphs before the first heading that make an untitled opening chapter (fewer are
front matter: a dedication, a line of notes)."""
MAX_ORNAMENT_LEN = 80
"""Longer lines are prose even when made of symbols."""
MAX_HEADING_LEN = 120
"""A heading candidate is one short line."""
MAX_TITLE_LINE_WORDS = 10
"""The first line of a title split over two lines is short."""
SUMMARY_MIN_WORDS = 8
"""An unlabelled paragraph before the first heading this long is the summary."""
DEDICATION_MAX_WORDS = 80
"""A dedication is a sentence or two, not a preface."""
_DEDICATED_RE = regex(r"\bdedicated?\b|\bdedication\b", re.I)


def _standalone(line: str) -> bool:
    """Lines never joined to their neighbours when unwrapping hard-wrapped text.

    A bare number is not enough: ``seventy-five.`` may end a wrapped sentence.
    """
    if is_ornament(line) or end_marker(line):
        return True
    m = match_heading(line)
    return m is not None and m.strength != "bare"


def stage_layout(st: ParseState) -> None:
    """Lines to paragraphs (measuring wrap width and gaps)."""
    layout = split_paragraphs(st.text, _standalone, st.hints.headings)
    st.paras = list(layout.paras)
    st.wrap_width = layout.wrap_width
    st.decisions.extend(layout.decisions)


def stage_trailer(st: ParseState) -> None:
    """A publisher's closing boilerplate is end matter, to the end of the text."""
    cut = trailer_start([p.text for p in st.paras])
    if cut:
        p = st.paras[cut]
        st.trailer.append(Block("other", "", tuple(q.text for q in st.paras[cut:]), p.line))
        st.decisions.append(decision("end.trailer", p.line, "a publisher's closing "
                                     "boilerplate: end matter to the end", short(p.text)))
        st.paras = st.paras[:cut]


def stage_header(st: ParseState) -> None:
    """A publisher's or exporter's header block at the top is front matter."""
    found = find_header(st.paras)
    if found is None:
        return
    st.header = found
    st.decisions.extend(found.decisions)


def stage_ornaments(st: ParseState) -> None:
    """Which paragraphs are scene-break ornaments."""
    orn = [is_ornament(p.text) if len(p.text) <= MAX_ORNAMENT_LEN else False for p in st.paras]
    if all(orn):  # nothing but symbols: they are the text, not scene breaks
        orn = [False] * len(st.paras)
        st.decisions.append(decision("text.symbols", st.paras[0].line,
                                     "only symbol lines: kept as the text"))
    st.ornament = orn


def stage_headings(st: ParseState) -> None:
    """Chapter and part headings, a contents list, setext underlines."""
    ok = [p.lines == 1 and len(p.text) <= MAX_HEADING_LEN and not st.ornament[i]
          and i >= st.header_end for i, p in enumerate(st.paras)]
    heads = find_headings(st.paras, st.hints, ok)
    st.decisions.extend(heads.decisions)
    for i in heads.underlines:
        st.ornament[i] = True
    st.heads = heads
    st.chapters_at = list(heads.chapters)


def stage_front(st: ParseState) -> None:
    """Front matter, and where the prose starts."""
    heads = st.heads
    n = len(st.paras)
    first_head = heads.chapters[0].index if heads.chapters else n
    src = gap_source(st, min(first_head, n - 1))
    start = st.header_end
    if st.chapters_at:
        front = read_front(src, start, first_head, True, heads.contents)
        before_contents = bool(heads.contents) and max(front.leftover, default=0) < min(
            heads.contents)  # what comes before a contents list is the book's front matter
        if len(front.leftover) >= PROLOGUE_MIN_PARAS and not before_contents:
            front = read_front(src, start, first_head, False, heads.contents)
            st.opening = list(range(front.end, first_head))
            st.decisions.append(decision("heading.opening", src.line(front.end),
                                         "prose before the first heading: an untitled "
                                         "opening chapter", short(src.text(front.end))))
    else:
        front = read_front(src, start, n, False, heads.contents)
        st.opening = list(range(front.end, n))
        src = gap_source(st, max(0, min(front.end, n - 1)))
    st.src = src
    st.front = front
    st.decisions.extend(front.decisions)
    st.decisions.append(decision("layout.gaps", 0, src.gaps.describe()))
    st.decisions.extend(st.gap_decisions)
    st.front_blocks = [*st.header.blocks, *front.blocks] if st.header else list(front.blocks)


def stage_preview(st: ParseState) -> None:
    """A last heading with nothing after it is a preview of the next chapter."""
    if not (len(st.chapters_at) > 1 or (st.chapters_at and st.opening)):
        return
    src, last = st.src, st.chapters_at[-1]
    if all(src.ornament[i] for i in range(body_start(last), len(st.paras))):
        st.chapters_at.pop()
        st.body_stop = last.index  # the last chapter's text ends before it: not taken twice
        texts = [src.text(i) for i in range(last.index, body_start(last))]
        st.end_extra.append(Block("other", "", tuple(texts), src.line(last.index)))
        st.decisions.append(decision("end.preview", src.line(last.index),
                                     "a heading with nothing after it (a preview of the next "
                                     "chapter)", src.text(last.index)))


def stage_title(st: ParseState) -> None:
    """The title from the top of the text; other short lines there are front matter."""
    src, front, heads = st.src, st.front, st.heads
    candidates = [i for i in front.candidates if i != heads.title_index]
    # a publisher's header that names the book confirms its title line, never rules it out
    header = set(st.header.blocks) if st.header else set()
    others = [t for b in st.front_blocks if b not in header for t in (b.text, b.label)]
    named = st.header.title if st.header else None
    chosen, title_decisions = choose_title_line(src, candidates, others, named)
    from_line = False
    if front.title:
        st.title, st.title_reason, st.title_code = front.title, "a 'Title:' line", "title.label"
    elif heads.title_index is not None:
        st.title = strip_decoration(src.text(heads.title_index).lstrip("#").strip())
    elif chosen is not None:
        st.title, from_line = strip_decoration(src.text(chosen)) or src.text(chosen), True
        st.decisions.extend(title_decisions)
        if chosen > st.header_end and _continues_title(src.text(chosen - 1), src.text(chosen)):
            st.title = f"{src.text(chosen - 1)} {st.title}"
            st.title_lines.add(chosen - 1)
            st.decisions.append(decision("title.line", src.line(chosen - 1), "the title's first "
                                         "line; the next gives its alternative (or, …)",
                                         src.text(chosen - 1)))
    elif st.header and st.header.title:
        st.title, st.title_reason = st.header.title, st.header.title_reason
        st.title_code = "title.publisher"
    for i in candidates:
        if i == chosen and from_line:
            continue
        kind, reason = "other", "a short line in the front matter, not the title"
        if dedication_line(src.text(i)):
            kind, reason = "dedication", "a short 'for …' line in the front matter"
        st.front_blocks.append(Block(kind, "", (src.text(i),), src.line(i)))
        st.decisions.append(decision(f"front.{kind}", src.line(i), reason, src.text(i)))


def _continues_title(first: str, second: str) -> bool:
    """``Frankenstein;`` then ``or, the Modern Prometheus``: one title over two lines."""
    return (first.rstrip()[-1:] in ";," and len(first.split()) <= MAX_TITLE_LINE_WORDS
            and second.startswith(("or,", "or ", "Or,")))


def stage_leftover(st: ParseState) -> None:
    """Unlabelled paragraphs before the first heading: the summary, or other front matter."""
    src = st.src
    has_summary = any(b.kind == "summary" for b in st.front_blocks)
    for i in st.front.leftover:
        if i == st.heads.title_index or i in st.title_lines or (
                st.opening and i >= st.opening[0]):
            continue
        kind, reason = "other", "text before the first heading"
        if _DEDICATED_RE.search(src.text(i)) and word_len(src.text(i)) <= DEDICATION_MAX_WORDS:
            kind, reason = "dedication", "says to whom the book is dedicated"
        elif not has_summary and word_len(src.text(i)) >= SUMMARY_MIN_WORDS:
            kind, reason = "summary", "an unlabelled paragraph before the first heading"
            has_summary = True
        st.front_blocks.append(Block(kind, "", (src.text(i),), src.line(i)))
        st.decisions.append(decision(f"front.{kind}", src.line(i), reason, short(src.text(i))))
    st.front_blocks.sort(key=lambda b: b.line)
    if st.title is None:
        prefixes = [(h.index, h.match.prefix) for h in st.heads.chapters if h.match.prefix]
        if prefixes:
            st.title = prefixes[0][1]
            st.decisions.append(decision("title.prefix", src.line(prefixes[0][0]),
                                         "the text before 'Chapter' in the heading", st.title))


def stage_chapters(st: ParseState) -> None:
    """Chapters, parts, chapter notes and the end matter they leave."""
    build_chapters(st)


def stage_title_fallback(st: ParseState) -> None:
    """Title of last resort: a title-like closing line, then the file name."""
    if st.title is None:
        closing = [b for b in st.end_matter if b.kind == "other" and len(b.paragraphs) == 1
                   and is_signature(b.paragraphs[0]) and len(b.paragraphs[0].split()) >= 2]
        if closing:
            st.title = strip_decoration(closing[-1].paragraphs[0])
            st.decisions.append(decision("title.closing", closing[-1].line,
                                         "no title at the top; a title-like closing line",
                                         st.title))
    if st.title is None:
        st.title = st.fallback
        st.decisions.append(decision("title.filename", 0, "no title in the text: the file name",
                                     st.title))
    elif st.title_reason:
        st.decisions.append(decision(st.title_code, 0, st.title_reason, st.title))


STAGES: tuple[tuple[str, Callable[[ParseState], None]], ...] = (
    ("layout", stage_layout),
    ("trailer", stage_trailer),
    ("header", stage_header),
    ("ornaments", stage_ornaments),
    ("headings", stage_headings),
    ("front", stage_front),
    ("preview", stage_preview),
    ("title", stage_title),
    ("leftover", stage_leftover),
    ("chapters", stage_chapters),
    ("blocks", relabel_blocks),
    ("title-fallback", stage_title_fallback),
)
"""The stages in order; each reads and extends the parse state."""


def _story(st: ParseState) -> Story:
    meta: dict[str, str] = {}
    if st.front.byline:
        meta["byline"] = st.front.byline
    if st.front.title_line:
        meta["title_line"] = st.front.title_line
    for b in st.front_blocks:  # the first rating, fandom and status also go to meta
        if b.kind in ("rating", "fandom", "status") and b.kind not in meta and b.text:
            meta[b.kind] = b.text
    authors = st.front.authors or (st.header.authors if st.header else ())
    chapters: tuple[Chapter, ...] = tuple(st.chapters)
    return Story(
        title=st.title or st.fallback,
        authors=authors,
        front_matter=tuple(sorted(st.front_blocks, key=lambda b: b.line)),
        parts=tuple(st.parts),
        chapters=chapters,
        end_matter=tuple(st.end_matter),
        meta=meta,
        decisions=tuple(sorted(st.decisions, key=lambda d: d.line)),
    )


def parse(text: str, name: str = "", hints: ParseHints | None = None,
          lang: str | None = None) -> Story:
    """Parse normalized story text into a :class:`~bookmaker.model.Story`.

    An empty (or blank) text gives a Story with no chapters; any other text gives
    at least one chapter. Every decision is recorded in ``Story.decisions``.

    :param text: text from :func:`bookmaker.read.text.decode` (LF newlines).
    :param name: the source file's stem, the title of last resort.
    :param hints: sidecar corrections; they win over the heuristics.
    :param lang: the story's language (BCP 47); its vocabulary table joins English's.
        ``None``: the languages a caller made active (:func:`bookmaker.parse.vocab.using`),
        else guessed from the text.
    """
    if lang is None and vocab.active().langs:  # a caller (the bridge) chose them already
        return _parse(text, name, hints)
    with vocab.using(lang or detect_language(text)):
        return _parse(text, name, hints)


def _parse(text: str, name: str, hints: ParseHints | None) -> Story:
    st = ParseState(text, hints or ParseHints(), name.strip() or "Untitled")
    for stage_name, stage in STAGES:
        stage(st)
        if stage_name == "header" and not st.paras[st.header_end:]:
            return Story(title=st.fallback, decisions=(
                decision("text.empty", 0, "the text has no words: no chapters"),
                decision("title.filename", 0, "no title in the text: the file name")))
    return _story(st)
