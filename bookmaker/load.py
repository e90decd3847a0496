"""Load: one story file to a typed Story (read, parse with the sidecar hints, sidecar values,
language, typography)."""

from __future__ import annotations

from pathlib import Path

from bookmaker.model import Decision, Story, replace
from bookmaker.parse import parse
from bookmaker.read.language import detect_language
from bookmaker.read.text import read_story_text
from bookmaker.settings.sidecar import apply_sidecar, check_lines, load_sidecar
from bookmaker.typography import typeset

__all__ = ["load_story"]


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
