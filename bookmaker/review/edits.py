"""Corrections written into a story's sidecar with tomlkit, so the keys are the ones a
person would write and their comments and order survive.

Each edit reads the sidecar (or starts an empty one), changes one key, checks the result
with the sidecar's own validator and only then writes it atomically: a correction can
never leave a sidecar that ``bookmaker build`` would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import tomlkit
from tomlkit.items import Table

from bookmaker.build.files import write_atomic
from bookmaker.errors import ConfigError
from bookmaker.settings.sidecar import BLOCK_KINDS, parse_sidecar

__all__ = ["edit_sidecar", "set_heading", "set_break", "set_block_kind", "set_fields",
           "rename_chapter"]

Doc = tomlkit.TOMLDocument


def _read(path: Path) -> Doc:
    if not path.is_file():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise ConfigError(f"cannot read the sidecar: {exc}", path=path) from None


def edit_sidecar(path: Path, change: Callable[[Doc], None]) -> None:
    """Apply ``change`` to the sidecar at ``path``, check it, write it atomically."""
    doc = _read(path)
    change(doc)
    parse_sidecar(doc.unwrap(), path, check_cover=False)
    write_atomic(path, tomlkit.dumps(doc).encode("utf-8"))


def _table(doc: Doc, name: str) -> Table:
    if name not in doc:
        doc[name] = tomlkit.table()
    table = doc[name]
    assert isinstance(table, Table)
    return table


def _lines(table: Table, key: str, add: Iterable[int] = (), drop: Iterable[int] = ()) -> None:
    """Add and drop line numbers of a ``[structure]`` list, kept sorted; empty lists go."""
    current = {int(n) for n in table.get(key, [])}
    lines = sorted((current | set(add)) - set(drop))
    if lines:
        table[key] = lines
    elif key in table:
        del table[key]


def _tidy(doc: Doc, name: str) -> None:
    if name in doc and not doc[name]:
        del doc[name]


def _yes_no(path: Path, yes: str, line: int, on: bool) -> None:
    def change(doc: Doc) -> None:
        st = _table(doc, "structure")
        _lines(st, yes if on else f"not_{yes}", add=[line])
        _lines(st, f"not_{yes}" if on else yes, drop=[line])
        _tidy(doc, "structure")
    edit_sidecar(path, change)


def set_heading(path: Path, line: int, on: bool) -> None:
    """Line ``line`` is (``on``) or is not a chapter heading."""
    _yes_no(path, "headings", line, on)


def set_break(path: Path, line: int, on: bool) -> None:
    """A scene break comes before line ``line`` (``on``), or the one there is none."""
    _yes_no(path, "breaks", line, on)


def set_block_kind(path: Path, line: int, kind: str) -> None:
    """The block starting on ``line`` is a ``kind`` (a front/end matter kind or prose)."""
    if kind not in BLOCK_KINDS:
        raise ConfigError(f'unknown block kind "{kind}"', path=path)

    def change(doc: Doc) -> None:
        _table(doc, "blocks")[str(line)] = kind
    edit_sidecar(path, change)


def _set(doc: Doc, key: str, value: str | list[str] | None) -> None:
    if value:
        doc[key] = value
    elif key in doc:
        del doc[key]


def set_fields(path: Path, *, title: str | None = None, authors: list[str] | None = None,
               series: str | None = None) -> None:
    """Set (or, given an empty value, remove) the title, authors and series."""
    def change(doc: Doc) -> None:
        if title is not None:
            _set(doc, "title", title.strip())
        if authors is not None:
            _set(doc, "authors", [a.strip() for a in authors if a.strip()])
        if series is not None:
            _set(doc, "series", series.strip())
    edit_sidecar(path, change)


def rename_chapter(path: Path, number: int, title: str) -> None:
    """Chapter ``number`` (from 1, in book order) is called ``title``; empty: as parsed."""
    def change(doc: Doc) -> None:
        table = _table(doc, "chapters")
        if title.strip():
            table[str(number)] = title.strip()
        elif str(number) in table:
            del table[str(number)]
        _tidy(doc, "chapters")
    edit_sidecar(path, change)
