"""Load: one story file to a typed Story (read with the reader its content calls for, parse
with the sidecar hints, sidecar values, language, typography)."""

from __future__ import annotations

from pathlib import Path

from bookmaker.model import Decision, Story, replace
from bookmaker.parse import ParseHints, parse, vocab
from bookmaker.parse.chapters import renamed_label
from bookmaker.parse.codes import decision
from bookmaker.read.bridge import parse_document
from bookmaker.read.choose import Reading, read_source
from bookmaker.read.emphasis import apply_emphasis
from bookmaker.read.language import detect_language
from bookmaker.settings.options import is_language_tag
from bookmaker.settings.overrides import MetadataLayers, apply_overrides
from bookmaker.settings.sidecar import Sidecar, apply_sidecar, check_lines, load_sidecar
from bookmaker.settings.unused import report_unused, unused_keys
from bookmaker.typography import EMPHASIS_MARKS, typeset

__all__ = ["load_story", "decide_language"]


def _stated_language(reading: Reading) -> str | None:
    """The language the source itself names (AO3's tag, an ``<html lang>``, Markdown front
    matter, an EPUB's ``dc:language``), when it is a language tag."""
    found = reading.story if reading.story is not None else reading.document
    tag = (found.meta.get("language") or "").strip() if found is not None else ""
    return tag if tag and is_language_tag(tag) else None


def decide_language(reading: Reading, sidecar: Sidecar | None,
                    layers: MetadataLayers | None,
                    shown: str | None) -> str | None:
    """The story's language, decided once before parsing (its vocabulary) and typography
    (its quotes): flag > sidecar > project default > what the source names > ``shown``
    (detected from the text); ``None`` when nothing tells (English is then used)."""
    flags = layers.flags.language if layers is not None else None
    default = layers.defaults.language if layers is not None else None
    for tag in (flags, sidecar.language if sidecar else None, default,
                _stated_language(reading)):
        if tag:
            return tag.strip()
    return shown


def _renamed(story: Story, titles: dict[int, str]) -> Story:
    """A mapped story's chapters renamed as the sidecar's ``[chapters]`` says (the parser
    does it for the stories it parses), recorded as the parser records it."""
    chapters = list(story.chapters)
    found: list[Decision] = []
    for number, new in titles.items():
        if 0 < number <= len(chapters):
            ch = chapters[number - 1]
            chapters[number - 1] = replace(ch, label=renamed_label(ch.label, ch.title, new),
                                           title=new)
            found.append(decision("chapter.title-sidecar", ch.line, "sidecar", new))
    if not found:
        return story
    return replace(story, chapters=tuple(chapters), decisions=(*story.decisions, *found))


def _line_count(reading: Reading) -> int:
    """The lines sidecar line numbers may name: the text's, or the last block line of a
    document read from a package (an EPUB's joined spine)."""
    if not reading.text and reading.document is not None:
        return max((b.line for b in reading.document.blocks), default=0)
    return reading.text.count("\n") + (not reading.text.endswith("\n"))


def _lined(reading: Reading) -> bool:
    """Whether the source gives its blocks line numbers (a Word file's are all 1)."""
    doc = reading.document
    return doc is None or len(doc.blocks) < 2 or len({b.line for b in doc.blocks}) > 1


def _shown_text(reading: Reading) -> str:
    """The text to guess the language from (a package's blocks when it has no text)."""
    if not reading.text and reading.document is not None:
        return "\n".join(b.text for b in reading.document.blocks)
    return reading.text


def _parsed(reading: Reading, name: str, sidecar: Sidecar | None,
            langs: tuple[str | None, ...]) -> Story:
    """The Story a reading gives: stated structure as is, a document or text parsed with
    the vocabularies of ``langs`` (the story's language, the one its text shows) and
    English's: a heading in the text's own words stays a heading whatever the book's
    language is."""
    hints = sidecar.hints if sidecar else None
    if hints is not None and not _lined(reading):  # line numbers that name no block: unused
        hints = ParseHints(chapter_titles=hints.chapter_titles)
    if reading.story is not None:
        return _renamed(reading.story, hints.chapter_titles if hints else {})
    with vocab.using(*langs) as active:
        if reading.document is not None:
            return parse_document(reading.document, name, hints, f"read.{reading.reader}")
        # the languages made active here stay active (both of them); none: English alone,
        # named so that parse does not guess the language a second time
        story = parse(reading.text, name, hints, None if active.langs else "en")
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
    state their structure are mapped directly) and the vocabulary of the story's language
    (:func:`decide_language`, decided once) → sidecar values win over parsed ones →
    typography rules the sidecar does not disable, in that language. ``layers`` (flags and
    project defaults) wrap the sidecar: flags > sidecar > project defaults > the text.

    :raises InputError: on a missing, unreadable, binary or empty story file, or one whose
        format cannot be read.
    :raises ConfigError: on a bad sidecar (``STORY.toml``).
    """
    p = Path(path)
    reading = read_source(p)
    sidecar = load_sidecar(p)
    if sidecar is not None and reading.story is None and _lined(reading):  # else: warned below
        check_lines(sidecar, _line_count(reading))
    shown = detect_language(_shown_text(reading))
    lang = decide_language(reading, sidecar, layers, shown)
    name = p.stem.replace("_", " ").replace("-", " ").strip()
    story = _parsed(reading, name, sidecar, (lang, shown))
    if sidecar is not None:
        story = report_unused(story, sidecar, unused_keys(
            sidecar, reading.reader, story, parsed=reading.story is None,
            lined=_lined(reading)))
    if shown and not _stated_language(reading):  # the text's own language, under the layers
        story = replace(story, meta={**story.meta, "language": shown}, decisions=(
            Decision(0, "meta:language", "detected from common words or the script", shown),
            *story.decisions))
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
    story = replace(story, meta=meta, decisions=(*found, *story.decisions))
    if typography:
        story = typeset(story, sidecar.disabled_rules if sidecar else frozenset())
    return story
