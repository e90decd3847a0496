"""The story's title: a title line at the top, a heading prefix, a closing line, the file name."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bookmaker.model import Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.labels import strip_decoration
from bookmaker.parse.source import Source
from bookmaker.patterns import regex

__all__ = ["choose_title_line", "title_words"]

_SUBJECT_RE = regex(r"^\s*(?:(?:re|fwd?|aw)\s*:|\[\s*(?:fic|fanfic|ficlet)\s*\])", re.I)


def title_words(title: str) -> tuple[str, ...]:
    """A title's words to compare titles by: case, spacing and punctuation ignored
    (``Gov. Bob. Taylor's Tales.`` is ``Gov. Bob. Taylor’s Tales``)."""
    return tuple(_WORD.findall(title.casefold()))


_WORD = regex(r"\w+")


def choose_title_line(src: Source, candidates: Sequence[int], others: Sequence[str],
                      named: str | None = None) -> tuple[int | None, list[Decision]]:
    """Pick the title among title-like lines at the top.

    A forum subject line (``Re: [FIC] Paper Boats (Gen, PG)``) gives way to the
    other candidates. A candidate that reappears inside another front matter line (``Ox`` in
    ``Team AU: Ox``) names something else (a team, a fandom); the first of the
    remaining candidates is the title.

    :param others: the texts of the other front matter blocks.
    :param named: the title a publisher's header names (Project Gutenberg's ``Title:``):
        the candidate that says it is the title, whatever comes before it.
    """
    if not candidates:
        return None, []
    key = title_words(named or "")
    same = [i for i in candidates if key and title_words(src.text(i)) == key]
    if same:
        return same[0], [decision("title.line", src.line(same[0]), "a short stand-alone line "
                                  "at the top, as the publisher's header names the book",
                                  src.text(same[0]))]
    kept = list(candidates)
    decisions: list[Decision] = []
    subjects = [i for i in kept if _SUBJECT_RE.match(src.text(i))]
    if subjects and len(subjects) < len(kept):
        for i in subjects:
            kept.remove(i)
            decisions.append(decision("title.not-subject", src.line(i),
                                      "a forum or mail subject line (Re:, [FIC]): the title "
                                      "follows", src.text(i)))
    if len(kept) > 1:
        joined = "\n".join(others).lower()
        for i in list(kept):
            core = strip_decoration(src.text(i)).lower()
            if len(kept) > 1 and core and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", joined):
                kept.remove(i)
                decisions.append(decision("title.not-repeated", src.line(i),
                                          "appears again inside another front matter line: "
                                          "it names something else", src.text(i)))
    chosen = kept[0]
    reason = "a short stand-alone line at the top"
    if len(candidates) > 1:
        reason += " (the first that is not repeated in other front matter)"
    decisions.append(decision("title.line", src.line(chosen), reason, src.text(chosen)))
    return chosen, decisions
