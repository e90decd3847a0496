"""Regular expressions compiled once per machine, not once per run.

Python compiles every pattern anew in each process, and a plain-text build needs
over a hundred of ours (vocabulary alternations in a dozen languages among them):
about a fifth of a small story's whole run. :func:`regex` keeps each compiled
program (the opcode list ``re`` hands its C engine) in a compiled table
(:mod:`bookmaker.caches`) and on later runs gives the engine that program directly,
skipping ``re``'s Python-level parser and compiler.

Why it is safe: the engine checks every program it is given (a malformed one raises;
it is never run), the table is named for the interpreter and the engine's magic
number, and any failure means a normal ``re.compile``. It uses ``re``'s private
compiler steps, so it checks they are there and falls back when they are not.

The command line also calls :func:`install` before it imports click: then every
pattern its process compiles goes through the same table, the libraries' too (click,
Jinja2's lexer, ``tomllib``, ``json``: about 90 patterns, ~10 ms a run). Only the
command's own process does; ``import bookmaker`` leaves ``re`` alone.
"""

from __future__ import annotations

import atexit
import re
import sys
from typing import Any

from bookmaker.caches import merge_table, read_table, unpack

__all__ = ["regex", "install", "TABLE"]

try:  # re's private compiler steps (CPython 3.11); without them, plain re.compile.
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    TABLE: str | None = f"patterns-{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another interpreter
    TABLE = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code, groups, both indexes."""

_known: dict[tuple[str | bytes, int], bytes] | None = None
"""The table as read: entries packed until asked for."""
_added: dict[tuple[str | bytes, int], Entry] = {}


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the compiled table when it can."""
    if TABLE is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    return _cached(pattern, int(flags)) or re.compile(pattern, flags)


def _cached(pattern: str | bytes, flags: int) -> Any:
    """The compiled ``pattern`` from the table (compiled and added when new); ``None`` when
    ``re``'s internals are not what this module knows.

    :raises re.error: on a bad pattern, as ``re.compile`` does.
    """
    global _known
    if _known is None:
        _known = read_table(str(TABLE))
    key = (pattern, flags)
    entry = _added.get(key) or unpack(_known.get(key))
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # a damaged or foreign entry: compile it again
            pass
    try:
        entry = _compile(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
    except re.error:
        raise
    except Exception:  # re's internals changed: the ordinary way
        return None
    if not _added:
        atexit.register(save)
    _added[key] = entry
    return compiled


def install() -> None:
    """Send every pattern this process compiles from now on through the table (once).

    ``re.compile`` keeps its own checks and its in-process cache; only the step that
    turns a pattern into a program (``re._compiler.compile``) looks in the table first.
    Debug compiles, and patterns given as already parsed, take the ordinary way.
    """
    if TABLE is None or getattr(_compiler.compile, "_bookmaker", False):
        return
    ordinary = _compiler.compile

    def compile(p: Any, flags: int = 0) -> Any:
        if isinstance(p, (str, bytes)) and not int(flags) & re.DEBUG:
            found = _cached(p, int(flags))
            if found is not None:
                return found
        return ordinary(p, flags)

    compile._bookmaker = True  # type: ignore[attr-defined]
    _compiler.compile = compile


def _compile(pattern: str | bytes, flags: int) -> Entry:
    """The steps of ``re._compiler.compile``, keeping the program it builds."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def save() -> None:
    """Write what this run compiled into the table (at exit)."""
    if TABLE is not None and _added:
        merge_table(TABLE, dict(_added))
    _added.clear()
