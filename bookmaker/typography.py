"""Typography: an ordered list of named, pure, switchable text rules.

Each :class:`Rule` turns typewriter punctuation into typographic punctuation in
one string. :func:`smarten` runs all rules but the disabled ones over a string;
:func:`typeset` runs them over every text field of a Story and returns a new one.

URLs, e-mail addresses and feet-and-inches (``5'10"``) are protected: they are
swapped for private-use placeholder characters before the rules run and put back
afterwards, so ``http://a--b.com/x...y`` keeps its dashes and dots. Quotes are
decided per paragraph from the characters around them: a paragraph that opens a
quote and never closes it (speech running over several paragraphs) is normal.

Rules work across inline runs (:class:`~bookmaker.model.Text`): the rules that only
look at their own few characters (ellipses, dashes) run in each run, and the rules
decided by context (quotes, which keep the text's length) run over the whole paragraph
and are cut back at the runs' boundaries, so a quote opened before an ``<em>`` and
closed inside it curls the right way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from bookmaker.model import Block, Chapter, Part, Run, Story, Text, replace
from bookmaker.patterns import regex

__all__ = ["Rule", "RULES", "RULE_NAMES", "EMPHASIS_MARKS", "smarten", "smarten_runs",
           "typeset"]

LDQ, RDQ, LSQ, RSQ = "\u201c", "\u201d", "\u2018", "\u2019"
EM, EN, ELLIPSIS = "\u2014", "\u2013", "\u2026"

# Protected spans: URLs (minus trailing sentence punctuation), e-mail addresses,
# feet and inches.
_PROTECT = regex(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]}]"
    r"|\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b\d+'\d{1,2}(?:\.\d+)?\"?"
    "|[\U000f0000-\U000ffffd]"  # placeholder characters already in the text
)
_PUA_FIRST = 0xF0000  # supplementary private use area A: one code point per span
_PUA_SIZE = 0xFFFFD - _PUA_FIRST + 1
_PUA = regex("[\U000f0000-\U000ffffd]")
_PUA_FIRST_CHAR = chr(_PUA_FIRST)
_DIGIT_APOSTROPHE = regex(r"\d'")


def _may_protect(text: str) -> bool:
    """Whether ``text`` may hold a protected span: what each kind needs (``://``, ``www.``,
    ``@``, a digit before ``'``, a placeholder character). Most paragraphs have none, and
    the full pattern tries an e-mail address at every word (a third of the typography's
    time); substring tests find that out ~2x faster than one pattern of the five."""
    return ("://" in text or "www." in text or "@" in text
            or ("'" in text and _DIGIT_APOSTROPHE.search(text) is not None)
            or (not text.isascii() and max(text) >= _PUA_FIRST_CHAR))


# Characters after which a quote opens.
_OPENING_CONTEXT = frozenset(" \t\n\u00a0\u202f([{<\u2014\u2013-/*_~" + LDQ + LSQ)
# Words that start with an apostrophe (elisions), not an opening single quote.
_ELISION = regex(
    r"'(?:em|til|tis|twas|twere|twill|twould|cause|cos|coz|cuz|bout|nuff|n|sup|scuse|"
    r"\d\ds?)(?!\w)",
    re.IGNORECASE,
)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or bool(_PUA.match(ch))


def _opens(prev: str) -> bool:
    return not prev or prev in _OPENING_CONTEXT or prev.isspace()


def _cjk(ch: str) -> bool:
    """A CJK character or punctuation mark: text without spaces, so quotes alternate."""
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
                         or "\uff00" <= ch <= "\uffef")


@dataclass(frozen=True)
class Rule:
    """A named, pure typography rule."""

    name: str
    """Stable name used to switch the rule off (``typography.disable``)."""
    description: str
    """What the rule does, for documentation and ``--help``."""
    transform: Callable[[str], str]
    """The raw string transform (without URL protection)."""
    contextual: bool = False
    """Decided by the characters around (and length-preserving): runs over a whole
    paragraph across its inline runs rather than in each run."""
    late: bool = False
    """Runs in each run after the contextual rules (it reads the quotes they made)."""

    def apply(self, text: str) -> str:
        """Apply the rule to ``text``, leaving URLs, e-mails and numbers alone."""
        return _with_protection(text, (self.transform,))


def _with_protection(text: str, transforms: Iterable[Callable[[str], str]]) -> str:
    """Run ``transforms`` over ``text`` with protected spans swapped out."""
    spans: list[str] = []

    def hide(m: re.Match[str]) -> str:
        spans.append(m.group())
        return chr(_PUA_FIRST + len(spans) - 1)

    protected = _PROTECT.sub(hide, text) if _may_protect(text) else text
    if len(spans) <= _PUA_SIZE:
        text = protected
    else:  # more spans than placeholders (pathological input): run unprotected
        spans = []
    for transform in transforms:
        text = transform(text)
    if spans:
        text = _PUA.sub(lambda m: spans[ord(m.group()) - _PUA_FIRST], text)
    return text


_SPACED_DOTS = regex(r"\.[ \u00a0]\.[ \u00a0]\.")
# Each dash pattern opens with its literal dashes and looks behind them after: a pattern
# that opens with a lookbehind is tried at every character (~20x slower).
_DASHES_BETWEEN_DIGITS = regex(r"--(?<=\d--)(?=\d)")
_DOUBLE_DASH = regex(r"--(?<!---)-?(?!-)")
_SPACED_HYPHEN = regex(r" - (?:(?<=[^\s\d-] - )(?=[^\s-])|(?<=\d - )(?=[^\s\d-]))")


def _ellipses(text: str) -> str:
    """``...`` and ``. . .`` become ``…``."""
    if "." not in text:
        return text
    text = _SPACED_DOTS.sub(ELLIPSIS, text)
    return text.replace("...", ELLIPSIS)


def _dashes(text: str) -> str:
    """``--``/``---`` become an em dash (an en dash between digits); `` - `` between words too."""
    if "-" not in text:
        return text
    text = _DASHES_BETWEEN_DIGITS.sub(EN, text)
    text = _DOUBLE_DASH.sub(EM, text)
    return _SPACED_HYPHEN.sub(f" {EM} ", text)


def _double_quotes(text: str) -> str:
    """Straight double quotes become curly, decided by context, per paragraph."""
    if '"' not in text:
        return text
    out: list[str] = []
    is_open = False
    last = 0
    for m in re.finditer('"', text):
        i = m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if _cjk(prev) or _cjk(nxt):
            quote = RDQ if is_open else LDQ  # no spaces to tell: open, close, open…
        elif _opens(prev):
            quote = (RDQ if is_open else LDQ) if not nxt or nxt.isspace() else LDQ
        elif is_open:
            quote = RDQ
        elif nxt and _is_word(nxt) and not _is_word(prev):
            quote = LDQ  # `said,"Hi` with the space missing
        elif prev.isdigit():
            quote = '"'  # inches: `a 12" ruler`
        else:
            quote = RDQ
        if quote != '"':
            is_open = quote == LDQ
        out.append(text[last:i])
        out.append(quote)
        last = i + 1
    out.append(text[last:])
    return "".join(out)


def _single_quotes(text: str) -> str:
    """Apostrophes, elisions (``'em``, ``'90s``) and single quotes become curly."""
    if "'" not in text:
        return text
    out: list[str] = []
    last = 0
    cjk_open = False
    for m in re.finditer("'", text):
        i = m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if _cjk(prev) or _cjk(nxt):
            quote, cjk_open = (RSQ, False) if cjk_open else (LSQ, True)
        elif (_opens(prev) or prev == '"') and nxt and not nxt.isspace() \
                and not _ELISION.match(text, i):
            quote = LSQ
        else:
            quote = RSQ  # apostrophe, elision or closing quote: the same glyph
        out.append(text[last:i])
        out.append(quote)
        last = i + 1
    out.append(text[last:])
    return "".join(out)


_ASCII_ELLIPSIS = regex(r"\.[ \u00a0]?\.[ \u00a0]?\.|\u2026")
NNBSP = "\u202f"
"""French puts a narrow no-break space inside « » and before ; : ! ?"""


@dataclass(frozen=True)
class Style:
    """A language's typographic conventions."""

    quotes: str = LDQ + RDQ + LSQ + RSQ
    """Outer open and close, inner open and close."""
    spacing: bool = False
    """Narrow no-break spaces inside guillemets and before ``; : ! ?`` (French)."""
    dialogue: bool = False
    """A paragraph opening with a hyphen or en dash is dialogue: an em dash."""
    ellipsis: str = ELLIPSIS
    """What three dots become (CJK: a two-em ellipsis)."""


STYLES: dict[str, Style] = {
    "en": Style(),
    "de": Style("\u201e\u201c\u201a\u2018"),
    "fr": Style("\u00ab\u00bb\u201c\u201d", spacing=True, dialogue=True),
    "es": Style("\u00ab\u00bb\u201c\u201d", dialogue=True),
    "pt": Style(dialogue=True),
    "pt-pt": Style("\u00ab\u00bb\u201c\u201d", dialogue=True),
    "it": Style("\u00ab\u00bb\u201c\u201d", dialogue=True),
    "ru": Style("\u00ab\u00bb\u201e\u201c", dialogue=True),
    "uk": Style("\u00ab\u00bb\u201e\u201c", dialogue=True),
    "pl": Style("\u201e\u201d\u00ab\u00bb", dialogue=True),
    "nl": Style(),
    "tr": Style(),
    "zh": Style(ellipsis=ELLIPSIS * 2),
    "zh-hant": Style("\u300c\u300d\u300e\u300f", ellipsis=ELLIPSIS * 2),
    "zh-tw": Style("\u300c\u300d\u300e\u300f", ellipsis=ELLIPSIS * 2),
    "ja": Style("\u300c\u300d\u300e\u300f", ellipsis=ELLIPSIS * 2),
    "ko": Style(),
}
"""Conventions by language tag (lower case; the primary subtag when the full tag is absent)."""


def style_of(lang: str | None) -> Style:
    """The conventions for a BCP 47 tag: ``pt-PT`` own, ``de-AT`` as ``de``, unknown as ``en``."""
    tag = (lang or "en").lower()
    return STYLES.get(tag) or STYLES.get(tag.split("-")[0]) or STYLES["en"]


def _language_quotes(style: Style) -> Callable[[str], str]:
    """English curly quotes (from the quote rules or the source) to the language's, nested."""
    table = str.maketrans(LDQ + RDQ + LSQ, style.quotes[:3])

    def transform(text: str) -> str:
        if not any(q in text for q in (LDQ, RDQ, LSQ)):
            return text
        out = list(text.translate(table))
        depth = 0  # inner quotes open: their closing ’ is the inner close, not an apostrophe
        for i, ch in enumerate(text):
            if ch == LSQ:
                depth += 1
            elif ch == RSQ and depth and not (i + 1 < len(text) and text[i + 1].isalpha()):
                out[i] = style.quotes[3]
                depth -= 1
        return "".join(out)
    return transform


_SPACE_BEFORE = regex(r"(?<=[^\s:;!?])[ \u00a0]?([;!?]+|:(?=\s|$))")
_SPACE_AFTER_OPEN = regex("\u00ab[ \u00a0]?")
_SPACE_BEFORE_CLOSE = regex("[ \u00a0]?\u00bb")


def _french_spacing(text: str) -> str:
    """``Oui !`` and ``« Non »`` with narrow no-break spaces (added when missing)."""
    if not any(c in text for c in ";:!?\u00ab\u00bb"):
        return text
    text = _SPACE_BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    text = _SPACE_AFTER_OPEN.sub("\u00ab" + NNBSP, text)
    return _SPACE_BEFORE_CLOSE.sub(NNBSP + "\u00bb", text)


_DIALOGUE_NEXT = "\"'\u201c\u2018\u00ab\u201e\u201a\u300c\u300e\u00bf\u00a1"
_DIALOGUE = regex(rf"^[-\u2013](?=\s?(?:[^\W\d_]|[{_DIALOGUE_NEXT}]))")
"""A hyphen opening a paragraph before a word, a quote or ¿ ¡ (not ``-5 degrees``)."""


def _dialogue_dash(text: str) -> str:
    """``- Hola`` / ``– Привет`` opening a paragraph: the em dash of dialogue."""
    return _DIALOGUE.sub(EM, text, count=1) if text[:1] in "-\u2013" else text


def _ellipsis_to(mark: str) -> Callable[[str], str]:
    def transform(text: str) -> str:
        if "." not in text and ELLIPSIS not in text:
            return text
        return re.sub(rf"(?:{_ASCII_ELLIPSIS.pattern})+", mark, text)
    return transform


_WJ = "\u2060"
"""WORD JOINER: no line break here, and nothing visible."""


def _word_joiners_for(style: Style) -> Callable[[str], str]:
    """An em dash holds on to a quote beside it (``—”``, ``“—``; in German ``—“``, ``„—``), so
    the quote never starts or ends a line alone (Standard Ebooks' rule); a space between
    them goes. It reads the language's quotes, so it runs after they are set."""
    opening, closing = style.quotes[0] + style.quotes[2], style.quotes[1] + style.quotes[3]
    dash_close = regex(f"{EM}[ \u00a0]?(?=[\"'{closing}])")
    open_dash = regex(f"([\"'{opening}])[ \u00a0]?{EM}")  # the quote kept: a pattern
    # opening with a lookbehind would be tried at every character

    def transform(text: str) -> str:
        if EM not in text:
            return text
        text = dash_close.sub(EM + _WJ, text)
        return open_dash.sub(r"\1" + _WJ + EM, text)
    return transform


@cache
def rules_for(lang: str | None = None) -> tuple[Rule, ...]:
    """The rules in the order they run, with ``lang``'s quotation marks and conventions."""
    style = style_of(lang)
    ellipses = _ellipses if style.ellipsis == ELLIPSIS else _ellipsis_to(style.ellipsis)
    return (
        Rule("ellipses", "three dots (or '. . .') become an ellipsis (CJK: '……')", ellipses),
        Rule("dashes", "'--' and a spaced ' - ' between words become an em dash "
                       "('--' between digits an en dash)", _dashes),
        Rule("double-quotes", "straight double quotes become curly quotes", _double_quotes, True),
        Rule("single-quotes", "apostrophes, elisions and single quotes become curly",
             _single_quotes, True),
        Rule("language-quotes", "quotation marks of the book's language, nested (de „…‚…‘“, "
             "fr/es/it/ru «…», ja 「…『…』」)",
             _language_quotes(style) if style.quotes != STYLES["en"].quotes else _same, True),
        Rule("dialogue-dashes", "a paragraph opening with '-' is dialogue: an em dash (es, pt, "
             "fr, it, ru, pl)", _dialogue_dash if style.dialogue else _same, True),
        Rule("word-joiners", "an em dash next to a quote is joined to it (no line break "
             "between)", _word_joiners_for(style), late=True),
        Rule("french-spacing", "narrow no-break spaces inside « » and before ; : ! ? (fr)",
             _french_spacing if style.spacing else _same, late=True),
    )


def _same(text: str) -> str:
    return text


RULES: tuple[Rule, ...] = rules_for("en")
"""The typography rules, in the order they run (English conventions)."""

EMPHASIS_MARKS = "emphasis-marks"
"""Switch for reading plain text's ``*x*``/``_x_`` marks as italics and bold
(:mod:`bookmaker.read.emphasis`, which runs before parsing is done): switched off with the
typography rules (``typography.disable = ["emphasis-marks"]`` keeps the marks as text)."""

RULE_NAMES: frozenset[str] = frozenset(r.name for r in RULES) | {EMPHASIS_MARKS}
"""Valid names for ``disabled``."""


def _check(disabled: Iterable[str]) -> None:
    unknown = set(disabled) - RULE_NAMES
    if unknown:
        raise ValueError(f"unknown typography rule(s): {', '.join(sorted(unknown))}")


def smarten(text: str, disabled: frozenset[str] = frozenset(), lang: str | None = None) -> str:
    """Apply every rule not in ``disabled`` to ``text``, in order, for language ``lang``.

    :raises ValueError: when ``disabled`` names an unknown rule.
    """
    _check(disabled)
    return _with_protection(text, [r.transform for r in rules_for(lang)
                                   if r.name not in disabled])


_LOCAL_CHARS = regex("\\.|-|\u2026")
"""Characters the local rules (ellipses, dashes) act on: a run without them is left as is."""
_CONTEXT_CHARS = regex("[\"'\u201c\u201d\u2018]|^[-\u2013]")
"""What the contextual rules act on: straight or English quotes, an opening dash."""
_LATE_CHARS = regex("[\u2014;:!?\u00ab\u00bb]")
"""What the late rules (word joiners, French spacing) act on."""


def smarten_runs(runs: tuple[Run, ...], disabled: frozenset[str] = frozenset(),
                 lang: str | None = None) -> tuple[Run, ...]:
    """Apply the rules to a paragraph's inline runs (see the module docstring)."""
    rules = [r for r in rules_for(lang) if r.name not in disabled and r.transform is not _same]
    local = [r.transform for r in rules if not r.contextual and not r.late]
    runs = tuple(r if r.br or "code" in r.marks or not _LOCAL_CHARS.search(r.text) else
                 replace(r, text=_with_protection(r.text, local)) for r in runs)
    if _CONTEXT_CHARS.search("".join(r.text for r in runs)):
        runs = _contextual(runs, [r.transform for r in rules if r.contextual])
    late = [r.transform for r in rules if r.late]
    return tuple(r if r.br or "code" in r.marks or not _LATE_CHARS.search(r.text) else
                 replace(r, text=_with_protection(r.text, late)) for r in runs)


def _contextual(runs: tuple[Run, ...], context: list[Callable[[str], str]]
                ) -> tuple[Run, ...]:
    """The contextual rules across the paragraph, cut back at the runs' boundaries."""
    joined = "".join(r.text for r in runs)
    smart = _with_protection(joined, context)
    if len(smart) != len(joined):  # a rule changed the length: fall back to each run alone
        return tuple(r if r.br else replace(r, text=_with_protection(r.text, context))
                     for r in runs)
    out: list[Run] = []
    pos = 0
    for r in runs:
        end = pos + len(r.text)
        out.append(r if r.br or "code" in r.marks else replace(r, text=smart[pos:end]))
        pos = end
    return tuple(out)


def _smarten_value(text: str, disabled: frozenset[str], lang: str | None) -> str:
    """A paragraph smartened; a :class:`Text` keeps its runs."""
    if isinstance(text, Text) and len(text.runs) > 1 or isinstance(text, Text) and text.marked:
        return Text("", smarten_runs(text.runs, disabled, lang))
    return smarten(text, disabled, lang)


def typeset(story: Story, disabled: frozenset[str] = frozenset(),
            lang: str | None = None) -> Story:
    """Return ``story`` with every text field smartened (title, authors, labels, text).

    ``lang`` (default: the story's ``language`` meta, else English) chooses the quotation
    marks and conventions. Metadata (``story.meta``) and decisions, which quote the source,
    are left as is.
    """
    _check(disabled)
    if {r.name for r in RULES} <= set(disabled):
        return story
    lang = lang or story.meta.get("language")

    def s(text: str) -> str:
        return smarten(text, disabled, lang)

    def sp(text: str) -> str:
        return _smarten_value(text, disabled, lang)

    def block(b: Block) -> Block:
        return replace(b, label=s(b.label), paragraphs=tuple(sp(p) for p in b.paragraphs))

    def blocks(bs: tuple[Block, ...]) -> tuple[Block, ...]:
        return tuple(block(b) for b in bs)

    def chapter(c: Chapter) -> Chapter:
        return replace(
            c,
            label=s(c.label),
            title=None if c.title is None else s(c.title),
            scenes=tuple(tuple(sp(p) for p in scene) for scene in c.scenes),
            notes_before=blocks(c.notes_before),
            notes_after=blocks(c.notes_after),
        )

    def part(p: Part) -> Part:
        return replace(p, title=s(p.title))

    return replace(
        story,
        title=s(story.title),
        authors=tuple(s(a) for a in story.authors),
        front_matter=blocks(story.front_matter),
        parts=tuple(part(p) for p in story.parts),
        chapters=tuple(chapter(c) for c in story.chapters),
        end_matter=blocks(story.end_matter),
    )
