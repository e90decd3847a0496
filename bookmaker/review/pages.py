"""What the review page shows of a story: its source lines with the parser's decisions in the
margin and the corrections each line offers, its chapters, and its rendered documents."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bookmaker.model import Block, Decision, Story
from bookmaker.settings.sidecar import BLOCK_KINDS

__all__ = ["Line", "StoryPage", "story_page", "source_text", "HEADING_MAX_LEN"]

HEADING_MAX_LEN = 120
"""Longer lines are never offered as headings (the parser's own limit)."""


@dataclass(frozen=True)
class Line:
    """One source line and what the page offers for it."""

    number: int
    text: str
    decisions: tuple[Decision, ...]
    """The parser's decisions about this line, with code and reason."""
    heading: bool | None
    """Whether it is a heading now (``None``: the parser said nothing either way)."""
    scene_break: bool | None
    """Whether a scene break is here now (``None``: nothing said)."""
    block_kind: str
    """The kind of the block starting here, or empty."""
    starts_paragraph: bool = False
    """A non-blank line after a blank one (or the first): where a heading or break can be."""

    @property
    def can_be_heading(self) -> bool:
        """Short enough to be offered as a heading."""
        return bool(self.text.strip()) and len(self.text.strip()) <= HEADING_MAX_LEN


@dataclass(frozen=True)
class StoryPage:
    """Everything the story page needs."""

    story: Story
    lines: tuple[Line, ...]
    general: tuple[Decision, ...]
    """Decisions about the story as a whole (no line)."""
    chapter_titles: tuple[str, ...] = ()
    """Each chapter's display title, as the book's contents show it."""
    kinds: tuple[str, ...] = BLOCK_KINDS


def _blocks(story: Story) -> dict[int, Block]:
    blocks = [*story.front_matter, *story.end_matter]
    for ch in story.chapters:
        blocks += [*ch.notes_before, *ch.notes_after]
    return {b.line: b for b in blocks if b.line}


def _state(decisions: list[Decision], yes: tuple[str, ...], no: tuple[str, ...]
           ) -> bool | None:
    """The last word on a line: a decision whose code starts with one of ``yes`` or ``no``."""
    said: bool | None = None
    for d in decisions:
        if d.code.startswith(no):
            said = False
        elif d.code.startswith(yes):
            said = True
    return said


_HEADING_YES = ("heading.keyword", "heading.special", "heading.markdown", "heading.bare",
                "heading.contents-match", "heading.sidecar", "heading.part")
_HEADING_NO = ("heading.not-",)
_BREAK_YES = ("break.ornament", "break.gap", "break.sidecar")
_BREAK_NO = ("break.not-",)


def story_page(story: Story, source: str) -> StoryPage:
    """The page of ``story`` whose source text (the one line numbers count in) is ``source``."""
    by_line: dict[int, list[Decision]] = defaultdict(list)
    general = []
    for d in story.decisions:
        if d.line > 0:
            by_line[d.line].append(d)
        else:
            general.append(d)
    blocks = _blocks(story)
    lines: list[Line] = []
    previous = ""
    for n, text in enumerate(source.split("\n"), start=1):
        ds = by_line.get(n, [])
        block = blocks.get(n)
        kind = block.kind if block else next(
            (d.text for d in reversed(ds) if d.code == "block.sidecar"), "")
        lines.append(Line(n, text, tuple(ds), _state(ds, _HEADING_YES, _HEADING_NO),
                          _state(ds, _BREAK_YES, _BREAK_NO), kind,
                          bool(text.strip()) and not previous.strip()))
        previous = text
    if lines and not lines[-1].text:  # the text's final newline
        lines.pop()
    from bookmaker.layout.book import chapter_title

    titles = tuple(chapter_title(ch, n, story) for n, ch in enumerate(story.chapters, start=1))
    return StoryPage(story, tuple(lines), tuple(general), titles)


def source_text(path: Path) -> str:
    """The story's text as the parser counts its lines."""
    from bookmaker.read.choose import read_source

    return read_source(path).text
