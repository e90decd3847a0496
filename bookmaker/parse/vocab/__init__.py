"""Structure vocabularies as data: one TOML table per language (``es.toml``, ``ja.toml``).

English lives in the rules themselves (:mod:`bookmaker.parse.headings`,
:mod:`bookmaker.parse.labels`); a table adds one language's words to them: chapter,
part and special headings, number words, bylines, front-matter labels, end markers,
and for CJK the ordinal prefix and counters of ``第十二章`` / ``제3장``.

Which tables are in force is the parse's *active languages*, set with
:func:`using` around a parse (the story's sidecar, stated or detected language; English
always). The line recognizers read it through :func:`active`, so they keep their
one-line signatures; a context variable keeps concurrent parses apart.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bookmaker.patterns import regex

__all__ = ["Vocabulary", "Active", "LANGUAGES", "vocabulary", "active", "using", "cjk_int"]

_KEYS = frozenset({"chapter", "part", "special", "byline", "end", "numbers", "labels",
                   "ordinal", "counters", "part_counters", "part_words"})


@dataclass(frozen=True)
class Vocabulary:
    """One language's structure words (lower case)."""

    lang: str
    chapter: tuple[str, ...] = ()
    part: tuple[str, ...] = ()
    special: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    end: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ordinal: tuple[str, ...] = ()
    """CJK ordinal prefixes (第, 제) before a heading's number."""
    counters: tuple[str, ...] = ()
    """CJK counters after a chapter's number (章, 話, 장)."""
    part_counters: tuple[str, ...] = ()
    """CJK counters after a part's number (部, 巻, 권)."""
    part_words: tuple[str, ...] = ()
    """Words that alone open a part with its title (``上　先生と私``)."""


def _lower(values: object) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in values) if isinstance(values, list) else ()


_FOLDER = Path(__file__).resolve().parent
"""The tables ship beside this module, as ``resources`` keeps its data (a plain path:
``importlib.resources`` would cost every run a few milliseconds of imports)."""


@cache
def vocabulary(lang: str) -> Vocabulary | None:
    """The table for a language tag's primary subtag (``pt-BR`` → ``pt``), or ``None``."""
    code = lang.split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    path = _FOLDER / f"{code}.toml"
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError(f"{code}.toml: unknown keys {sorted(unknown)}")
    labels = {k: _lower(v) for k, v in data.get("labels", {}).items()}
    return Vocabulary(
        code, _lower(data.get("chapter")), _lower(data.get("part")),
        _lower(data.get("special")), _lower(data.get("byline")), _lower(data.get("end")),
        {str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()}, labels,
        _lower(data.get("ordinal")), _lower(data.get("counters")),
        _lower(data.get("part_counters")), _lower(data.get("part_words")))


LANGUAGES: tuple[str, ...] = tuple(sorted(p.stem for p in _FOLDER.glob("*.toml")))
"""The languages that have a table."""


def _alt(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so ``nota del autor`` wins)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                    sorted(set(words), key=lambda w: (-len(w), w)))


_CJK_DIGITS = "〇零一二三四五六七八九十百千两兩壱弐参"
CJK_NUMBER = rf"[0-9０-９{_CJK_DIGITS}]{{1,8}}"
"""Regex source for a number in a CJK heading: digits, full-width digits, numerals."""
_CJK_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0, "两": 2, "兩": 2, "壱": 1, "弐": 2, "参": 3}
_CJK_UNIT = {"十": 10, "百": 100, "千": 1000}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits to ASCII, one character for one (positions stay)."""


def cjk_int(text: str) -> int | None:
    """The value of ``十二``, ``二十一``, ``一〇三``, ``１２`` or ``12``; ``None`` otherwise."""
    t = text.strip().translate(FULLWIDTH_DIGITS)
    if t.isdigit() and t.isascii():
        return int(t)
    if not t or any(c not in _CJK_VALUE and c not in _CJK_UNIT for c in t):
        return None
    if not any(c in _CJK_UNIT for c in t):  # 一〇三: digit by digit
        return int("".join(str(_CJK_VALUE[c]) for c in t))
    total, digit = 0, None
    for c in t:
        if c in _CJK_UNIT:
            total += (1 if digit is None else digit) * _CJK_UNIT[c]
            digit = None
        else:
            digit = _CJK_VALUE[c]
    return total + (digit or 0)


@dataclass(frozen=True)
class Active:
    """The words of the active languages (English excluded) as regex sources."""

    langs: tuple[str, ...]
    chapter: str = ""
    part: str = ""
    special: str = ""
    byline: str = ""
    end: str = ""
    numbers: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    part_words: frozenset[str] = frozenset()
    hints: tuple[str, ...] = ()
    """Words any long heading line of these languages holds (a quick filter)."""
    cjk: re.Pattern[str] | None = None
    """``第十二章 title`` / ``제3장`` / ``3화``: groups ``label``, ``num``, ``kw``, ``rest``."""

    @property
    def number(self) -> str:
        return _alt(tuple(self.numbers))


def _cjk_pattern(tables: list[Vocabulary]) -> re.Pattern[str] | None:
    ordinal = _alt(tuple(w for t in tables for w in t.ordinal))
    counters = tuple(w for t in tables for w in (*t.counters, *t.part_counters))
    if not counters:
        return None
    return regex(rf"^(?P<label>(?:{ordinal})?\s*(?P<num>{CJK_NUMBER})\s*"
                 rf"(?P<kw>{_alt(counters)}))(?P<rest>.*)$", re.S)


@cache
def _active(langs: tuple[str, ...]) -> Active:
    tables = [t for t in (vocabulary(lang) for lang in langs) if t is not None]
    if not tables:
        return Active(())
    kinds = sorted({k for t in tables for k in t.labels})
    return Active(
        tuple(t.lang for t in tables),
        _alt(tuple(w for t in tables for w in t.chapter)),
        _alt(tuple(w for t in tables for w in (*t.part, *t.part_counters))),
        _alt(tuple(w for t in tables for w in t.special)),
        _alt(tuple(w for t in tables for w in t.byline)),
        _alt(tuple(w for t in tables for w in t.end)),
        {k: v for t in tables for k, v in t.numbers.items()},
        {k: _alt(tuple(w for t in tables for w in t.labels.get(k, ()))) for k in kinds},
        frozenset(w for t in tables for w in t.part_words),
        tuple(w.rstrip(".") for t in tables for w in (*t.chapter, *t.part, *t.special)),
        _cjk_pattern(tables),
    )


def part_counter(kw: str) -> bool:
    """Is this CJK counter a part's (部, 巻) rather than a chapter's?"""
    return any(kw in t.part_counters for t in map(vocabulary, LANGUAGES) if t)


_CURRENT: ContextVar[tuple[str, ...]] = ContextVar("bookmaker_languages", default=())


def active() -> Active:
    """The words of the languages in force (none: English only)."""
    return _active(_CURRENT.get())


@contextmanager
def using(*langs: str | None) -> Iterator[Active]:
    """Make the tables of ``langs`` (tags; ``None`` and unknown ones skipped) active."""
    codes = tuple(dict.fromkeys(
        c for c in ((lang or "").split("-")[0].lower() for lang in langs)
        if c and c != "en" and vocabulary(c) is not None))
    token = _CURRENT.set(codes)
    try:
        yield _active(codes)
    finally:
        _CURRENT.reset(token)
