"""Load: one story file to a typed Story (read with the reader its content calls for, parse
with the sidecar hints, sidecar values, language, typography)."""

from __future__ import annotations

from pathlib import Path

from bookmaker.model import Decision, Story, replace
from bookmaker.parse import parse, vocab
from bookmaker.read.bridge import parse_document
from bookmaker.read.choose import Reading, read_source
from bookmaker.read.emphasis import apply_emphasis
from bookmaker.read.language import detect_language
from bookmaker.settings.overrides import MetadataLayers, apply_overrides
from bookmaker.settings.sidecar import Sidecar, apply_sidecar, check_lines, load_sidecar
from bookmaker.typography import EMPHASIS_MARKS, typeset

__all__ = ["load_story"]


def _parsed(reading: Reading, name: str, sidecar: Sidecar | None) -> Story:
    """The Story a reading gives: stated structure as is, a document or text parsed (with
    the vocabulary of the sidecar's language, else the one the text shows, and English)."""
    hints = sidecar.hints if sidecar else None
    if reading.story is not None:
        return reading.story
    lang = (sidecar.language if sidecar else None) or detect_language(reading.text)
    if reading.document is not None:
        with vocab.using(lang):
            return parse_document(reading.document, name, hints, f"read.{reading.reader}")
    story = parse(reading.text, name, hints, lang or "en")
    if sidecar is not None and EMPHASIS_MARKS in sidecar.disabled_rules:
        return replace(story, decisions=(*story.decisions, Decision(
            0, "read.emphasis", f"emphasis marks kept as text: the sidecar disables "
            f"{EMPHASIS_MARKS}")))
    return apply_emphasis(story)


def load_story(path: str | Path, *, typography: bool = True,
               layers: MetadataLayers | None = None) -> Story:
    """Read, parse, apply the sidecar and (optionally) typeset one story file.

    Steps: read (the reader is chosen by content and extension: text, Markdown, HTML,
    AO3, FanFicFare, Word, EPUB) → parse with the sidecar's structure hints (sources that
    state their structure are mapped directly) → sidecar values win over parsed ones →
    ``language`` meta (sidecar, source, else detected when the text makes it clear) →
    typography rules the sidecar does not disable. ``layers`` (flags and project defaults)
    wrap the sidecar: flags > sidecar > project defaults > the text.

    :raises InputError: on a missing, unreadable, binary or empty story file, or one whose
        format cannot be read.
    :raises ConfigError: on a bad sidecar (``STORY.toml``).
    """
    p = Path(path)
    reading = read_source(p)
    sidecar = load_sidecar(p)
    if sidecar is not None:
        check_lines(sidecar, reading.text.count("\n"))
    story = _parsed(reading, p.stem.replace("_", " ").replace("-", " ").strip(), sidecar)
    if layers is not None:
        story = apply_overrides(story, layers.defaults)
    if sidecar is not None:
        story = apply_sidecar(story, sidecar)
    if layers is not None:
        story = apply_overrides(story, layers.flags)
    meta = {"source": p.name, "encoding": reading.encoding, "reader": reading.reader,
            **story.meta}
    found: list[Decision] = [Decision(0, "read", f"{reading.reader} reader: {reading.why}",
                                      reading.reader)]
    found += [Decision(0, "ingest", fix) for fix in reading.fixes]
    if "language" not in meta and (language := detect_language(reading.text)):
        meta["language"] = language
        found.append(Decision(0, "meta:language", "detected from common words or the script",
                              language))
    story = replace(story, meta=meta, decisions=(*found, *story.decisions))
    if typography:
        story = typeset(story, sidecar.disabled_rules if sidecar else frozenset())
    return story
