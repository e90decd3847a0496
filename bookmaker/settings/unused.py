"""Sidecar values a story cannot use: each is said once, never silently dropped.

A sidecar is validated before its story is read, so some of what it says only turns out
to be unusable afterwards: line hints (``[structure]``, ``[blocks]``) for a story whose
reader maps the site's own chapters (AO3, FanFicFare, FanFiction.net) or for a line no
paragraph, heading or block starts on; ``emphasis-marks`` for a source that marks its
emphasis in markup; a free ``[meta]`` key no part of the book shows. :func:`unused_keys`
finds them after parsing; :func:`report_unused` warns once on stderr (``WARNING: road.toml:
[structure] headings: …``) and records each as a Decision so that ``inspect`` lists it.
A flag that overrides a sidecar value is no such case: ``inspect`` shows it as overridden.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bookmaker.layout.metadata import BOOK_META_KEYS
from bookmaker.model import Decision, Story, replace
from bookmaker.report import warn_once
from bookmaker.settings.sidecar import Sidecar
from bookmaker.typography import EMPHASIS_MARKS, RULE_NAMES

__all__ = ["SITE_READERS", "KIND_NAMES", "USED_FREE_META", "LINE_KEYS", "UNUSED", "Unused",
           "unused_keys", "report_unused"]

SITE_READERS = frozenset({"ao3", "fff", "ffnet"})
"""Readers that map a site's chapters as they are (no parsing, so no line hints)."""

KIND_NAMES = {"text": "plain text files", "markdown": "Markdown files", "html": "HTML files",
              "ao3": "AO3 files", "fff": "FanFicFare files", "ffnet": "FanFiction.net pages",
              "docx": "Word files", "epub": "EPUB files", "aozora": "Aozora Bunko files"}
"""What the messages call the files of each reader (``epub:ao3`` is an AO3 file)."""

USED_FREE_META = BOOK_META_KEYS
"""Free ``[meta]`` keys the book uses (the source address, the EPUB's publisher, its date:
decided where they are read, in :mod:`bookmaker.layout.metadata`); any other is kept for
``inspect`` only."""

LINE_KEYS = (("headings", "[structure] headings"), ("not_headings", "[structure] not_headings"),
             ("breaks", "[structure] breaks"), ("not_breaks", "[structure] not_breaks"),
             ("block_kinds", "[blocks]"))
"""The line-numbered hints (``ParseHints`` field, the key as the user writes it)."""

UNUSED = "sidecar-unused"
"""``Decision.what`` of a sidecar value the story could not use."""

_BREAK_REACH = 4
"""Lines a break the parser found itself may lie before the hinted paragraph (an ornament
line and the blank lines around it) and still be the break the hint asks for."""


@dataclass(frozen=True)
class Unused:
    """One sidecar key whose value (or part of it) does not reach the book."""

    key: str
    """The key as written: ``[structure] breaks``, ``[meta] mood``."""
    why: str
    """Why it does not apply, in the user's words."""


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


def _missed(field: str, lines: list[int], story: Story) -> list[int]:
    """The hinted ``lines`` of ``field`` the parsed ``story`` does not show the hint on."""
    heads = {c.line for c in story.chapters} | {p.line for p in story.parts}
    breaks = [d.line for d in story.decisions if d.what == "scene-break"]
    kinds = {d.line for d in story.decisions if d.code == "block.sidecar"}

    def applied(n: int) -> bool:
        if field == "headings":
            return n in heads
        if field == "not_headings":
            return n not in heads
        if field == "breaks":
            return any(0 <= n - b <= _BREAK_REACH for b in breaks)
        if field == "not_breaks":
            return n not in breaks
        return n in kinds

    return [n for n in lines if not applied(n)]


def unused_keys(sidecar: Sidecar, reader: str, story: Story, *, parsed: bool,
                lined: bool = True) -> list[Unused]:
    """What of ``sidecar`` the ``story`` (read by ``reader``; ``parsed`` unless the reader
    mapped a site's structure; ``lined`` when its source gives line numbers) cannot use,
    one entry per key."""
    found: list[Unused] = []
    kind = reader.rsplit(":", 1)[-1]
    files = KIND_NAMES.get(kind, f"{reader} files")
    for field, key in LINE_KEYS:
        lines = sorted(getattr(sidecar.hints, field))
        if not lines:
            continue
        if not parsed:
            found.append(Unused(key, f"{files} keep the site's chapters; line hints do not "
                                     "apply"))
        elif not lined:
            found.append(Unused(key, f"{files} have no line numbers of their own (every block "
                                     "counts as line 1), so line hints do not apply"))
        elif missed := _missed(field, lines, story):
            found.append(Unused(key, f"{_lines(missed)}: nothing there takes the hint, so it "
                                     "does not apply (line numbers are those `bookmaker "
                                     "inspect` shows)"))
    named = sidecar.disabled_rules != RULE_NAMES  # "all" names no rule in particular
    if named and EMPHASIS_MARKS in sidecar.disabled_rules and reader != "text":
        found.append(Unused("[typography] disable", f'"{EMPHASIS_MARKS}": {files} mark '
                            "emphasis in their markup; the rule is for plain text's *marks*"))
    for key in sorted(k for k in sidecar.free_meta if k not in USED_FREE_META):
        found.append(Unused(f"[meta] {key}", "no part of the book shows it (used: "
                            f"{', '.join(sorted(USED_FREE_META))}); only inspect lists it"))
    return found


def report_unused(story: Story, sidecar: Sidecar, found: list[Unused]) -> Story:
    """``story`` with one Decision per unused key; each warned about once on stderr."""
    name = Path(sidecar.path).name
    for u in found:
        warn_once(f"{sidecar.path}: {u.key}: {u.why}")
    notes = tuple(Decision(0, UNUSED, f"{u.key}: {u.why}", name) for u in found)
    return replace(story, decisions=(*story.decisions, *notes)) if notes else story
