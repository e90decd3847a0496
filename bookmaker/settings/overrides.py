"""Metadata given outside the story file: command-line flags and the project's ``[defaults]``.

Precedence, strongest first: flags > sidecar (``STORY.toml``) > project defaults > what the
text itself says. :func:`bookmaker.load.load_story` applies the project layer before the
sidecar and the flag layer after it; every value applied is recorded as a Decision so that
``inspect`` shows where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.errors import ConfigError
from bookmaker.model import Decision, Story, replace
from bookmaker.settings.options import LANGUAGE_HINT, is_language_tag

__all__ = ["Overrides", "MetadataLayers", "LAYER_REASONS", "check_overrides", "apply_overrides",
           "about", "supersede"]

LAYER_REASONS = ("flag", "sidecar ", "bookmaker.toml")
"""How the reasons of values given outside the text start (``inspect`` tells them apart)."""

_FLAGS = {"title": "--title", "authors": "--author", "meta:series": "--series",
          "meta:series_index": "--series-index", "meta:language": "--language",
          "meta:cover": "--cover"}
"""The flag that sets each value, named in its Decision's reason (``flag --title``)."""


@dataclass(frozen=True)
class Overrides:
    """Book metadata from one source; ``None`` (or empty) fields leave the story's own."""

    title: str | None = None
    """Replaces the detected title (single stories only)."""
    authors: tuple[str, ...] = ()
    """Replaces the detected authors when not empty."""
    series: str | None = None
    """The series' name."""
    series_index: int | None = None
    """The story's 1-based place in its series."""
    language: str | None = None
    """BCP 47 language tag."""
    cover: str | None = None
    """Cover image file (PNG, JPEG or GIF)."""
    publisher: str | None = None
    """``dc:publisher`` of the EPUB."""
    source: str = "flag"
    """Where the values come from, for ``inspect``: ``flag`` or ``bookmaker.toml [defaults]``."""

    def __bool__(self) -> bool:
        return bool(self.title or self.authors or self.series or self.series_index
                    or self.language or self.cover or self.publisher)


@dataclass(frozen=True)
class MetadataLayers:
    """The two layers around the sidecar: the project's defaults under it, flags over it."""

    defaults: Overrides = Overrides(source="bookmaker.toml [defaults]")
    """Applied before the sidecar (the sidecar wins over them)."""
    flags: Overrides = Overrides()
    """Applied after the sidecar (they win over everything)."""


def check_overrides(o: Overrides) -> Overrides:
    """``o`` with its values checked (language tag, cover image) before anything is written.

    :raises ConfigError: naming the flag of the first bad value.
    """
    if o.language is not None and not is_language_tag(o.language):
        raise ConfigError(f'--language: "{o.language}" is not a language tag',
                          hint=LANGUAGE_HINT)
    if o.series_index is not None and o.series_index < 1:
        raise ConfigError(f"--series-index: {o.series_index} is not a place in a series",
                          hint="give a whole number from 1")
    for name, value in (("--title", o.title), ("--series", o.series)):
        if value is not None and not value.strip():
            raise ConfigError(f"{name}: the value is empty")
    if any(not a.strip() for a in o.authors):
        raise ConfigError("--author: an author's name is empty")
    if o.cover is not None:
        from bookmaker.read.image import load_cover
        from bookmaker.settings.project import check_cover

        check_cover(o.cover, Path("."), "--cover", None, allow_outside=True)  # exists, kind
        load_cover(o.cover, key="--cover")  # decoded and verified, not only its first bytes
    return o


def _pairs(o: Overrides) -> list[tuple[str, str]]:
    """The meta keys ``o`` sets, with their text values."""
    found = [("series", o.series), ("language", o.language), ("cover", o.cover),
             ("publisher", o.publisher)]
    pairs = [(k, v.strip()) for k, v in found if v]
    if o.series_index is not None:
        pairs.append(("series_index", str(o.series_index)))
    return pairs


def about(d: Decision, what: str) -> bool:
    """Whether ``d`` explains the value ``what`` (``title``, ``authors``, ``meta:KEY``): the
    parser's, a reader's (``read.ao3.title``) or a layer's decision about it."""
    kind = d.what.rsplit(".", 1)[-1] if d.what.startswith("read.") else d.what
    if what == "title":
        return kind == "title"
    if what == "authors":
        return kind in ("authors", "author")
    return d.what == what or (what == "meta:cover" and d.what == "cover")


def supersede(decisions: tuple[Decision, ...], what: str, old: str) -> tuple[Decision, ...]:
    """``decisions`` with those standing for ``what`` marked overridden by a stronger source,
    keeping the value ``old`` they gave (one is added when the source stated it silently)."""
    if not old:
        return decisions
    standing = {id(d) for d in decisions if about(d, what) and not d.overridden}
    if not standing:
        return (*decisions, Decision(0, what, "the source's own metadata", old, overridden=old))
    return tuple(replace(d, overridden=old) if id(d) in standing else d for d in decisions)


def apply_overrides(story: Story, o: Overrides) -> Story:
    """``story`` with the values of ``o`` winning, each recorded as a Decision (and the
    value it replaces recorded as overridden)."""
    if not o:
        return story
    values: list[tuple[str, str, str]] = []  # (what, new, old)
    changes: dict[str, Any] = {}
    if o.title:
        changes["title"] = o.title.strip()
        values.append(("title", changes["title"], story.title))
    if o.authors:
        changes["authors"] = tuple(a.strip() for a in o.authors)
        values.append(("authors", ", ".join(changes["authors"]), ", ".join(story.authors)))
    meta = dict(story.meta)
    for key, value in _pairs(o):
        meta[key] = str(Path(value)) if key == "cover" else value
        values.append((f"meta:{key}", meta[key], story.meta.get(key, "")))
    changes["meta"] = meta
    old = story.decisions
    for what, _, was in values:
        old = supersede(old, what, was)
    decisions = [Decision(0, what, _reason(o.source, what), new) for what, new, _ in values]
    changes["decisions"] = (*decisions, *old)
    return replace(story, **changes)


def _reason(source: str, what: str) -> str:
    """``flag --title`` for a flag (which flag), the layer's name otherwise."""
    return f"flag {_FLAGS[what]}" if source == "flag" and what in _FLAGS else source
