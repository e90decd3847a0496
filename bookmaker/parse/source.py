"""The paragraphs of one text with the per-paragraph facts every stage shares."""

from __future__ import annotations

from dataclasses import dataclass

from bookmaker.parse.breaks import GapStats
from bookmaker.parse.lines import Para

__all__ = ["Source", "short"]


@dataclass(frozen=True)
class Source:
    """Paragraphs, which of them are ornaments, and the text's gap statistics."""

    paras: tuple[Para, ...]
    """All paragraphs in source order."""
    ornament: tuple[bool, ...]
    """Per paragraph: is it a scene-break ornament (or a heading underline)?"""
    gaps: GapStats
    """Blank-line gap statistics of the story's prose."""
    layout: frozenset[int] = frozenset()
    """Paragraphs whose wide gap before them is layout (verse, a letter), not a break."""

    def wide(self, i: int) -> bool:
        """Is the gap before paragraph ``i`` a scene-break gap?"""
        return self.gaps.is_wide(self.paras[i].gap) and i not in self.layout

    def boundary(self, i: int) -> bool:
        """Does a scene-like boundary (ornament or wide gap) come at paragraph ``i``?"""
        return self.ornament[i] or self.wide(i)

    def text(self, i: int) -> str:
        """The text of paragraph ``i``."""
        return self.paras[i].text

    def line(self, i: int) -> int:
        """The 1-based source line of paragraph ``i``."""
        return self.paras[i].line


def short(text: str, width: int = 60) -> str:
    """The start of ``text`` for a Decision."""
    return text if len(text) <= width else text[: width - 1] + "…"
