"""Bind: one story or several into a Book (the sidecar cover, anthology title and listing)."""

from __future__ import annotations

from collections.abc import Sequence

from bookmaker.errors import ConfigError
from bookmaker.model import Book, BookOptions, Story, replace

__all__ = ["single_book", "anthology_book", "story_line", "SINGLE_BOOK_KEYS"]

SINGLE_BOOK_KEYS = {"cover": "an anthology has one cover, the volume's",
                    "publisher": "an anthology's EPUB has one publisher, bookmaker"}
"""Sidecar values only a single book uses, and why an anthology does not."""


def single_book(story: Story, options: BookOptions | None = None) -> Book:
    """Wrap one story as a Book (with the sidecar's cover image, if any).

    :raises ConfigError: when the sidecar's cover cannot be read or is not a sound image.
    """
    from bookmaker.read.image import load_cover

    cover = load_cover(story.meta["cover"]) if story.meta.get("cover") else None
    return Book(
        title=story.title,
        stories=(story,),
        language=story.meta.get("language", "en"),
        cover=cover,
        source_names=(story.meta.get("source", ""),),
        options=options or BookOptions(),
    )


def _warn_single_book_keys(stories: Sequence[Story]) -> None:
    """One warning per story sidecar value the anthology leaves out (a story's cover)."""
    from bookmaker.report import warn_once
    from bookmaker.settings.overrides import about

    for s in stories:
        for key, why in SINGLE_BOOK_KEYS.items():
            if key == "publisher" and len(stories) == 1:  # a one-story volume keeps it
                continue
            given = [d for d in s.decisions if about(d, f"meta:{key}") and not d.overridden
                     and d.reason.startswith("sidecar ")]
            if given and s.meta.get(key):
                name = given[0].reason.removeprefix("sidecar ")
                warn_once(f"{name}: {key}: {why}; the story's is not used")


def story_line(story: Story) -> str:
    """``"Title by Author, Author"`` (just the title when the story names no author)."""
    return f"{story.title} by {', '.join(story.authors)}" if story.authors else story.title


def anthology_book(
    stories: Sequence[Story],
    title: str,
    subtitle: str = "",
    editor: str = "",
    description: str = "",
    cover: bytes | None = None,
    options: BookOptions | None = None,
    *,
    language: str = "",
) -> Book:
    """Bind ``stories``, in order, into one anthology Book.

    The description is ``description`` (if any) followed by one "Title by Author"
    paragraph per story; authors are de-duplicated by :attr:`Book.authors`; the
    language is ``language``, else the first story's, else ``"en"``. Style, trim
    and theme in ``options`` apply to the whole volume.

    :raises ConfigError: when ``stories`` is empty or ``title`` is blank.
    """
    stories = tuple(stories)
    if not stories:
        raise ConfigError(f"anthology {title!r} has no stories", hint="list at least one")
    if not title.strip():
        raise ConfigError("an anthology needs a title", hint="pass --title")
    _warn_single_book_keys(stories)
    listing = "\n\n".join(story_line(s) for s in stories)
    return Book(
        title=title.strip(),
        stories=stories,
        subtitle=subtitle.strip(),
        editor=editor.strip(),
        description=f"{description.strip()}\n\n{listing}" if description.strip() else listing,
        language=language or stories[0].meta.get("language", "") or "en",
        cover=cover,
        source_names=tuple(s.meta.get("source", "") for s in stories),
        options=replace(options or BookOptions(), anthology=True),
    )
