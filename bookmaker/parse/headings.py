"""Chapter and part headings, judged with the evidence a reader uses.

A heading stands alone on its line; keyword headings (``Chapter 1: Crushed``,
``CHAPTER I.``, ``Partners: Chapter 1``, ``Part One: Winter``), special ones
(``Prologue``, ``Epilogue``, ``Interlude``) and Markdown headings count on their
own; bare numbers (``1.``, ``IV``, ``~1~``) only when they form a sequence in one
style and no worded headings exist. A run of headings with nothing between them
at the top is a contents list, not empty chapters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from bookmaker.model import Decision
from bookmaker.parse import vocab
from bookmaker.parse.breaks import gap_stats
from bookmaker.parse.codes import decision
from bookmaker.parse.contents import Contents, find_contents
from bookmaker.parse.hints import ParseHints
from bookmaker.parse.labels import (
    end_marker,
    is_quoted,
    is_title_like,
    match_label,
    strip_decoration,
)
from bookmaker.parse.lines import Para
from bookmaker.parse.numbers import NUMBER_PATTERN, ORDINAL_PATTERN, ordinal_value, to_int
from bookmaker.parse.words import CJK_CHAR
from bookmaker.patterns import regex

__all__ = ["HeadingMatch", "Heading", "Headings", "match_heading", "find_headings"]


@dataclass(frozen=True)
class HeadingMatch:
    """What one line says as a heading."""

    kind: str
    """``"chapter"`` or ``"part"``."""
    label: str
    """The heading as shown, minus decoration (and minus a story-title prefix)."""
    title: str | None
    """The chapter's own title, if the line has one."""
    number: int | None
    """The number, words and Roman numerals converted."""
    strength: str
    """``"keyword"``, ``"special"``, ``"markdown"``, ``"bare"``, ``"contents"`` or
    ``"sidecar"``; ``"sequence"`` (the number the others were missing) or ``"capitals"``
    (a title in capitals set apart by a wide gap)."""
    style: str = ""
    """Shape of the line, for checking that headings share one style."""
    prefix: str | None = None
    """Text before the keyword (``Partners`` in ``Partners: Chapter 1``)."""
    level: int = 0
    """Markdown level (1 for ``#``), 0 otherwise."""
    marker: str | None = None
    """A footnote marker after the heading (``[6]``), kept apart from label and title."""


@dataclass(frozen=True)
class Heading:
    """An accepted heading at paragraph ``index``."""

    index: int
    """Index of the heading paragraph."""
    match: HeadingMatch
    """What the line says."""
    title_index: int | None = None
    """Index of the next paragraph when it is the heading's title (``CHAPTER I.``, then
    ``The Fall``)."""
    reason: str = ""
    """Why it was accepted."""
    code: str = "heading.keyword"
    """Its decision code (:mod:`bookmaker.parse.codes`)."""
    extra: tuple[int, ...] = ()
    """Lines under it that belong to the heading, not the prose (a site's own chapter
    title line in FanFicFare's text output)."""


@dataclass(frozen=True)
class Headings:
    """All headings of a story and what was decided about heading-like lines."""

    chapters: tuple[Heading, ...]
    """Chapter and part headings in source order (parts have ``match.kind == "part"``)."""
    contents: frozenset[int] = frozenset()
    """Paragraph indexes of a contents list (front matter)."""
    title_index: int | None = None
    """A Markdown top-level heading that is the story's title."""
    underlines: frozenset[int] = frozenset()
    """Setext underline paragraphs (``=====`` under a heading)."""
    decisions: tuple[Decision, ...] = ()
    """Accepted and rejected candidates, with reasons."""


_KW_EN = r"chapter|chap\.?|ch\.?|part|book|volume|vol\.|section|act|episode|stave"
_SPECIAL_EN = (r"prologue|epilogue|interlude|afterword|foreword|preface|introduction|omake|coda|"
               r"postscript|bonus chapter|extra chapter|side story")
_SEPS = ":\\-\u2013\u2014|,\uff1a"
_PREFIX = rf"(?:(?P<prefix>[^{_SEPS}]{{1,80}}?)\s*[{_SEPS}]+\s*)?"


