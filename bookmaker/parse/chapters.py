"""Chapters and parts: the regions between headings, each cut into notes, scenes and a tail."""

from __future__ import annotations

from bookmaker.model import Block, Chapter, Part
from bookmaker.parse.codes import decision
from bookmaker.parse.endmatter import split_tail
from bookmaker.parse.headings import Heading
from bookmaker.parse.labels import strip_decoration
from bookmaker.parse.notes import split_opening_notes
from bookmaker.parse.scenes import split_scenes
from bookmaker.parse.source import short
from bookmaker.parse.state import ParseState, body_start
from bookmaker.patterns import regex

__all__ = ["build_chapters", "renamed_label"]

Region = tuple[Heading | None, list[int]]
_MARKER_RE = regex(r"\s*(\[\d{1,3}\])$")


def _regions(st: ParseState) -> list[Region]:
    regions: list[Region] = []
    if st.opening:
        regions.append((None, st.opening))
    skip = st.heads.underlines
    end = len(st.paras) if st.body_stop is None else st.body_stop
    for n, h in enumerate(st.chapters_at):
        stop = st.chapters_at[n + 1].index if n + 1 < len(st.chapters_at) else end
        regions.append((h, [i for i in range(body_start(h), stop) if i not in skip]))
    return regions or [(None, [])]


def _afterword(st: ParseState, h: Heading, before: list[Block]) -> None:
    """A closing heading holding only notes (AO3's "Afterword", then "End Notes")."""
    src = st.src
    heading = tuple(src.text(i) for i in range(h.index, body_start(h)))
    st.end_matter.append(Block("other", "", heading, src.line(h.index)))
    st.end_matter.extend(Block("notes" if b.kind == "notes" else "other", b.label,
                               b.paragraphs, b.line) for b in before)
    st.decisions.append(decision("end.afterword", src.line(h.index),
                                 "a last heading with only notes under it: end matter",
                                 src.text(h.index)))


def _opening_heading(st: ParseState, h: Heading, blocks: list[Block]) -> None:
    """A heading before the first chapter with text, with no text of its own (a credit
    line, "Acknowledgements" over a note): front matter, under its own words."""
    src = st.src
    heading = tuple(src.text(i) for i in range(h.index, body_start(h)))
    st.front_blocks.append(Block("other", "", heading, src.line(h.index)))
    st.front_blocks.extend(blocks)
    st.decisions.append(decision("front.empty-heading", src.line(h.index),
                                 "a heading with no text of its own before the first chapter: "
                                 "front matter", src.text(h.index)))


def _heading_parts(st: ParseState, h: Heading | None, idxs: list[int]
                   ) -> tuple[str, str | None, int | None, int]:
    """Label, title, number and line of a region's chapter (recording the decision)."""
    src = st.src
    if h is None:
        line = src.line(idxs[0]) if idxs else 1
        if not st.chapters_at:
            st.decisions.append(decision("heading.none", line, "no chapter headings: one "
                                         "chapter without a heading",
                                         short(src.text(idxs[0])) if idxs else ""))
        return "", None, None, line
    m = h.match
    label, title, line = m.label, m.title, src.line(h.index)
    if m.prefix and m.prefix.casefold() != (st.title or "").casefold():
        label = strip_decoration(src.text(h.index).lstrip("#").strip())
    if h.title_index is not None:  # "CHAPTER I." over "The Shop": shown as written, one line
        title = strip_decoration(src.text(h.title_index)) or src.text(h.title_index)
        marker = _MARKER_RE.search(title)
        if marker:  # "THE GREENHOUSE [1]": the footnote marker is kept as a note
            title = title[: marker.start()]
            st.markers[h.index] = marker.group(1)
        label = f"{strip_decoration(src.text(h.index).lstrip('#').strip()) or label} {title}"
    st.decisions.append(decision(h.code, line, h.reason, src.text(h.index)))
    return label, title, m.number, line


