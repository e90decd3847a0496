"""Assemble: load stories (ingest, parse, sidecar, typeset) and bind them into Books."""

from __future__ import annotations

from pathlib import Path

from bookmaker.ingest import read_story_text
from bookmaker.model import Book, Story, replace
from bookmaker.parse import parse

__all__ = ["load_story", "single_book"]


def load_story(path: str | Path, *, typography: bool = True) -> Story:
    """Read, parse and (optionally) typeset one story file.

    :raises BookmakerError: on unreadable input or a bad sidecar.
    """
    p = Path(path)
    ingested = read_story_text(p)
    story = parse(ingested.text, p.stem.replace("_", " ").replace("-", " ").strip())
    meta = {"source": p.name, "encoding": ingested.encoding, **story.meta}
    story = replace(story, meta=meta)
    return story


def single_book(story: Story, options: dict | None = None) -> Book:
    """Wrap one story as a Book."""
    return Book(
        title=story.title,
        stories=(story,),
        language=story.meta.get("language", "en"),
        source_names=(story.meta.get("source", ""),),
        options=dict(options or {}),
    )