@cache
def _patterns(langs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The keyword and special-heading patterns: English and the active languages' words."""
    words = vocab.active()
    kw = "|".join(w for w in (words.chapter, words.part, _KW_EN) if w)
    number = f"(?:{words.number}|{NUMBER_PATTERN})" if words.numbers else NUMBER_PATTERN
    keyword = regex(  # "Chapter 12", "Chapter the First", and "Second Act"
        rf"^{_PREFIX}(?P<label>(?:(?P<kw>{kw})\s*(?P<num>{number}|the\s+{ORDINAL_PATTERN})"
        rf"|(?:the\s+)?(?P<ord>{ORDINAL_PATTERN})\s+(?P<okw>{_KW_EN}))(?![\w'])"
        r"(?:\s*(?:of|/)\s*\d+\b)?)(?P<rest>.*)$",
        re.I | re.S,
    )
    special_words = "|".join(w for w in (words.special, _SPECIAL_EN) if w)
    special = regex(
        rf"^{_PREFIX}(?P<label>(?P<kw>{special_words})"
        r"(?:\s+(?P<num>\d{1,3}|[ivx]{1,5}))?)(?![\w'])(?P<rest>.*)$",
        re.I | re.S,
    )
    return keyword, special


def _keyword_re() -> re.Pattern[str]:
    return _patterns(vocab.active().langs)[0]


def _special_re() -> re.Pattern[str]:
    return _patterns(vocab.active().langs)[1]


def _number(num: str) -> int | None:
    """A heading's number: English words, digits, Roman, or an active language's words."""
    value = to_int(num)
    if value is None:  # "Chapter the First", "First Act"
        value = ordinal_value(num.lower().removeprefix("the "))
    return value if value is not None else vocab.active().numbers.get(num.lower())


def _part_word(kw: str) -> bool:
    words = vocab.active()
    return kw in _PART_KW or (bool(words.part) and re.fullmatch(words.part, kw, re.I) is not None)


_BARE_RE = regex(rf"^(?P<num>{NUMBER_PATTERN})(?P<dot>[.):]?)$", re.I)
_MARKDOWN_RE = regex(r"^(?P<hashes>#{1,6})\s+(?P<content>.+?)\s*#*\s*$")
# Words any long heading line holds (a quick filter before the full patterns).
_HINTS = ("chap", "ch.", "stave", "part", "book", "vol", "section", "act", "episode", "prologue",
          "epilogue", "interlude", "afterword", "foreword", "preface", "introduction", "omake",
          "coda", "postscript", "bonus", "extra", "side story")
_PART_KW = {"part", "book", "volume", "vol.", "act"}
MAX_DOTTED_TITLE_WORDS = 8
"""A heading's title this long that ends with a full stop is a sentence about it."""
_SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from as".split())
BARE_ALONE_TOP = 40
"""A single bare ``1`` counts as a heading only this near the top (a oneshot's "1")."""
_CODE_REASON = {
    "sidecar": ("heading.sidecar", "sidecar"),
    "bare": ("heading.bare-sequence", "a number alone on its line, in sequence with the others"),
    "markdown": ("heading.markdown", ""),
    "special": ("heading.special", ""),
    "keyword": ("heading.keyword", "a heading word with a number, alone on its line"),
    "contents": ("heading.contents-match", "named by an entry of the contents list"),
    "capitals": ("heading.capitals", "a line in capitals set apart by a wider gap than the "
                 "text's paragraphs, as its other such lines are (chapter titles without words "
                 "or numbers)"),
    "sequence": ("heading.sequence-gap", "a heading word with the number missing between the "
                 "headings around it (its long title reads like a sentence)"),
}
# "Chapter 12: The End" is a chapter titled "The End", not an end marker.
_TITLED_END_RE = regex(r"^\W*(?:chapter|part)\s+\w+\s*[:.\-\u2013\u2014]\s*the end\W*$", re.I)
_FOOTNOTE_RE = regex(r"\s*(\[\d{1,3}\])$")
_TITLE_SEP = regex(r"^\s*[:.\-\u2013\u2014)~|,=\uff1a]+\s*")


def _rest_title(rest: str, sentence: bool = False) -> tuple[bool, str | None]:
    """Judge the text after ``Chapter N``: ``(ok, title)``; ``sentence``: a long title that
    ends with a full stop may still be one (the numbering vouches for the heading)."""
    if not rest.strip():
        return True, None
    if rest[:1] not in " \t(\u3000" and not _TITLE_SEP.match(rest):
        return False, None
    if _TITLE_SEP.match(rest):
        raw = _TITLE_SEP.sub("", rest, count=1)
        title = strip_decoration(raw).strip(" .")
        if raw.rstrip().endswith((",", ";")):
            return False, None  # "Postscript.—I did not tell you that Blandly,": a sentence
        if not sentence and raw.rstrip(" _*").endswith(".") \
                and len(title.split()) > MAX_DOTTED_TITLE_WORDS \
                and sum(1 for w in title.split() if w.islower() and w not in _SMALL_WORDS) >= 2:
            return False, None  # "Part II, The Country …, deals much with …": a sentence
        return (len(title.split()) <= 25, title or None)
    body = rest.strip()
    if body.startswith("("):
        return True, body.strip("() ") or None
    if is_title_like(body, 10) and body.lstrip("¡¿")[:1].isupper() and not body.endswith("."):
        return True, strip_decoration(body)
    return False, None


def _style(core: str, text: str, num: str) -> str:
    kind = "d" if num.isdigit() else ("w" if to_int(num) is not None and num.isalpha()
                                      and not re.fullmatch(r"[ivxlcdm]+", num, re.I) else "r")
    left = text[: len(text) - len(text.lstrip(" *_~=#-[](){}<>|•·+"))]
    right = text[len(text.rstrip(" *_~=#-[](){}<>|•·+")):]
    return f"{left.strip()}|{kind}|{core[-1] if core[-1] in '.):' else ''}|{right.strip()}"


def _hinted(text: str) -> bool:
    low = text.lower()
    return low.startswith("#") or any(h in low for h in _HINTS) or any(
        h in low for h in vocab.active().hints)


def match_heading(text: str, sentence: bool = False) -> HeadingMatch | None:
    """Read ``text`` (one stand-alone line) as a heading, or ``None``; ``sentence``: its
    title may read like a sentence (see :func:`_rest_title`)."""
    if len(text) > 120 or (len(text) > 30 and not _hinted(text)):
        return None
    if is_quoted(text) or (end_marker(text) and not _TITLED_END_RE.match(text)):
        return None
    md = _MARKDOWN_RE.match(text)
    level = len(md.group("hashes")) if md else 0
    core = strip_decoration(md.group("content") if md else text)
    note = _FOOTNOTE_RE.search(core)
    if note:
        core = core[: note.start()]
    if not core:
        return None
    found = _match_core(core, text, level, sentence)
    return replace(found, marker=note.group(1)) if found and note else found


def _match_core(core: str, text: str, level: int, sentence: bool = False
                ) -> HeadingMatch | None:
    """:func:`match_heading` on the line without Markdown marks and footnote marker."""
    probe = core.translate(vocab.FULLWIDTH_DIGITS)
    for pattern, strength in ((_keyword_re(), "keyword"), (_special_re(), "special")):
        m = pattern.match(probe)
        if not m:
            continue
        groups = m.groupdict()
        num, kw = groups["num"] or groups.get("ord"), groups["kw"] or groups.get("okw") or ""
        if groups.get("ord") and not all(w[:1].isupper() for w in
                                         probe[m.start("ord"):m.end("okw")].split()):
            continue  # "Second Act" is a heading; "the second act was …" a sentence
        number = _number(num) if num else None
        if num and number is None:
            continue
        cjk = bool(CJK_CHAR.match(kw))
        ok, title = _cjk_title(m.group("rest")) if cjk else _rest_title(m.group("rest"),
                                                                           sentence)
        prefix = m.group("prefix")
        if not ok or (prefix and not is_title_like(prefix, 10)):
            continue
        label = core[m.start("label"):].strip()
        label = label.rstrip(" .:") if title is None else label
        kw = kw.lower()
        kind = "part" if _part_word(kw) else "chapter"
        style = f"{strength}:{kw}"
        return HeadingMatch(kind, label, title, number, strength, style,
                            prefix.strip() if prefix else None, level)
    counted = cjk_heading(core, text, level)
    if counted is not None:
        return counted
    m = _BARE_RE.match(probe)
    if m and not level:
        number = to_int(m.group("num"))
        if number is not None and not (m.group("num").isalpha() and len(m.group("num")) == 1
                                       and m.group("num").lower() not in "ivx"):
            label = core.rstrip(".):")
            return HeadingMatch("chapter", label, None, number, "bare", _style(core, text, label))
        return None
    if level:
        return HeadingMatch("chapter", core, core, None, "markdown", f"markdown:{level}",
                            None, level)
    return None


_CJK_REST_SEP = regex(r"^[\s\u3000:\uff1a\u3001.\uff0e\-\u2014\u2015\u30fb]*")
_CJK_SENTENCE = regex(r"[\u3002\uff01\uff1f\u3001,.!?]$|\u3002")
MAX_CJK_TITLE = 30
"""A CJK heading's title is a phrase, not a sentence."""
MAX_CAPITAL_TITLE = 100
"""A capital title under its heading may be wrapped over two lines up to this length."""
MAX_CJK_NEXT_TITLE = 20
"""A CJK title on the line under its heading is shorter still (a first line of prose is not)."""
_KANJI_BARE = regex(r"^[\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b"
                    r"\u4e5d\u5341\u767e]{1,4}$")


def _cjk_title(rest: str) -> tuple[bool, str | None]:
    """The title after ``第一章``: ``(ok, title)``; a sentence after it is not a heading."""
    title = strip_decoration(_CJK_REST_SEP.sub("", rest, count=1))
    if not title:
        return True, None
    if len(title) > MAX_CJK_TITLE or _CJK_SENTENCE.search(title):
        return False, None
    return True, title


def cjk_heading(core: str, text: str, level: int) -> HeadingMatch | None:
    """``第十二章　港``, ``제3장``, ``3화``, a bare ``十二``, a part ``上　先生と私``."""
    words = vocab.active()
    if words.cjk is None:
        return None
    m = words.cjk.match(core)
    if m:
        number = vocab.cjk_int(m.group("num"))
        ok, title = _cjk_title(m.group("rest"))
        if number is None or not ok:
            return None
        kw = m.group("kw")
        kind = "part" if vocab.part_counter(kw) else "chapter"
        label = core if title else m.group("label").strip()
        return HeadingMatch(kind, label, title, number, "keyword", f"keyword:{kw}", None, level)
    if _KANJI_BARE.match(core) and not level:
        return HeadingMatch("chapter", core, None, vocab.cjk_int(core), "bare",
                            _style(core, text, "0").replace("|d|", "|k|"))
    head, _, title = re.sub(r"\s+", " ", core).partition(" ")
    if head in words.part_words and title.strip() and _cjk_title(title)[0]:
        return HeadingMatch("part", core, title.strip(), None, "keyword", "keyword:part-word",
                            None, level)
    return None


def _next_line_title(paras: Sequence[Para], i: int, candidates: dict[int, HeadingMatch]) -> bool:
    """Is paragraph ``i + 1`` the title of the number-only heading at ``i``?"""
    if i + 2 >= len(paras) or i + 1 in candidates:
        return False
    nxt = paras[i + 1]
    text = nxt.text
    capital = nxt.lines == 2 and text.isupper() and len(text) <= MAX_CAPITAL_TITLE
    if (nxt.lines > 1 and not capital) or nxt.gap > 2 or not is_title_like(
            text, 16 if capital else 8) or (len(text) > 60 and not capital):
        return False
    if text[-1:] in "!?" or match_label(text) is not None:
        return False
    if CJK_CHAR.match(text):  # no capitals to go by: a short phrase, not a sentence
        return len(text) <= MAX_CJK_NEXT_TITLE and _cjk_title(text) == (True, text)
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    if not words or not words[0][0].isupper():
        return False
    if text.isupper():
        return True
    long_words = [w for w in words if len(w) >= 4] or words
    return sum(1 for w in long_words if w[0].isupper()) >= 0.6 * len(long_words)


def _candidates(paras: Sequence[Para], hints: ParseHints, standalone_ok: Sequence[bool],
                decisions: list[Decision]) -> dict[int, HeadingMatch]:
    """Every paragraph that reads as a heading on its own (sidecar hints win)."""
    candidates: dict[int, HeadingMatch] = {}
    for i, p in enumerate(paras):
        if p.line in hints.not_headings:
            if standalone_ok[i] and match_heading(p.text):
                decisions.append(decision("heading.not-sidecar", p.line, "sidecar", p.text[:80]))
            continue
        if p.line in hints.headings:
            forced = match_heading(p.text) or HeadingMatch(
                "chapter", strip_decoration(p.text)[:200] or p.text[:200], None, None, "sidecar")
            candidates[i] = replace(forced, strength="sidecar")
            continue
        if standalone_ok[i]:
            found_here = match_heading(p.text)
            if found_here is not None:
                candidates[i] = found_here
    return candidates


def _sequence_gaps(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                   standalone_ok: Sequence[bool]) -> None:
    """Take back a heading the sentence test turned down when its number is the one missing
    between two headings of its style: ``Chapter 3: …``, then ``Chapter 4: 1320, from the
    letters of Jen Snuth. Modernized for clarity.``, then ``Chapter 5: …``. The sequence
    vouches for it, and a lone line between is what a chapter of its own would leave."""
    keyed = [i for i in sorted(candidates) if candidates[i].strength == "keyword"
             and candidates[i].kind == "chapter" and candidates[i].number is not None]
    for a, b in itertools.pairwise(keyed):
        before, after = candidates[a], candidates[b]
        if before.style != after.style or after.number != (before.number or 0) + 2:
            continue
        found = [(i, m) for i in range(a + 1, b) if standalone_ok[i]
                 and (m := _numbered_line(paras[i].text, before)) is not None]
        if len(found) == 1:
            i, m = found[0]
            candidates[i] = m


def _sequence_missing(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                      decisions: list[Decision]) -> None:
    """Report a number the headings of one style skip (``hapter 6:`` misspelt between 5 and
    7 runs into chapter 5): the reader can name the line in the sidecar."""
    keyed = [i for i in sorted(candidates) if candidates[i].kind == "chapter"
             and candidates[i].strength in ("keyword", "sequence")
             and candidates[i].number is not None]
    for a, b in itertools.pairwise(keyed):
        before, after = candidates[a], candidates[b]
        gap = (after.number or 0) - (before.number or 0)
        if before.style == after.style and 1 < gap <= 3:
            missing = ", ".join(str((before.number or 0) + k) for k in range(1, gap))
            decisions.append(decision(
                "heading.sequence-missing", paras[b].line,
                f"numbered {after.number} after {before.number}: no heading numbered {missing} "
                "was found between them (misspelt, or run into the text? a sidecar "
                "'headings' line can name it)", paras[b].text[:80]))


def _numbered_line(text: str, like: HeadingMatch) -> HeadingMatch | None:
    """``text`` as a titled heading of ``like``'s style and the next number, even when its
    title reads like a sentence."""
    m = match_heading(text, sentence=True)
    if m is None or m.style != like.style or m.prefix or m.title is None \
            or m.number != (like.number or 0) + 1:
        return None
    return replace(m, strength="sequence")


def _titles_under_numbers(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                          hints: ParseHints) -> None:
    """``I.`` with ``Introduction`` on the very next line: one heading and its title, not
    two headings (the title word reads as a heading of its own, and left the chapter the
    number opens empty)."""
    for i in sorted(candidates):
        m, nxt = candidates.get(i), candidates.get(i + 1)
        if (m is not None and nxt is not None and nxt.strength == "special" and nxt.number is None
                and m.kind == "chapter" and m.title is None and m.number is not None
                and m.strength in ("keyword", "bare") and paras[i + 1].gap == 0
                and paras[i + 1].line not in hints.headings):
            del candidates[i + 1]


MIN_CAPITAL_HEADINGS = 3
"""Lines in capitals set apart by wide gaps a text needs before they are its headings."""
MIN_CAPITAL_WORDS = 60
"""Words of text each of them must stand before (a chapter, not a list or a letter's lines)."""


def _capital_lines(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                   standalone_ok: Sequence[bool]) -> None:
    """A text with no worded or numbered headings whose chapters open with a title in
    capitals (``STORY OF THE DOOR``), each after a gap wider than the text's paragraphs
    have: those lines are its headings, when there are several and prose follows each."""
    if len(paras) < 20 or any(m.strength != "special" for m in candidates.values()):
        return  # (a Preface or an Introduction may stand before such chapters)
    normal = gap_stats(p.gap for p in paras[1:]).normal
    lines = [i for i in range(1, len(paras)) if standalone_ok[i] and i not in candidates
             and paras[i].gap > normal
             and paras[i].gap >= 2 and _capital_title(paras[i].text)
             and i + 1 < len(paras) and paras[i + 1].gap <= paras[i].gap]
    if len(lines) < MIN_CAPITAL_HEADINGS:
        return
    ends = [*lines[1:], len(paras)]
    kept = [i for i, end in zip(lines, ends, strict=True) if _COPYRIGHT.search(paras[i].text)
            is None and sum(len(p.text.split()) for p in paras[i + 1:end]) >= MIN_CAPITAL_WORDS]
    if len(kept) >= MIN_CAPITAL_HEADINGS:
        for i in kept:
            title = strip_decoration(paras[i].text).rstrip(".")
            candidates[i] = HeadingMatch("chapter", title, title, None, "capitals", "capitals")


_COPYRIGHT = regex(r"\bcopyright|\(c\)|©|\ball rights\b", re.I)


def _capital_title(text: str) -> bool:
    """A short title in capitals (``THE CANDY PULLING``, ``BUNK CITY.``), not a shout."""
    core = strip_decoration(text).rstrip(".")
    letters = [c for c in core if c.isalpha()]
    return (len(letters) >= 3 and all(c.isupper() for c in letters) and len(core.split()) <= 10
            and not is_quoted(core) and core[-1:] not in "!?" and is_title_like(text, 10))


def _setext(paras: Sequence[Para], candidates: dict[int, HeadingMatch]) -> set[int]:
    """Setext headings: a title-like line underlined with === or ---; returns the underlines."""
    underlines: set[int] = set()
    for i in range(len(paras) - 1):
        nxt = paras[i + 1]
        if (nxt.gap == 0 and re.fullmatch(r"={3,}|-{3,}", nxt.text) and paras[i].lines == 1
                and is_title_like(paras[i].text) and i not in candidates):
            level = 1 if nxt.text[0] == "=" else 2
            candidates[i] = match_heading("#" * level + " " + paras[i].text) or HeadingMatch(
                "chapter", paras[i].text, paras[i].text, None, "markdown", f"markdown:{level}",
                None, level)
            underlines.add(i + 1)
    return underlines


def _markdown_levels(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                     decisions: list[Decision]) -> int | None:
    """The story title among Markdown headings (returned), and deeper headings dropped."""
    title_index: int | None = None
    md = [i for i in sorted(candidates) if candidates[i].level]
    if not md:
        return None
    top = min(candidates[i].level for i in md)
    tops = [i for i in md if candidates[i].level == top]
    first = tops[0]
    if (len(tops) == 1 and first == md[0] and candidates[first].strength == "markdown"
            and (len(md) > 1 or len(candidates) == 1)):
        title_index = first
        decisions.append(decision("title.markdown", paras[first].line,
                                  "the only top-level Markdown heading, first: the story's title",
                                  paras[first].text))
        del candidates[first]
        md.remove(first)
    if md:
        chapter_level = min(candidates[i].level for i in md)
        for i in md:
            m = candidates[i]
            if m.level > chapter_level and m.kind == "chapter":
                decisions.append(decision("heading.not-deeper", paras[i].line,
                                          "a deeper Markdown heading inside a chapter",
                                          paras[i].text[:80]))
                del candidates[i]
    return title_index


def _bare_chain(style_group: list[int], candidates: dict[int, HeadingMatch]) -> set[int]:
    """The bare numbers of one style that count 1, 2, 3… (at least two, or one near the top)."""
    chain: list[int] = []
    expected: int | None = None
    numbers = [candidates[i].number for i in style_group]
    for k, i in enumerate(style_group):
        n = numbers[k]
        if expected is None and n in (0, 1):
            chain, expected = [i], (n or 0) + 1
        elif expected is not None and (n == expected or (
                k + 1 < len(numbers) and numbers[k + 1] == expected + 1)):
            chain.append(i)  # in sequence, or a misprint (XXVII for XVII) the next one confirms
            expected += 1
    keep = set(chain) if len(chain) >= 2 or (chain and chain[0] < BARE_ALONE_TOP) else set()
    # numbers with no text between them are a list, not headings
    return {i for i in keep if i + 1 not in keep and i - 1 not in keep}


def _bare_numbers(paras: Sequence[Para], candidates: dict[int, HeadingMatch],
                  decisions: list[Decision]) -> None:
    """Keep bare numbers only when no heading is worded and they form a sequence."""
    worded = any(m.strength in ("keyword", "markdown", "sidecar") and m.kind == "chapter"
                 for m in candidates.values())
    bare = [i for i in sorted(candidates) if candidates[i].strength == "bare"]
    if bare and worded:
        for i in bare:
            decisions.append(decision("heading.not-bare-worded", paras[i].line,
                                      "other headings are worded; a bare number is not one of them",
                                      paras[i].text[:80]))
            del candidates[i]
        return
    groups: dict[str, list[int]] = {}
    for i in bare:
        groups.setdefault(candidates[i].style, []).append(i)
    for style_group in groups.values():
        keep = _bare_chain(style_group, candidates)
        for i in style_group:
            if i not in keep:
                decisions.append(decision("heading.not-bare-sequence", paras[i].line,
                                          "a bare number out of sequence with the others",
                                          paras[i].text[:80]))
                del candidates[i]


def _contents(paras: Sequence[Para], candidates: dict[int, HeadingMatch], titled: dict[int, int],
              decisions: list[Decision]) -> set[int]:
    """A run of headings with nothing between them at the top is a contents list."""
    contents: set[int] = set()
    order = sorted(candidates)
    if len(order) < 2:
        return contents

    def key(i: int) -> object:
        m = candidates[i]
        return (m.kind, m.number) if m.number is not None else m.label.lower()

    run = [order[0]]
    seen = {key(order[0])}
    for i in order[1:]:
        if i != titled.get(run[-1], run[-1]) + 1 or key(i) in seen:
            break
        run.append(i)
        seen.add(key(i))
    later = {key(i) for i in order[len(run):]}
    repeats = any(key(i) in later for i in run)
    before = paras[run[0] - 1].text if run[0] else ""
    lab = match_label(before) if before else None
    opening_part = len(run) == 2 and candidates[run[0]].kind == "part" and \
        candidates[run[1]].kind == "chapter"  # "PART I." then its "CHAPTER I."
    if len(run) >= 2 and not opening_part and (
            len(run) >= 3 or repeats or (lab and lab.kind == "contents")):
        for i in run:
            contents.add(i)
            if i in titled:
                contents.add(titled.pop(i))
            del candidates[i]
        decisions.append(decision("heading.contents", paras[run[0]].line,
                                  f"{len(run)} headings in a row with no text between: "
                                  "a contents list", paras[run[0]].text[:80]))
    return contents


def _accept(candidates: dict[int, HeadingMatch], titled: dict[int, int]) -> list[Heading]:
    has_chapters = any(m.kind == "chapter" for m in candidates.values())
    found: list[Heading] = []
    for i in sorted(candidates):
        m = candidates[i]
        if m.kind == "part" and not has_chapters:
            m = replace(m, kind="chapter")
        code, reason = _CODE_REASON[m.strength]
        if m.strength == "markdown":
            reason = f"a Markdown level-{m.level} heading"
        elif m.strength == "special":
            reason = f"'{m.label.split()[0]}' alone on its line"
        if m.kind == "part":
            code = "heading.part"
        if i in titled:
            reason += "; the short line after it is its title"
        found.append(Heading(i, m, titled.get(i), reason, code))
    return found


_WORD_NUMBER_TITLE = regex(
    rf"^(?P<word>[^\W\d_]+)\s+(?P<num>{NUMBER_PATTERN})[.:]\s+(?P<rest>\S.*)$", re.I)
_WORD_NUMBER = regex(rf"^(?P<word>[^\W\d_]+)\s+(?P<num>{NUMBER_PATTERN})\.?$", re.I)


def _entry_heading(text: str, numbered: bool) -> HeadingMatch:
    """What a heading the contents list names says (label, title, number)."""
    if numbered:  # a number line; its title is the next line
        m = match_heading(text)
        if m is not None:
            return replace(m, strength="contents")
        return HeadingMatch("chapter", text, None, to_int(text.strip(" .")), "contents")
    m = match_heading(text) if len(text) <= 120 else None
    if m is not None and m.strength != "markdown":
        return replace(m, strength="contents")
    core = text.strip(" #")
    first = core.split(" ", 1)[0].lower().rstrip(":.,")
    if _keyword_re().match(core) or _special_re().match(core) or first in _HEADING_WORDS:
        kind = "part" if _part_word(first) else "chapter"
        return HeadingMatch(kind, core, None, None, "contents")
    wn = _WORD_NUMBER.match(core)
    if wn:  # "Letter 1": a heading word the patterns do not know, with its number
        return HeadingMatch("chapter", core, None, to_int(wn.group("num")), "contents")
    wt = _WORD_NUMBER_TITLE.match(core)
    if wt and to_int(wt.group("num")) is not None:  # "ADVENTURE I. THE BLUE LAMP"
        return HeadingMatch("chapter", core, wt.group("rest"), to_int(wt.group("num")),
                            "contents")
    return HeadingMatch("chapter", core, core, None, "contents")


_HEADING_WORDS = {"chapter", "prologue", "epilogue", "interlude", "part", "book", "volume",
                  "act", "stave", "letter", "section", "episode"}


_SUBHEADING_RE = regex(r"^#{1,6}\s+\S")
MAX_SUBHEADING_GAP = 3
"""A site's title line sits this close under the heading the contents list names."""


def _contents_headings(paras: Sequence[Para], contents: Contents,
                       candidates: dict[int, HeadingMatch], decisions: list[Decision],
                       extras: dict[int, tuple[int, ...]]) -> dict[int, int]:
    """Headings named by a trusted contents list join the candidates; bare numbers and
    Markdown lines it does not name are dropped (an Epilogue it omits stays)."""
    for i in contents.indexes:
        candidates.pop(i, None)
    if not contents.trusted:
        return {}
    matched = {m.index for m in contents.matches}
    for i in sorted(candidates):
        if i not in matched and (candidates[i].strength in ("bare", "markdown")
                                 or candidates[i].level) \
                and candidates[i].kind == "chapter":  # worded headings it omits stay
            decisions.append(decision("heading.not-in-contents", paras[i].line,
                                      "the contents list does not name it", paras[i].text[:80]))
            del candidates[i]
    titled: dict[int, int] = {}
    for m in contents.matches:
        candidates[m.index] = _entry_heading(paras[m.index].text, m.title_index is not None)
        if m.title_index is not None:
            titled[m.index] = m.title_index
        below = (m.title_index if m.title_index is not None else m.index) + 1
        if below < len(paras) and below not in matched and paras[below].gap <= \
                MAX_SUBHEADING_GAP and _SUBHEADING_RE.match(paras[below].text):
            extras[m.index] = (below,)
            candidates.pop(below, None)
    return titled


def find_headings(paras: Sequence[Para], hints: ParseHints,
                  standalone_ok: Sequence[bool]) -> Headings:
    """Find chapter and part headings among ``paras``.

    :param standalone_ok: per paragraph, whether it may be a heading at all
        (one short line, not an ornament).
    """
    decisions: list[Decision] = []
    candidates = _candidates(paras, hints, standalone_ok, decisions)
    _titles_under_numbers(paras, candidates, hints)
    toc = find_contents(paras)
    extras: dict[int, tuple[int, ...]] = {}
    listed = _contents_headings(paras, toc, candidates, decisions, extras) if toc else {}
    underlines = _setext(paras, candidates)
    title_index = _markdown_levels(paras, candidates, decisions)
    _bare_numbers(paras, candidates, decisions)
    _sequence_gaps(paras, candidates, standalone_ok)
    _sequence_missing(paras, candidates, decisions)
    _capital_lines(paras, candidates, standalone_ok)
    titled = {i: i + 1 for i in sorted(candidates)
              if candidates[i].title is None
              and candidates[i].strength in ("keyword", "bare", "sidecar")
              and _next_line_title(paras, i, candidates)}
    titled.update(listed)
    contents = _contents(paras, candidates, titled, decisions)
    if toc:
        contents |= set(toc.indexes - {toc.label})
        decisions.append(decision("front.contents", paras[toc.label].line,
                                  f"a contents list of {len(toc.entries)} entries, "
                                  f"{len(toc.matches)} found as headings further on",
                                  paras[toc.label].text))
    found = [replace(h, extra=extras[h.index]) if h.index in extras else h
             for h in _accept(candidates, titled)]
    return Headings(tuple(found), frozenset(contents), title_index, frozenset(underlines),
                    tuple(decisions))