def renamed_label(label: str, title: str | None, new: str) -> str:
    """A chapter's label with its title replaced by ``new`` (``Chapter 3: Old`` → ``Chapter 3:
    New``); a label that does not end with the title stays as it is."""
    return label[: len(label) - len(title)] + new if title and label.endswith(title) else label


def _renamed(st: ParseState, label: str, title: str | None, line: int
             ) -> tuple[str, str | None]:
    """Apply a sidecar chapter title to the next chapter."""
    position = len(st.chapters) + 1
    if position not in st.hints.chapter_titles:
        return label, title
    new = st.hints.chapter_titles[position]
    st.decisions.append(decision("chapter.title-sidecar", line, "sidecar", new))
    return renamed_label(label, title, new), new


def _part(st: ParseState, h: Heading, idxs: list[int], pending: list[Block]) -> None:
    src = st.src
    heading = strip_decoration(src.text(h.index).lstrip("#").strip()) or h.match.label
    # with its title on the line under it ("PART ONE" over "THE CANDY PULLING")
    written = " ".join([heading, *(src.text(i) for i in range(h.index + 1, body_start(h)))])
    st.parts.append(Part(written, len(st.chapters), src.line(h.index)))
    st.decisions.append(decision("heading.part", src.line(h.index), h.reason, src.text(h.index)))
    if idxs:
        pending.append(Block("other", "", tuple(src.text(i) for i in idxs if not src.ornament[i]),
                             src.line(idxs[0])))


def build_chapters(st: ParseState) -> None:
    """Fill ``st.chapters``, ``st.parts`` and ``st.end_matter`` from the headings."""
    src = st.src
    regions = _regions(st)
    # A part heading with no chapter after it is a chapter.
    last_chapter = max((k for k, (h, _) in enumerate(regions)
                        if h is None or h.match.kind == "chapter"), default=-1)
    pending: list[Block] = []
    for k, (h, idxs) in enumerate(regions):
        if h is not None and h.match.kind == "part" and k < last_chapter:
            _part(st, h, idxs, pending)
            continue
        last = k == len(regions) - 1
        first = not st.chapters and h is not None
        rest, before, d1 = split_opening_notes(src, idxs, first=first)
        if first:  # story metadata under the first heading (a disclaimer, a summary)
            st.front_blocks.extend(b for b in before if b.kind != "notes")
            before = [b for b in before if b.kind == "notes"]
        if last and h is not None and st.chapters and before and not rest:
            st.decisions.extend(d1)
            _afterword(st, h, before)
            break
        rest, tail, d2 = split_tail(src, rest, last, st.title)
        scenes, d3 = split_scenes(src, rest, st.heads.underlines, st.hints.breaks,
                                  st.hints.not_breaks)
        st.decisions.extend(d1 + d2 + d3)
        if h is not None and not scenes and not last and h.match.kind != "part" \
                and not any(c.scenes for c in st.chapters):
            _opening_heading(st, h, before + tail)  # nothing of its own: not a chapter
            continue
        label, title, number, line = _heading_parts(st, h, idxs)
        label, title = _renamed(st, label, title, line)
        marker = h.match.marker or st.markers.get(h.index) if h is not None else None
        if marker:  # the heading's footnote marker
            pending.append(Block("notes", "", (marker,), line))
        if h is not None and h.extra:  # lines under the heading that belong to it
            pending.append(Block("other", "", tuple(src.text(i) for i in h.extra),
                                 src.line(h.extra[0])))
        st.chapters.append(Chapter(label, title, number, scenes, tuple(pending) + tuple(before),
                                   () if last else tuple(tail), line))
        pending = []
        if last:
            st.end_matter.extend(tail)
    for part in [p for p in st.parts if p.first_chapter >= len(st.chapters)]:
        st.parts.remove(part)  # a part with no chapter left after it (only notes followed)
        st.end_matter.append(Block("other", "", (part.title,), part.line))
    st.end_matter.extend(pending)
    st.end_matter.extend(st.end_extra)
    st.end_matter.extend(st.trailer)
