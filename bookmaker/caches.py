"""Where bookmaker keeps what it can rebuild, and how its compiled-once tables are kept.

The folder is decided here only: ``$XDG_CACHE_HOME/bookmaker`` when that is an
absolute path, else ``~/.cache/bookmaker``; ``None`` without a home folder (nothing
is cached then). Build manifests, generated covers and compiled tables live in
sub-folders.

A *compiled table* maps source text to what Python compiled from it (regular
expressions, generated class methods): work every process would otherwise redo.
Tables are ``marshal`` files named for the interpreter that wrote them, read whole,
and merged and replaced atomically at exit when a run compiled something new; a
missing, damaged or unwritable file costs only the compile it would have saved.
Each value is kept packed (its own ``marshal`` bytes) and unpacked only when a run
asks for it (:func:`unpack`): a run uses a fraction of a table that has grown over
many runs, and reading every program and code object took longer than compiling
what the run needed. Writing a table removes the same table in the unpacked kind
earlier versions wrote, which nothing reads any more.
They are trusted as Python's own ``__pycache__`` is: they live in the user's cache.
"""

from __future__ import annotations

import atexit
import marshal
import os
from pathlib import Path
from typing import Any

__all__ = ["cache_home", "table_file", "read_table", "unpack", "merge_table", "store",
           "Table", "save_tables"]

MAX_ENTRIES = 4000
"""Many times what bookmaker compiles; past it a table starts afresh, so entries made
from vocabularies or sidecars cannot pile up."""


def cache_home() -> Path | None:
    """The cache folder, or ``None`` when there is neither a cache variable nor a home."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME", "").strip() or os.path.expanduser("~")
        if not home or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "bookmaker"


def table_file(name: str) -> Path | None:
    """Where the compiled table ``name`` is kept (``None``: nowhere)."""
    home = cache_home()
    return home / "compiled" / f"{name}.{_PACKED}.marshal" if home else None


_PACKED = "packed"
"""In the file name: tables of packed values (the unpacked kind had no tag)."""


def read_table(name: str) -> dict[Any, bytes]:
    """The table ``name``, its values packed (:func:`unpack`); empty when it is missing or
    cannot be read."""
    path = table_file(name)
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def unpack(packed: object) -> Any:
    """A table value as it was added; ``None`` when it cannot be read (damaged)."""
    if not isinstance(packed, bytes):
        return None
    try:
        return marshal.loads(packed)
    except (EOFError, ValueError, TypeError):
        return None


def merge_table(name: str, added: dict[Any, Any], limit: int = MAX_ENTRIES) -> None:
    """Add ``added`` to the table ``name`` on disk (starting afresh past ``limit`` entries);
    a folder that cannot be written is skipped."""
    path = table_file(name)
    if path is None or not added:
        return
    try:
        packed = {k: marshal.dumps(v) for k, v in added.items()}
        merged = {**read_table(name), **packed}
        if len(merged) > limit:
            merged = packed
        data = marshal.dumps(merged)
    except ValueError:  # something marshal cannot hold: nothing is kept
        return
    if store(path, data):
        try:  # the same table in the unpacked kind earlier versions wrote: never read now
            path.with_name(f"{name}.marshal").unlink(missing_ok=True)
        except OSError:
            pass


class Table:
    """One compiled table in use: read whole on first use (its entries packed until asked
    for), and what this run added merged into the file at exit (:func:`save_tables`)."""

    def __init__(self, name: str | None, limit: int = MAX_ENTRIES) -> None:
        self.name = name
        """The table's name (``None``: none is kept, e.g. on another interpreter)."""
        self.limit = limit
        """Entries past which the file starts afresh."""
        self.known: dict[Any, bytes] | None = None
        """The file as read (on first use)."""
        self.added: dict[Any, Any] = {}
        """Compiled by this run, not yet written."""

    def get(self, key: Any) -> Any:
        """The value for ``key``: added by this run, else unpacked from the file; ``None``
        when there is none or it is damaged (callers still check its type)."""
        if key in self.added:
            return self.added[key]
        if self.known is None:
            self.known = read_table(self.name) if self.name else {}
        return unpack(self.known.get(key))

    def add(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``, to be written at exit."""
        if not _TABLES:
            atexit.register(save_tables)
        if self not in _TABLES:
            _TABLES.append(self)
        self.added[key] = value

    def save(self) -> None:
        """Write what this run added (once: a second call finds nothing new)."""
        if self.name and self.added:
            merge_table(self.name, dict(self.added), self.limit)
        self.added.clear()


_TABLES: list[Table] = []
"""The tables something was added to this run."""


def save_tables() -> None:
    """Write every table's additions (at exit; again does nothing)."""
    for table in _TABLES:
        table.save()


def store(path: Path, data: bytes) -> bool:
    """Write a cache file atomically (a temporary file renamed into place); whether it was
    written. A cache is best effort: a folder that cannot be written costs only the cache.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
