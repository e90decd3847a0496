"""Parse: text to Story. Pure functions, no I/O, no globals.

``parse(text, name, hints)`` runs :data:`bookmaker.parse.story.STAGES`, an ordered list
of named stages over one :class:`~bookmaker.parse.state.ParseState`: paragraphs with the
measured wrap width and gaps (:mod:`.lines`), a publisher's trailer and header
(:mod:`.endmatter`, :mod:`.publisher`), ornaments (:mod:`.breaks`), headings
(:mod:`.headings`, with a contents list matched against them in :mod:`.contents`),
front matter (:mod:`.frontmatter`, recognizers in :mod:`.labels`), title (:mod:`.title`),
then chapters (:mod:`.chapters`: notes in :mod:`.notes`, scenes in :mod:`.scenes`, wide
gaps that are layout in :mod:`.gaps`, tails in :mod:`.endmatter`). Every decision carries a
stable code from :mod:`.codes` (listed in ``docs/decisions.md``), its source line and a
reason. :mod:`.words` checks that no word of the text was lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["parse", "ParseHints"]

if TYPE_CHECKING:
    from bookmaker.parse.hints import ParseHints
    from bookmaker.parse.story import parse


def __getattr__(name: str) -> object:
    """``parse`` and ``ParseHints`` on first use: a module of the package (``words``, which
    the model counts with) must not load the whole parser (~20 ms in a fresh process, paid
    by every PDF and EPUB built from an already parsed book)."""
    if name == "parse":
        from bookmaker.parse.story import parse

        return parse
    if name == "ParseHints":
        from bookmaker.parse.hints import ParseHints

        return ParseHints
    raise AttributeError(f"module 'bookmaker.parse' has no attribute {name!r}")
