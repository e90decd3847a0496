"""Metadata derived from a Story for title pages, EPUB packages and PDF info."""

from __future__ import annotations

from bookmaker.model import Story

__all__ = ["TITLE_FIELDS", "title_fields", "status", "summary"]

TITLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("rating", "Rating"),
    ("warnings", "Warnings"),
    ("fandom", "Fandom"),
    ("pairing", "Relationships"),
    ("characters", "Characters"),
    ("series", "Series"),
    ("genres", "Genres"),
    ("tags", "Tags"),
)
"""Front matter kinds shown in the title page's metadata list, with their labels."""

_END_MARKERS_IN_PROGRESS = ("tbc", "to be continued", "continued", "part one", "part 1")


def status(story: Story) -> str:
    """``"Complete"``, or ``"In progress"`` when the story ends with a to-be-continued marker."""
    if "status" in story.meta:
        return story.meta["status"]
    for block in story.end_matter:
        if block.kind == "end-marker":
            text = block.text.lower()
            if any(m in text for m in _END_MARKERS_IN_PROGRESS):
                return "In progress"
    return "Complete"


def summary(story: Story) -> str:
    """The story's summary text, or ``""``."""
    if story.meta.get("summary"):
        return story.meta["summary"]
    return "\n\n".join(b.text for b in story.front("summary"))


def title_fields(story: Story, language: str = "en") -> list[tuple[str, str]]:
    """``(label, value)`` pairs for the title page, empty fields left out."""
    fields: list[tuple[str, str]] = []
    for kind, label in TITLE_FIELDS:
        value = story.meta.get(kind) or "; ".join(b.text for b in story.front(kind))
        if value:
            fields.append((label, value))
    fields.append(("Language", story.meta.get("language", language)))
    fields.append(("Words", f"{story.word_count:,}"))
    fields.append(("Chapters", str(len(story.chapters))))
    fields.append(("Status", status(story)))
    return fields
