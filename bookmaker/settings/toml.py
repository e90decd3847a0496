"""The one TOML reader and table checker behind ``bookmaker.toml`` and ``STORY.toml``.

Errors name the file, then the key (``anthology[1].trim``) or the line and column,
then a hint: ``FILE: KEY: what is wrong (hint)``.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bookmaker.errors import ConfigError
from bookmaker.read.files import SETTINGS_LIMIT, read_file

__all__ = ["read_toml", "Table", "kind_of"]

_TOML_POSITION = re.compile(r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)"
                            r"|(?P<end>end of document))\)$", re.S)
"""How ``tomllib`` words a position: ``Invalid value (at line 3, column 10)``."""


def read_toml(path: Path, *, missing_hint: str = "") -> dict[str, Any]:
    """Decode one TOML file (UTF-8, a BOM allowed).

    :raises ConfigError: when it is missing, not a regular file, over
        :data:`~bookmaker.read.files.SETTINGS_LIMIT`, unreadable, not UTF-8 or not TOML,
        with the line and column of a syntax error.
    """
    if not path.exists():
        raise ConfigError("no such file", path=path, hint=missing_hint)
    raw = read_file(path, SETTINGS_LIMIT, error=ConfigError)  # no devices, FIFOs, huge files
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"line {line}: not UTF-8 text", path=path,
                          hint="save the file as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POSITION.match(str(exc))
        if m and m["line"]:
            where = f"line {m['line']}, column {m['col']}: {m['what']}"
        elif m:
            where = f"at the end of the file: {m['what']}"
        else:
            where = str(exc)
        hint = ('invalid TOML; text values need quotes: key = "value"'
                if "Invalid value" in where else "invalid TOML")
        raise ConfigError(where, path=path, hint=hint) from None


def kind_of(value: object) -> str:
    """``"a string"``, ``"a list"``… for error messages."""
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a table", datetime.date: "a date",
             datetime.datetime: "a date-time", datetime.time: "a time"}
    return names.get(type(value), type(value).__name__)


class Table:
    """Checks the values of one TOML table; every error names the file and the key.

    :param known: the keys allowed (an unknown one gets a did-you-mean), or ``None``.
    :param hint: said when no better hint exists (e.g. where the schema is documented).
    """

    def __init__(self, path: object, where: str, table: object,
                 known: tuple[str, ...] | None, hint: str = "") -> None:
        self.path, self.where, self.hint = path, where, hint
        if not isinstance(table, Mapping):
            raise self.error(where, f"expected a table, got {kind_of(table)}")
        self.table: Mapping[str, Any] = table
        for key in table:
            if known is not None and key not in known:
                import difflib

                close = difflib.get_close_matches(key, known, n=1)
                hint = (f'did you mean "{close[0]}"?' if close
                        else self.hint or f"known keys: {', '.join(known)}")
                raise self.error(self.key(key), f'unknown key "{key}"', hint)

    def key(self, key: str) -> str:
        """The full name of ``key`` (``defaults.trim``)."""
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, message: str, hint: str | None = None) -> ConfigError:
        """A ConfigError about ``key`` (a full name from :meth:`key`)."""
        return ConfigError(f"{key}: {message}" if key else message, path=self.path,
                           hint=self.hint if hint is None else hint)

    def _required(self, key: str, required: bool) -> bool:
        if key in self.table:
            return True
        if required:
            raise self.error(self.key(key), "missing (required)")
        return False

    def text(self, key: str, default: Any = None, *, required: bool = False,
             nonempty: bool = True) -> Any:
        """A string, stripped (``default`` when absent)."""
        if not self._required(key, required):
            return default
        value = self.table[key]
        if not isinstance(value, str):
            raise self.error(self.key(key), f"expected a string, got {kind_of(value)}")
        if nonempty and not value.strip():
            raise self.error(self.key(key), "must not be empty")
        return value.strip() if nonempty else value

    def texts(self, key: str, default: Any = None, *, required: bool = False,
              at_least_one: bool = False) -> Any:
        """A string or a list of strings, as a tuple of stripped strings."""
        if not self._required(key, required):
            return default
        value = self.table[key]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise self.error(self.key(key), "expected a string or a list of strings, "
                                            f"got {kind_of(value)}")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, str) or not item.strip():
                what = "an empty string" if isinstance(item, str) else kind_of(item)
                raise self.error(self.key(key), f"item {i} is {what}, expected a string")
        if at_least_one and not items:
            raise self.error(self.key(key), "must list at least one entry")
        return tuple(item.strip() for item in items)

    def integers(self, key: str) -> frozenset[int]:
        """A list of line numbers (integers from 1)."""
        value = self.table.get(key, [])
        if not isinstance(value, list):
            raise self.error(self.key(key),
                             f"expected a list of line numbers, got {kind_of(value)}")
        for i, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                raise self.error(self.key(key), f"item {i} is {item!r}, expected a line number "
                                                "(an integer from 1)")
        return frozenset(value)

    def positive(self, key: str) -> int | None:
        """An integer from 1, or ``None`` when absent."""
        if key not in self.table:
            return None
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(self.key(key), f"expected an integer from 1, got {value!r}")
        return value

    def date(self, key: str) -> str | None:
        """A TOML date or a non-empty string, as ISO text."""
        if key not in self.table:
            return None
        value = self.table[key]
        if isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        if isinstance(value, str) and value.strip():
            return value.strip()
        raise self.error(self.key(key), f"expected a date (2008-05-01), got {kind_of(value)}")
