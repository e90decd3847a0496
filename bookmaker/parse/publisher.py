"""Publisher and exporter headers: Project Gutenberg's and FanFicFare's blocks at the top.

A header is not the story: its lines are front matter, but it names the book
(``Title:``, ``Author:``, ``The Project Gutenberg eBook of X, by Y``), so the title
and authors come from it when the text gives them nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bookmaker.model import Block, Decision
from bookmaker.parse.lines import Para

__all__ = ["Header", "find_header"]


@dataclass(frozen=True)
class Header:
    """A header block at the top of the text."""

    end: int
    """Index of the first paragraph after it."""
    blocks: tuple[Block, ...]
    """Its paragraphs as front matter."""
    title: str | None = None
    """The title it gives."""
    title_reason: str = ""
    """Where the title came from."""
    authors: tuple[str, ...] = ()
    """The authors it gives."""
    decisions: tuple[Decision, ...] = ()
    """What was decided."""


def find_header(paras: Sequence[Para]) -> Header | None:
    """The header block at the top of ``paras``, or ``None``."""
    return None
