"""Scene breaks: ornament lines (``* * *``, ``~~~``, ``oOoOo``…) and wider blank-line gaps.

Whether a gap is wide is judged against the text itself: the gap length that
occurs most often between paragraphs is the normal one; a longer gap that is
rare (at most a quarter of all gaps) marks a scene break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bookmaker.patterns import regex

__all__ = ["is_ornament", "ornament_free", "GapStats", "gap_stats"]

_QUOTES = set("\"'“”‘’«»„‚`")
_ORNAMENT_LETTERS = set("oOxX0")
# What people write where a site stripped their rule: "-Line Break-", "[scene break]".
_BREAK_WORDS = regex(r"^[\W_]*(?:line|scene|page|section)[ -]?break[\W_]*$|"
                     r"^[\W_]*(?:time ?skip|scene change)[\W_]*$|"
                     # LiveJournal cut links and AO3's marker before a chapter's prose
                     r"^[\W_]*(?:read more|lj-cut|cut here|chapter text)[\W_]*$", re.I)
# Any letter or digit but o, x and 0, or a quotation mark: not an ornament.
_NOT_ORNAMENT = regex("[^\\W_oOxX0]|[\"'“”‘’«»„‚`]")


def _alternates(letters: str) -> bool:
    """``oOoOo``/``xXx``: the case changes at least twice."""
    changes = sum(1 for a, b in zip(letters, letters[1:], strict=False)
                  if a.isupper() != b.isupper())
    return changes >= 2


MIN_ORNAMENT_LETTERS = 6
"""o/x letters a separator line with digits in it (``XXXXXXXX666XXXXXXX``) is mostly made of."""


def _numbered_ornament(s: str) -> bool:
    """``XXXXXXXX666XXXXXXX``: a row of o/x with a few digits (a count, a date) in it."""
    if " " in s.strip() or any(ch in _QUOTES for ch in s):
        return False
    alnum = [ch for ch in s if ch.isalnum()]
    marks = sum(1 for ch in alnum if ch in _ORNAMENT_LETTERS)
    digits = sum(1 for ch in alnum if ch.isdigit() and ch != "0")
    return (marks >= MIN_ORNAMENT_LETTERS and marks + digits == len(alnum)
            and digits < marks / 2)


def is_ornament(line: str) -> bool:
    """True when ``line`` is a scene-break ornament rather than words.

    Symbol rows (``* * *``, ``***``, ``~~~``, ``#``, rows of dashes, em dashes,
    underscores or colons) and letter ornaments made of o/x (``oOoOo``, ``xXx``,
    ``xxxxx``, ``-o-o-o-``), and the words ``Line Break``/``Scene Break`` alone.
    A quoted ``"…"``, ``...`` or ``?!`` is speech, not an ornament.
    """
    s = line.strip()
    if not s or len(s) > 80:
        return False
    if _NOT_ORNAMENT.search(s):
        return _BREAK_WORDS.match(s) is not None or _numbered_ornament(s)
    letters = [ch for ch in s if ch.isalnum()]
    symbols = [ch for ch in s if not ch.isalnum() and not ch.isspace()]
    if letters:
        if any(ch not in _ORNAMENT_LETTERS for ch in letters):
            return False
        word = "".join(letters).replace("0", "O")
        return (len(symbols) >= 2 and len(letters) >= 1) or (
            len(letters) >= 3 and (_alternates(word) or word.isupper() or word.islower()))
    if all(ch in ".…?! " for ch in s):
        return s.count(".") + 3 * s.count("…") >= 5 and "?" not in s and "!" not in s
    return True


def ornament_free(lines: Iterable[str]) -> Iterable[str]:
    """The lines that are not ornaments (their o/x letters are not words)."""
    return (ln for ln in lines if not is_ornament(ln))


@dataclass(frozen=True)
class GapStats:
    """How many blank lines normally separate paragraphs, and what counts as wide."""

    normal: int
    """The most frequent gap length."""
    wide: int | None
    """The shortest gap length that marks a scene break, or ``None``."""
    counts: tuple[tuple[int, int], ...] = ()
    """``(gap length, occurrences)`` pairs, shortest first."""

    def is_wide(self, gap: int) -> bool:
        """True when a gap this long marks a scene break."""
        return self.wide is not None and gap >= self.wide

    def describe(self) -> str:
        """Explain the statistics in words."""
        shown = ", ".join(f"{g} blank: {n}x" for g, n in self.counts)
        wide = (f"; {self.wide}+ blank lines are rare: scene break" if self.wide
                else "; no rare wider gap, so gaps are not scene breaks")
        return f"gaps between paragraphs ({shown}); normal is {self.normal}{wide}"


def gap_stats(gaps: Iterable[int]) -> GapStats:
    """Classify blank-line gap lengths by how often each occurs."""
    counts = Counter(gaps)
    total = sum(counts.values())
    normal = min(counts, key=lambda g: (-counts[g], g)) if counts else 1
    wide = None
    if total and counts[normal] >= 3:
        for g in sorted(k for k in counts if k > normal):
            if sum(n for k, n in counts.items() if k >= g) / total <= 0.25:
                wide = g
                break
    return GapStats(normal, wide, tuple(sorted(counts.items())))
