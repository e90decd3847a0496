"""Wide gaps that are layout, not scene breaks: around verse, letters, datelines and lists.

Printed books set verse, a letter's dateline and salutation, its closing, signature
and postscript, or a quoted song apart with extra space; a plain-text copy shows that
as two or three blank lines. A reader does not take those for scene breaks. A wide gap *before*
an unquoted dateline still is one: a new diary entry or letter starts there.
A text that marks its scene breaks with ornament lines does not also mark them
with gaps: there, wide gaps are the exporter's spacing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookmaker.model import Decision
from bookmaker.parse.breaks import GapStats
from bookmaker.parse.codes import decision
from bookmaker.parse.endmatter import is_signature
from bookmaker.parse.lines import Para
from bookmaker.parse.words import word_len
from bookmaker.patterns import regex

__all__ = ["layout_gaps"]

SHORT_SHARE = 0.75
"""A line shorter than this share of the wrap width is set apart (verse, a dateline)."""
SHORT_UNWRAPPED = 45
"""The same, in characters, for text that is not hard-wrapped."""
MAX_DATELINE_WORDS = 8
"""A dateline is a place and a date, no sentence."""
MIN_ORNAMENT_BREAKS = 2
"""Ornament lines inside the prose that show the text marks its breaks with them."""

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_DATE_RE = regex(rf"\b(?:{_MONTHS})\b\.?\s*\d|\b\d{{1,2}}(?:st|nd|rd|th)\b|"
                 r"\b1[0-9][0-9][0-9—-]|\b1\d—", re.I)
_SALUTATION_RE = regex(r"^\W*(?:my )?(?:dear(?:est)?|sir|madam|gentlemen)\b.{0,40}[,:]\W*$",
                       re.I)
_VALEDICTION_RE = regex(
    r"^\W*(?:yours?(?: (?:truly|sincerely|faithfully|ever|affectionately|respectfully|"
    r"obediently))*|your (?:\w+ )?(?:friend|servant|son|daughter|brother|sister|cousin)|"
    r"(?:very )?(?:sincerely|faithfully|truly|affectionately|respectfully)(?: yours)?|"
    r"ever yours|with (?:love|regards)|love|regards)\b.{0,30},\W*$", re.I)
"""A letter's closing line: ``Your friend,``, ``Yours truly,`` (a signature follows)."""
_INITIALS_RE = regex(r"^(?:[A-Z]\.\s?){1,4}$")
"""A signature in initials: ``H.J.``, ``J. W.``."""
_POSTSCRIPT_RE = regex(r"^\W*P\.\s?S\.")
"""A letter's postscript, set apart from the signature before it and the text after."""
_QUOTES = "\"'“”‘’«»"


def _short(p: Para, width: int | None) -> bool:
    limit = SHORT_SHARE * width if width else SHORT_UNWRAPPED
    return p.lines == 1 and len(p.text) < limit


_LIST_ITEM_RE = regex(r"^\(?\d{1,3}[.)]\s")


def _introduces(text: str) -> bool:
    """A paragraph ending in a colon or a dash introduces what is set apart after it."""
    return text.rstrip().endswith((":", "--", "\u2014"))


def _dateline(text: str) -> bool:
    return word_len(text) <= MAX_DATELINE_WORDS and bool(_DATE_RE.search(text))


def _set_apart(paras: Sequence[Para], i: int, width: int | None, lined: bool) -> bool:
    """Is paragraph ``i`` a line a book sets apart (verse, a dateline, a salutation…)?

    :param lined: paragraphs are separated by blank lines, so lines with none between
        them are verse (in single-newline text every paragraph has none).
    """
    p = paras[i]
    text = p.text.strip()
    if _POSTSCRIPT_RE.match(text):
        return True
    if not _short(p, width) and not (text[:1] == "[" and text[-1:] == "]"):
        return _SALUTATION_RE.match(text) is not None
    run = lined and (
        (i + 1 < len(paras) and paras[i + 1].gap == 0 and _short(paras[i + 1], width))
        or (p.gap == 0 and i > 0 and _short(paras[i - 1], width)))
    bare = text.strip(_QUOTES)
    displayed = i > 0 and _introduces(paras[i - 1].text)  # "… a single word--" then RACHE.
    listed = p.gap == 0 and _LIST_ITEM_RE.match(text) is not None
    return (run or displayed or listed or _dateline(text)
            or _SALUTATION_RE.match(text) is not None
            or _VALEDICTION_RE.match(text) is not None
            or _INITIALS_RE.match(bare.strip()) is not None
            or (is_signature(bare) and len(bare.split()) <= 4 and bare != text)
            or (text[:1] == "[" and text[-1:] == "]")
            or (text[:1] == "_" and text.rstrip(".")[-1:] == "_")
            or (is_signature(text) and len(text.split()) <= 4))


def _opening(paras: Sequence[Para], d: int, width: int | None, lined: bool,
             skip: frozenset[int]) -> bool:
    """Only set-apart lines (an address, a greeting) stand between a heading and ``d``."""
    k = d - 1
    while k >= 0 and k not in skip:
        if not _set_apart(paras, k, width, lined):
            return False
        k -= 1
    return True


def _dateline_gap(paras: Sequence[Para], i: int, width: int | None, lined: bool,
                  skip: frozenset[int], wide: set[int]) -> bool | None:
    """For a wide gap next to a dateline: is it layout (True), a break (False)? ``None``: no
    dateline there. A dated entry is one break, however many gaps surround its date."""
    for d in (i, i - 1):
        text = paras[d].text
        if d in skip or not _dateline(text):
            continue
        if text[:1] in _QUOTES + "_*" or _opening(paras, d, width, lined, skip):
            return True  # a letter read out, or the date that opens a chapter's letter
        return d == i - 1 and d in wide  # the gap after a date already set apart before it
    return None


def layout_gaps(paras: Sequence[Para], ornament: Sequence[bool], gaps: GapStats,
                width: int | None, skip: frozenset[int]) -> tuple[frozenset[int], list[Decision]]:
    """Paragraphs whose wide gap before them is layout; with the decisions.

    :param skip: headings and their title lines (their gaps are not scene gaps).
    """
    wide = [i for i in range(1, len(paras)) if gaps.is_wide(paras[i].gap) and i not in skip
            and i - 1 not in skip and not ornament[i] and not ornament[i - 1]]
    inner_ornaments = sum(1 for i in range(1, len(paras) - 1) if ornament[i] and i not in skip)
    lined = gaps.normal > 0
    found: set[int] = set()
    decisions: list[Decision] = []
    for i in wide:
        reason = ""
        dated = _dateline_gap(paras, i, width, lined, skip, set(wide))
        if inner_ornaments >= MIN_ORNAMENT_BREAKS:
            reason = "the text marks its scene breaks with ornament lines; this gap is spacing"
        elif dated is not None:
            reason = "extra space around a letter's date" if dated else ""
        elif (_introduces(paras[i - 1].text) or _set_apart(paras, i - 1, width, lined)
              or _set_apart(paras, i, width, lined)):
            reason = "extra space around verse, a letter's greeting or signature, a quotation"
        if reason:
            found.add(i)
            decisions.append(decision("layout.verse-gap", paras[i].line, reason,
                                      paras[i].text[:40]))
    return frozenset(found), decisions
