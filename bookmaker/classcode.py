"""Dataclass methods compiled once per machine, not once per run.

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and, for a
frozen class, ``__hash__``, ``__setattr__``, ``__delattr__``) as source text and
compiles it when the class is defined: about 0.6 ms a frozen class on a small machine,
and a build defines some sixty before it reads a line — a sixth of a small story's
whole run. :func:`install` gives the ``dataclasses`` module an ``exec`` that looks the
text up in a compiled table (:mod:`bookmaker.caches`) and runs the code object
compiled from exactly that text; anything else goes to the builtin.

The method built is the one the builtin would have built from the same text (same
source, file name ``<string>``, no inherited future flags); only the ``dataclasses``
module sees the new name, and the table is named for the interpreter's bytecode.
"""

from __future__ import annotations

import builtins
import dataclasses
import sys
from types import CodeType
from typing import Any

from bookmaker.caches import Table

__all__ = ["install", "TABLE", "CODE"]

TABLE = f"dataclasses-{sys.implementation.cache_tag}-{sys.hexversion:x}"
"""Code objects are only valid for the interpreter that made them."""

CODE = Table(TABLE)
"""Method source text → the code object compiled from it."""


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
    """``exec`` for ``dataclasses``: source text it has compiled before is not compiled again."""
    if isinstance(source, str) and not kwargs:
        code = CODE.get(source)
        if not isinstance(code, CodeType):  # missing or damaged
            code = compile(source, "<string>", "exec", dont_inherit=True)
            CODE.add(source, code)
        source = code
    builtins.exec(source, globals, locals, **kwargs)


def install() -> None:
    """Use the table for every dataclass defined from now on (once; harmless again)."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    dataclasses.exec = _exec  # type: ignore[attr-defined]
