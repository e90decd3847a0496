"""Parse hints: structure corrections a user gives in a sidecar file.

The sidecar (``STORY.toml``, see :mod:`bookmaker.settings.sidecar`) can say which lines are
chapter headings and which are not, where scene breaks are and are not, what kind a block
is, and rename chapters. ``parse`` takes these as
a :class:`ParseHints` and lets them win over its heuristics, recording each one as
a Decision with the reason ``"sidecar"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ParseHints"]


@dataclass(frozen=True)
class ParseHints:
    """User corrections to the parser's structure decisions."""

    headings: frozenset[int] = frozenset()
    """1-based line numbers (of the ingested text) that are chapter headings."""
    not_headings: frozenset[int] = frozenset()
    """1-based line numbers that look like headings but are not."""
    chapter_titles: dict[int, str] = field(default_factory=dict)
    """New titles by 1-based chapter number (position in the book, not the heading's number)."""
    breaks: frozenset[int] = frozenset()
    """Lines of paragraphs a scene break comes before."""
    not_breaks: frozenset[int] = frozenset()
    """Lines of ornaments or wide gaps that are not scene breaks."""
    block_kinds: dict[int, str] = field(default_factory=dict)
    """The kind (``summary``, ``notes``… or ``prose``) of the block starting on a line."""
