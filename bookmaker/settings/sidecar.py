"""Sidecar overrides: ``STORY.toml`` beside ``STORY.txt`` corrects what parsing found.

``parse_sidecar`` validates a decoded TOML table into a :class:`Sidecar` and
touches no file; ``load_sidecar`` finds, reads and validates the sidecar of a
story; ``apply_sidecar`` returns a Story with the sidecar's values winning over
the parser's, each override recorded as a Decision with the reason ``sidecar``.
Every problem is a :class:`~bookmaker.errors.ConfigError` naming the file and
the key (or the line and column of a TOML syntax error).

Schema (every key optional)::

    title = "Bounty"
    authors = ["Jo Writer"]            # a string or a list of strings
    language = "en"                    # BCP 47 tag
    rating = "T"
    fandom = "Naruto"                  # string or list (lists are joined with ", ")
    pairing = "Kakashi/Iruka"          # string or list
    characters = ["Iruka", "Kakashi"]  # string or list
    warnings = "None"                  # string or list
    tags = ["hurt/comfort"]            # string or list
    genres = ["Romance"]               # string or list
    series = "Konoha Nights"
    series_index = 1                   # integer >= 1
    series_total = 3                   # integer >= 1
    summary = "After a joint mission…"
    status = "Complete"
    published = 2008-05-01             # a TOML date or a string (also: updated)
    cover = "bounty.jpg"               # PNG, JPEG or GIF, relative to this file

    [typography]
    disable = ["dashes"]               # rule names, or "all"

    [structure]
    headings = [12, 40]                # 1-based line numbers that ARE chapter headings
    not_headings = [7]                 # lines that look like headings but are not
    breaks = [88]                      # a scene break before the paragraph on line 88
    not_breaks = [95]                  # an ornament or wide gap on line 95 is not a break

    [blocks]
    5 = "summary"                      # the block starting on line 5 is a summary
                                       # (a front/end matter kind, or "prose": story text)

    [chapters]
    2 = "New title"                    # rename chapter 2 (counting from 1, in book order)

    [meta]
    source_url = "https://…"           # any other metadata, as strings
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookmaker.errors import ConfigError
from bookmaker.model import END_KINDS, FRONT_KINDS, Decision, Story, replace
from bookmaker.parse.hints import ParseHints
from bookmaker.read.files import COVER_LIMIT, file_problem
from bookmaker.settings.options import LANGUAGE_HINT, is_language_tag
from bookmaker.settings.overrides import supersede
from bookmaker.settings.paths import inside
from bookmaker.settings.toml import Table, read_toml
from bookmaker.typography import RULE_NAMES

__all__ = [
    "META_KEYS",
    "KEYS",
    "BLOCK_KINDS",
    "Sidecar",
    "sidecar_path",
    "parse_sidecar",
    "read_sidecar",
    "load_sidecar",
    "apply_sidecar",
    "check_lines",
]

_TEXT_KEYS = ("rating", "series", "summary", "status")
_LIST_KEYS = ("fandom", "pairing", "characters", "warnings", "tags", "genres")
_INT_KEYS = ("series_index", "series_total")
_DATE_KEYS = ("published", "updated")
META_KEYS = _TEXT_KEYS + _LIST_KEYS + _INT_KEYS + _DATE_KEYS
"""Top-level sidecar keys that become ``Story.meta`` entries."""

_TOP_KEYS = ("title", "authors", "language", "cover", *META_KEYS,
             "typography", "structure", "chapters", "blocks", "meta")
_TABLE_KEYS = {"typography": ("disable",),
               "structure": ("headings", "not_headings", "breaks", "not_breaks")}
KEYS = (*(k for k in _TOP_KEYS if k not in _TABLE_KEYS),
        *(f"{table}.{k}" for table, keys in _TABLE_KEYS.items() for k in keys))
"""Every key a sidecar accepts (``structure.breaks`` for a table's): each one either reaches
the book or is reported (:mod:`bookmaker.settings.unused`); the tests go through them all."""
BLOCK_KINDS = tuple(dict.fromkeys((*FRONT_KINDS, *END_KINDS, "prose")))
"""What ``[blocks]`` may call a block: a front or end matter kind, or story prose."""
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_SCHEMA_HINT = "see “Sidecar files” in README.md"


@dataclass(frozen=True)
class Sidecar:
    """A validated sidecar: overrides for one story."""

    path: str
    """The sidecar file, for messages and decisions."""
    title: str | None = None
    """Replaces the parsed title."""
    authors: tuple[str, ...] | None = None
    """Replaces the parsed authors."""
    language: str | None = None
    """BCP 47 language tag."""
    meta: dict[str, str] = field(default_factory=dict)
    """Metadata entries (rating, fandom, summary, series_index…), lists joined by ``", "``."""
    cover: str | None = None
    """Cover image path, resolved against the sidecar's folder."""
    disabled_rules: frozenset[str] = frozenset()
    """Typography rule names switched off (all of them for ``"all"``)."""
    hints: ParseHints = field(default_factory=ParseHints)
    """Structure corrections for the parser."""
    free_meta: frozenset[str] = frozenset()
    """The keys of its ``[meta]`` table (free metadata, in :attr:`meta` too)."""


def sidecar_path(story_path: str | Path) -> Path:
    """The sidecar beside a story: ``stories/bounty.txt`` → ``stories/bounty.toml``."""
    return Path(story_path).with_suffix(".toml")


def parse_sidecar(data: Mapping[str, Any], path: str | Path, *,
                  check_cover: bool = True) -> Sidecar:
    """Validate decoded sidecar TOML (``tomllib.loads`` output) into a :class:`Sidecar`.

    :param path: the sidecar file: named in errors, and the base of ``cover``.
    :param check_cover: also check that the cover exists and is an image.
    :raises ConfigError: on unknown keys, wrong types or bad values.
    """
    name = str(path)
    top = Table(name, "", data, _TOP_KEYS, _SCHEMA_HINT)
    meta: dict[str, str] = {}
    for key in _TEXT_KEYS:
        if (value := top.text(key)) is not None:
            meta[key] = value
    for key in _LIST_KEYS:
        if (values := top.texts(key)) is not None:
            meta[key] = ", ".join(values)
    for key in _INT_KEYS:
        if (number := top.positive(key)) is not None:
            meta[key] = str(number)
    for key in _DATE_KEYS:
        if (date := top.date(key)) is not None:
            meta[key] = date
    if "meta" in data:
        extra = Table(name, "meta", data["meta"], None, _SCHEMA_HINT)
        for key in extra.table:
            clash = key in _TOP_KEYS or key in ("source", "encoding")
            if clash:
                raise extra.error(extra.key(key), f'"{key}" is not free metadata',
                                  f"set it at the top level of {Path(name).name}"
                                  if key in _TOP_KEYS else "bookmaker sets it")
            meta[key] = extra.text(key) or ""

    language = top.text("language")
    if language is not None and not is_language_tag(language):
        raise top.error("language", f'"{language}" is not a language tag', LANGUAGE_HINT)

    cover = top.text("cover")
    if cover is not None:
        cover = str(Path(name).parent / cover)
        if check_cover:
            _check_cover(cover, top)

    disabled: frozenset[str] = frozenset()
    if "typography" in data:
        typo = Table(name, "typography", data["typography"], _TABLE_KEYS["typography"],
                     _SCHEMA_HINT)
        names = typo.texts("disable") or ()
        for rule in names:
            if rule != "all" and rule not in RULE_NAMES:
                raise typo.error("typography.disable", f'unknown rule "{rule}"',
                                 f'rules: {", ".join(sorted(RULE_NAMES))}, or "all"')
        disabled = RULE_NAMES if "all" in names else frozenset(names)

    lines = _structure(name, data)

    titles: dict[int, str] = {}
    if "chapters" in data:
        ch = Table(name, "chapters", data["chapters"], None, _SCHEMA_HINT)
        for key in ch.table:
            if not key.isdigit() or int(key) < 1:
                raise ch.error(ch.key(key), "expected a chapter number from 1",
                               'write e.g. 2 = "New title"')
            titles[int(key)] = ch.text(key) or ""

    return Sidecar(
        path=name,
        title=top.text("title"),
        authors=top.texts("authors"),
        language=language,
        meta=meta,
        free_meta=frozenset(data.get("meta", {})),
        cover=cover,
        disabled_rules=disabled,
        hints=ParseHints(headings=lines["headings"], not_headings=lines["not_headings"],
                         chapter_titles=dict(sorted(titles.items())),
                         breaks=lines["breaks"], not_breaks=lines["not_breaks"],
                         block_kinds=_blocks(name, data)),
    )


def _structure(name: str, data: Mapping[str, Any]) -> dict[str, frozenset[int]]:
    """``[structure]`` line lists; a line in both halves of a yes/no pair is an error."""
    keys = _TABLE_KEYS["structure"]
    if "structure" not in data:
        return {key: frozenset() for key in keys}
    st = Table(name, "structure", data["structure"], keys, _SCHEMA_HINT)
    lines = {key: st.integers(key) for key in keys}
    for yes in ("headings", "breaks"):
        both = sorted(lines[yes] & lines[f"not_{yes}"])
        if both:
            raise st.error("structure", f"line {both[0]} is in both {yes} and not_{yes}",
                           "keep it in one list")
    return lines


def _blocks(name: str, data: Mapping[str, Any]) -> dict[int, str]:
    """``[blocks]``: line number to block kind."""
    if "blocks" not in data:
        return {}
    table = Table(name, "blocks", data["blocks"], None, _SCHEMA_HINT)
    kinds: dict[int, str] = {}
    for key in table.table:
        if not key.isdigit() or int(key) < 1:
            raise table.error(table.key(key), "expected a line number from 1",
                              'write e.g. 5 = "summary"')
        kind = table.text(key) or ""
        if kind not in BLOCK_KINDS:
            raise table.error(table.key(key), f'unknown block kind "{kind}"',
                              f'kinds: {", ".join(BLOCK_KINDS)}')
        kinds[int(key)] = kind
    return dict(sorted(kinds.items()))


def _check_cover(cover: str, top: Table) -> None:
    """The cover must be an image file inside the sidecar's folder or the folder bookmaker
    runs in (a shared story must not pull other files into the book)."""
    sidecar_dir = Path(str(top.path)).parent
    if not (inside(Path(cover), sidecar_dir) or inside(Path(cover), Path.cwd())):
        raise top.error("cover", f'"{cover}" is outside the story\'s folder',
                        "put the cover next to the sidecar")
    problem = file_problem(cover, COVER_LIMIT)
    if problem is not None:
        raise top.error("cover", f'cannot read "{cover}": {problem}',
                        "the path is relative to the sidecar file")
    try:
        with open(cover, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise top.error("cover", f'cannot read "{cover}": {exc.strerror or exc}',
                        "the path is relative to the sidecar file") from None
    if not head.startswith(_IMAGES):
        raise top.error("cover", f'"{cover}" is not a PNG, JPEG or GIF image')


def read_sidecar(path: str | Path) -> Sidecar:
    """Read and validate one sidecar file.

    :raises ConfigError: when it cannot be read, is not TOML, or breaks the schema.
    """
    p = Path(path)
    data = read_toml(p)
    return parse_sidecar(data, p)


def load_sidecar(story_path: str | Path) -> Sidecar | None:
    """The validated sidecar of a story, or ``None`` when it has none.

    :raises ConfigError: when the sidecar exists but is invalid.
    """
    p = sidecar_path(story_path)
    if p == Path(story_path) or not p.is_file():
        return None
    return read_sidecar(p)


def check_lines(sidecar: Sidecar, line_count: int) -> None:
    """Check that ``[structure]`` line numbers fall inside a text of ``line_count`` lines.

    :raises ConfigError: naming the key and the line past the end.
    """
    hints = sidecar.hints
    for key, lines in (("structure.headings", hints.headings),
                       ("structure.not_headings", hints.not_headings),
                       ("structure.breaks", hints.breaks),
                       ("structure.not_breaks", hints.not_breaks),
                       ("blocks", frozenset(hints.block_kinds))):
        past = sorted(n for n in lines if n > line_count)
        if past:
            raise ConfigError(f"{key}: line {past[0]} is past the end of the story "
                              f"({line_count} lines)", path=sidecar.path,
                              hint="line numbers are those `bookmaker inspect` shows")


def apply_sidecar(story: Story, sidecar: Sidecar) -> Story:
    """Return ``story`` with the sidecar's values winning, each recorded as a Decision.

    :raises ConfigError: when ``[chapters]`` renames a chapter the story does not have.
    """
    decisions: list[Decision] = []
    old = story.decisions

    def decide(what: str, value: str, was: str) -> None:
        nonlocal old
        decisions.append(Decision(0, what, f"sidecar {Path(sidecar.path).name}", value))
        old = supersede(old, "meta:cover" if what == "cover" else what, was)

    changes: dict[str, Any] = {}
    if sidecar.title is not None:
        changes["title"] = sidecar.title
        decide("title", sidecar.title, story.title)
    if sidecar.authors is not None:
        changes["authors"] = sidecar.authors
        decide("authors", ", ".join(sidecar.authors), ", ".join(story.authors))
    meta = dict(story.meta)
    for key, value in sidecar.meta.items():
        meta[key] = value
        decide(f"meta:{key}", value, story.meta.get(key, ""))
    if sidecar.language is not None:
        meta["language"] = sidecar.language
        decide("meta:language", sidecar.language, story.meta.get("language", ""))
    if sidecar.cover is not None:
        meta["cover"] = sidecar.cover
        decide("cover", sidecar.cover, story.meta.get("cover", ""))
    changes["meta"] = meta

    # [chapters] renames reach the parser as hints and are applied (and recorded) there,
    # once; here only a number past the end is an error
    for number in sidecar.hints.chapter_titles:
        if number > len(story.chapters):
            count = len(story.chapters)
            raise ConfigError(f"chapters.{number}: the story has only {count} "
                              f"chapter{'s' if count != 1 else ''}",
                              path=sidecar.path, hint="chapters count from 1 in book order")
    changes["decisions"] = (*decisions, *old)
    return replace(story, **changes)
