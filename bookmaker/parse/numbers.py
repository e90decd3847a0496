"""Chapter numbers as people write them: digits, Roman numerals, English words."""

from __future__ import annotations

import re

from bookmaker.patterns import regex

__all__ = ["NUMBER_PATTERN", "ORDINAL_PATTERN", "to_int", "ordinal_value", "is_roman"]

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUE["hundred"] = 100

_UNIT_RE = "|".join(sorted(_UNITS[1:], key=len, reverse=True))
_TENS_RE = "|".join(_TENS)
_DIGIT_RE = "one|two|three|four|five|six|seven|eight|nine"
_WORDS_RE = rf"(?:(?:{_TENS_RE})(?:[\s-](?:{_DIGIT_RE}))?|{_UNIT_RE}|(?:one\s+)?hundred)"
_ROMAN_RE = r"[ivxlcdm]{1,8}"

NUMBER_PATTERN = rf"(?:\d{{1,5}}|{_WORDS_RE}|{_ROMAN_RE})"
"""Regex source for one number (digits, words up to ninety-nine, or Roman numerals)."""

_ORDINAL_UNITS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                  "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                  "nineteenth").split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
_ORDINAL_VALUE = ({w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)}
                  | {w: 20 + 10 * i for i, w in enumerate(_ORDINAL_TENS.split())})
ORDINAL_PATTERN = (rf"(?:(?:{_TENS_RE})[\s-](?:{'|'.join(_ORDINAL_UNITS[:9])})|"
                   rf"{'|'.join(sorted(_ORDINAL_VALUE, key=len, reverse=True))})")
"""Regex source for an English ordinal up to the ninety-ninth (``First``, ``Twenty-Second``):
``Chapter the First``, ``Second Act``."""


def ordinal_value(text: str) -> int | None:
    """The value of an English ordinal (``Twenty-Second`` → 22), or ``None``."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if len(words) == 1:
        return _ORDINAL_VALUE.get(words[0])
    if len(words) == 2 and words[0] in _TENS and words[1] in _ORDINAL_UNITS[:9]:
        return _WORD_VALUE[words[0]] + _ORDINAL_VALUE[words[1]]
    return None


_ROMAN_VALID = regex(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def is_roman(text: str) -> bool:
    """True when ``text`` is a well-formed Roman numeral.

    ASCII only: under ``re.I`` the Turkish dotless ``ı`` and the Kelvin sign match
    ``I`` and ``K``, but they are letters of words, not numerals.
    """
    return bool(text) and text.isascii() and bool(_ROMAN_VALID.match(text))


def _roman(text: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def to_int(text: str) -> int | None:
    """The value of a written number, or ``None`` when it is not one.

    >>> to_int("Twenty-Three"), to_int("IV"), to_int("07")
    (23, 4, 7)
    """
    t = text.strip().lower()
    if not t:
        return None
    if t.isdigit():
        return int(t)
    if is_roman(t):
        return _roman(t)
    total = 0
    for word in re.split(r"[\s-]+", t):
        if word not in _WORD_VALUE:
            return None
        value = _WORD_VALUE[word]
        total = total * 100 if value == 100 and total else total + value
    return total or (0 if t == "zero" else None)
