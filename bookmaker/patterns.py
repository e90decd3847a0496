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

The command (:mod:`bookmaker.command`) also calls :func:`install` before it imports
click: then every pattern a module of its process compiles while it is imported goes
through the same table, the libraries' too (click, Jinja2, ``tomllib``, ``json``: about 90 patterns,
~10 ms a run). Patterns compiled later, while a book is made, are left out: libraries
build some from data (a character class joined from a set comes out in another order
in every process), and the table would grow and be rewritten on every run. A few
modules do that even while imported (``email``'s header parser, on the PDF path), so
the libraries' patterns have a table of their own, kept small (:data:`LIBRARIES`): a
pattern seen once ages out of it instead of slowing every later run's read. Only the
command's own process does this; ``import bookmaker`` leaves ``re`` alone.
"""

from __future__ import annotations

import re
import sys
from types import FrameType
from typing import Any

from bookmaker.caches import Table

__all__ = ["regex", "install", "OURS", "LIBRARIES", "TABLE"]

try:  # re's private compiler steps (CPython 3.11); without them, plain re.compile.
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    TABLE: str | None = f"patterns-{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another interpreter
    TABLE = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: flags, code, groups, both indexes."""

OURS = Table(TABLE, 4000)
"""bookmaker's own patterns (:func:`regex`): fixed texts, a few hundred of them."""
LIBRARIES = Table(f"{TABLE}-libraries" if TABLE else None, 600)
"""What the libraries compile while imported (:func:`install`): ~150 patterns for a PDF
build, a few of them new in every process; at 600 the table starts afresh, so it stays
quick to read and only the run after a fresh start compiles them all again."""


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the compiled table when it can."""
    if TABLE is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    return _cached(pattern, int(flags), OURS) or re.compile(pattern, flags)


def _cached(pattern: str | bytes, flags: int, table: Table) -> Any:
    """The compiled ``pattern`` from ``table`` (compiled and added when new); ``None``
    when ``re``'s internals are not what this module knows.

    :raises re.error: on a bad pattern, as ``re.compile`` does.
    """
    key = (pattern, flags)
    entry = table.get(key)
    if isinstance(entry, tuple):
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
    table.add(key, entry)
    return compiled


def install() -> None:
    """Send the patterns modules compile while imported, from now on, through the
    libraries' table (once).

    ``re.compile`` keeps its own checks and its in-process cache; only the step that
    turns a pattern into a program (``re._compiler.compile``) looks in the table first.
    Debug compiles, patterns given as already parsed, and patterns compiled at run time
    take the ordinary way.
    """
    if TABLE is None or getattr(_compiler.compile, "_bookmaker", False):
        return
    ordinary = _compiler.compile

    def compile(p: Any, flags: int = 0) -> Any:
        if isinstance(p, (str, bytes)) and not int(flags) & re.DEBUG and _importing():
            found = _cached(p, int(flags), LIBRARIES)
            if found is not None:
                return found
        return ordinary(p, flags)

    compile._bookmaker = True  # type: ignore[attr-defined]
    _compiler.compile = compile


_IMPORT_FRAMES = frozenset({"<frozen importlib._bootstrap>",
                            "<frozen importlib._bootstrap_external>"})


def _importing() -> bool:
    """Whether a module is being imported further up the stack (its patterns are fixed
    text; one compiled at run time may be made from data)."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename in _IMPORT_FRAMES:
            return True
        frame = frame.f_back
    return False


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
