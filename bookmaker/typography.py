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

from bookmaker.model import Block, Chapter, Part, Run, Story, Text, replace

__all__ = ["Rule", "RULES", "RULE_NAMES", "EMPHASIS_MARKS", "smarten", "smarten_runs",
           "typeset"]

LDQ, RDQ, LSQ, RSQ = "\u201c", "\u201d", "\u2018", "\u2019"
EM, EN, ELLIPSIS = "\u2014", "\u2013", "\u2026"

# Protected spans: URLs (minus trailing sentence punctuation), e-mail addresses,
# feet and inches.
_PROTECT = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]}]"
    r"|\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b\d+'\d{1,2}(?:\.\d+)?\"?"
    "|[\U000f0000-\U000ffffd]"  # placeholder characters already in the text
)
_PUA_FIRST = 0xF0000  # supplementary private use area A: one code point per span
_PUA_SIZE = 0xFFFFD - _PUA_FIRST + 1
_PUA = re.compile("[\U000f0000-\U000ffffd]")

# Characters after which a quote opens.
_OPENING_CONTEXT = frozenset(" \t\n\u00a0\u202f([{<\u2014\u2013-/*_~" + LDQ + LSQ)
# Words that start with an apostrophe (elisions), not an opening single quote.
_ELISION = re.compile(
    r"'(?:em|til|tis|twas|twere|twill|twould|cause|cos|coz|cuz|bout|nuff|n|sup|scuse|"
    r"\d\ds?)(?!\w)",
    re.IGNORECASE,
)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or bool(_PUA.match(ch))


def _opens(prev: str) -> bool:
    return not prev or prev in _OPENING_CONTEXT or prev.isspace()


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

    def apply(self, text: str) -> str:
        """Apply the rule to ``text``, leaving URLs, e-mails and numbers alone."""
        return _with_protection(text, (self.transform,))


def _with_protection(text: str, transforms: Iterable[Callable[[str], str]]) -> str:
    """Run ``transforms`` over ``text`` with protected spans swapped out."""
    spans: list[str] = []

    def hide(m: re.Match[str]) -> str:
        spans.append(m.group())
        return chr(_PUA_FIRST + len(spans) - 1)

    protected = _PROTECT.sub(hide, text)
    if len(spans) <= _PUA_SIZE:
        text = protected
    else:  # more spans than placeholders (pathological input): run unprotected
        spans = []
    for transform in transforms:
        text = transform(text)
    if spans:
        text = _PUA.sub(lambda m: spans[ord(m.group()) - _PUA_FIRST], text)
    return text


def _ellipses(text: str) -> str:
    """``...`` and ``. . .`` become ``…``."""
    if "." not in text:
        return text
    text = re.sub(r"\.[ \u00a0]\.[ \u00a0]\.", ELLIPSIS, text)
    return text.replace("...", ELLIPSIS)


def _dashes(text: str) -> str:
    """``--``/``---`` become an em dash (an en dash between digits); `` - `` between words too."""
    if "-" not in text:
        return text
    text = re.sub(r"(?<=\d)--(?=\d)", EN, text)
    text = re.sub(r"(?<!-)---?(?!-)", EM, text)
    return re.sub(r"(?<=[^\s\d-]) - (?=[^\s-])|(?<=\d) - (?=[^\s\d-])", f" {EM} ", text)


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
        if _opens(prev):
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
    for m in re.finditer("'", text):
        i = m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (_opens(prev) or prev == '"') and nxt and not nxt.isspace() \
                and not _ELISION.match(text, i):
            quote = LSQ
        else:
            quote = RSQ  # apostrophe, elision or closing quote: the same glyph
        out.append(text[last:i])
        out.append(quote)
        last = i + 1
    out.append(text[last:])
    return "".join(out)


_WJ = "\u2060"
"""WORD JOINER: no line break here, and nothing visible."""

_DASH_CLOSE = re.compile(f"{EM}[ \u00a0]?(?=[\"'\u201d\u2019])")
_OPEN_DASH = re.compile(f"(?<=[\"'\u201c\u2018])[ \u00a0]?{EM}")


def _word_joiners(text: str) -> str:
    """An em dash holds on to a quote beside it (``—”``, ``“—``), so the quote never
    starts or ends a line alone (Standard Ebooks' rule); a space between them goes."""
    if EM not in text:
        return text
    text = _DASH_CLOSE.sub(EM + _WJ, text)
    return _OPEN_DASH.sub(_WJ + EM, text)


RULES: tuple[Rule, ...] = (
    Rule("ellipses", "three dots (or '. . .') become an ellipsis", _ellipses),
    Rule("dashes", "'--' and a spaced ' - ' between words become an em dash "
                   "('--' between digits an en dash)", _dashes),
    Rule("double-quotes", "straight double quotes become curly quotes", _double_quotes, True),
    Rule("single-quotes", "apostrophes, elisions and single quotes become curly",
         _single_quotes, True),
    Rule("word-joiners", "an em dash next to a quote is joined to it (no line break between)",
         _word_joiners),
)
"""The typography rules, in the order they run."""

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


def smarten(text: str, disabled: frozenset[str] = frozenset()) -> str:
    """Apply every rule not in ``disabled`` to ``text``, in order.

    :raises ValueError: when ``disabled`` names an unknown rule.
    """
    _check(disabled)
    return _with_protection(text, [r.transform for r in RULES if r.name not in disabled])


_LOCAL_CHARS = re.compile(r"\.|-")
"""Characters the local rules (ellipses, dashes) act on: a run without them is left as is."""


def smarten_runs(runs: tuple[Run, ...], disabled: frozenset[str] = frozenset()
                 ) -> tuple[Run, ...]:
    """Apply the rules to a paragraph's inline runs (see the module docstring)."""
    local = [r.transform for r in RULES
             if r.name not in disabled and not r.contextual and r.name != "word-joiners"]
    context = [r.transform for r in RULES if r.name not in disabled and r.contextual]
    runs = tuple(r if r.br or "code" in r.marks or not _LOCAL_CHARS.search(r.text) else
                 Run(_with_protection(r.text, local), r.marks, r.href) for r in runs)
    joined = "".join(r.text for r in runs)
    if "'" not in joined and '"' not in joined:
        return runs
    smart = _with_protection(joined, context)
    if len(smart) != len(joined):  # a rule changed the length: fall back to each run alone
        return tuple(r if r.br else Run(_with_protection(r.text, context), r.marks, r.href)
                     for r in runs)
    out: list[Run] = []
    pos = 0
    joiners = "word-joiners" not in disabled  # last: it reads the curled quotes
    for r in runs:
        end = pos + len(r.text)
        text = smart[pos:end]
        out.append(r if r.br or "code" in r.marks else
                   Run(_word_joiners(text) if joiners else text, r.marks, r.href))
        pos = end
    return tuple(out)


def _smarten_value(text: str, disabled: frozenset[str]) -> str:
    """A paragraph smartened; a :class:`Text` keeps its runs."""
    if isinstance(text, Text) and len(text.runs) > 1 or isinstance(text, Text) and text.marked:
        return Text("", smarten_runs(text.runs, disabled))
    return smarten(text, disabled)


def typeset(story: Story, disabled: frozenset[str] = frozenset()) -> Story:
    """Return ``story`` with every text field smartened (title, authors, labels, text).

    Metadata (``story.meta``) and decisions, which quote the source, are left as is.
    """
    _check(disabled)
    if {r.name for r in RULES} <= set(disabled):
        return story

    def s(text: str) -> str:
        return smarten(text, disabled)

    def sp(text: str) -> str:
        return _smarten_value(text, disabled)

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
