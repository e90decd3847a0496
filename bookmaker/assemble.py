"""Assemble: load stories (ingest, parse, sidecar, typeset) and bind them into Books."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bookmaker.config import apply_sidecar, check_lines, load_sidecar
from bookmaker.errors import ConfigError
from bookmaker.ingest import read_story_text
from bookmaker.language import detect_language
from bookmaker.model import Book, Decision, Story, replace
from bookmaker.parse import parse
from bookmaker.typography import typeset

__all__ = ["load_story", "single_book", "anthology_book", "story_line"]



def load_story(path: str | Path, *, typography: bool = True) -> Story:
    """Read, parse, apply the sidecar and (optionally) typeset one story file.

    Steps: ingest (decode, normalize) → parse with the sidecar's structure hints →
    sidecar values win over parsed ones → ``language`` meta (sidecar, parser, else
    detected when the text makes it clear) → typography rules the sidecar does
    not disable.

    :raises InputError: on a missing, unreadable, binary or empty story file.
    :raises ConfigError: on a bad sidecar (``STORY.toml``).
    """
    p = Path(path)
    ingested = read_story_text(p)
    sidecar = load_sidecar(p)
    if sidecar is not None:
        check_lines(sidecar, ingested.text.count("\n"))
    story = parse(ingested.text, p.stem.replace("_", " ").replace("-", " ").strip(),
                  sidecar.hints if sidecar else None)
    if sidecar is not None:
        story = apply_sidecar(story, sidecar)
    meta = {"source": p.name, "encoding": ingested.encoding, **story.meta}
    found: list[Decision] = [Decision(0, "ingest", fix) for fix in ingested.fixes]
    if "language" not in meta and (language := detect_language(ingested.text)):
        meta["language"] = language
        found.append(Decision(0, "meta:language", "detected from common words or the script",
                              language))
    story = replace(story, meta=meta, decisions=(*found, *story.decisions))
    if typography:
        story = typeset(story, sidecar.disabled_rules if sidecar else frozenset())
    return story


def single_book(story: Story, options: dict | None = None) -> Book:
    """Wrap one story as a Book (with the sidecar's cover image, if any).

    :raises ConfigError: when the sidecar's cover can no longer be read.
    """
    cover = None
    if story.meta.get("cover"):
        try:
            cover = Path(story.meta["cover"]).read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read the cover: {exc.strerror or exc}",
                              path=story.meta["cover"]) from None
    return Book(
        title=story.title,
        stories=(story,),
        language=story.meta.get("language", "en"),
        cover=cover,
        source_names=(story.meta.get("source", ""),),
        options=dict(options or {}),
    )


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
    options: dict | None = None,
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
        options={**(options or {}), "anthology": True},
    )
