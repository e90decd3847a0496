"""The parse state the stages of :mod:`bookmaker.parse.story` share.

It is the one mutable object of the parser (markdown-it-py's ``StateBlock`` is the
model): created per call to ``parse``, filled stage by stage, turned into a frozen
:class:`~bookmaker.model.Story` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookmaker.model import Block, Chapter, Decision, Part
from bookmaker.parse.breaks import GapStats, gap_stats
from bookmaker.parse.frontmatter import Front
from bookmaker.parse.gaps import layout_gaps
from bookmaker.parse.headings import Heading, Headings
from bookmaker.parse.hints import ParseHints
from bookmaker.parse.lines import Para
from bookmaker.parse.publisher import Header
from bookmaker.parse.source import Source

__all__ = ["ParseState", "body_start", "gap_source"]


@dataclass
class ParseState:
    """What the stages have found so far."""

    text: str
    """The normalized input text."""
    hints: ParseHints
    """Sidecar corrections."""
    fallback: str
    """The title of last resort (the file name)."""
    paras: list[Para] = field(default_factory=list)
    """Paragraphs (the publisher's trailer cut off)."""
    decisions: list[Decision] = field(default_factory=list)
    """Every decision so far."""
    wrap_width: int | None = None
    """The measured wrap width of hard-wrapped text."""
    gap_decisions: list[Decision] = field(default_factory=list)
    """Why wide gaps were read as layout (from the last gap statistics computed)."""
    trailer: list[Block] = field(default_factory=list)
    """A publisher's closing boilerplate (end matter, last)."""
    header: Header | None = None
    """A publisher's or exporter's header block at the top."""
    ornament: list[bool] = field(default_factory=list)
    """Per paragraph: an ornament (or a heading underline)?"""
    heads: Headings = field(default_factory=lambda: Headings(()))
    """Headings found."""
    chapters_at: list[Heading] = field(default_factory=list)
    """The headings that open a chapter or part, in order."""
    opening: list[int] = field(default_factory=list)
    """Paragraphs of an untitled opening chapter."""
    src: Source = field(default_factory=lambda: Source((), (), GapStats(1, None)))
    """Paragraphs, ornaments and the prose's gap statistics."""
    front: Front = field(default_factory=lambda: Front((), (), None, (), "", 0, (), ()))
    """What the front matter reader found."""
    front_blocks: list[Block] = field(default_factory=list)
    """Front matter blocks."""
    end_extra: list[Block] = field(default_factory=list)
    """End matter found before the chapters are built (a preview heading)."""
    body_stop: int | None = None
    """Where the chapters' text stops when a closing block was taken out before they are
    built (the preview heading's first paragraph); ``None``: at the end."""
    title: str | None = None
    """The story's title once found."""
    title_lines: set[int] = field(default_factory=set)
    """Paragraphs that are part of the title (a first line the title line continues)."""
    title_reason: str = ""
    """Why, when the decision is recorded at the end."""
    title_code: str = "title.label"
    """The decision code of ``title_reason``."""
    chapters: list[Chapter] = field(default_factory=list)
    """Chapters built."""
    markers: dict[int, str] = field(default_factory=dict)
    """Footnote markers cut from headings' title lines, by heading paragraph."""
    parts: list[Part] = field(default_factory=list)
    """Parts built."""
    end_matter: list[Block] = field(default_factory=list)
    """End matter built."""

    @property
    def header_end(self) -> int:
        """Index of the first paragraph after the header block (0 without one)."""
        return self.header.end if self.header else 0


def body_start(h: Heading) -> int:
    """Index of the first paragraph after a heading (and its title line)."""
    return max(h.index, h.title_index or 0, *h.extra) + 1


def gap_source(st: ParseState, start: int) -> Source:
    """A Source whose gap statistics come from the prose from ``start`` on."""
    paras, orn = st.paras, st.ornament
    heads = frozenset(h.index for h in st.heads.chapters) | frozenset(
        h.title_index for h in st.heads.chapters if h.title_index is not None) | frozenset(
        i for h in st.heads.chapters for i in h.extra)
    gaps = [p.gap for i, p in enumerate(paras[start + 1:], start + 1)
            if i not in heads and i - 1 not in heads and not orn[i] and not orn[i - 1]]
    stats = gap_stats(gaps)
    layout, decisions = layout_gaps(paras, orn, stats, st.wrap_width, heads)
    st.gap_decisions = decisions
    return Source(tuple(paras), tuple(orn), stats, layout)
