"""Parse: text to Story. Pure functions, no I/O, no globals.

``parse(text, name, hints)`` runs the concerns in order, one module each:
paragraphs and gaps (:mod:`.lines`), scene-break ornaments and gap statistics
(:mod:`.breaks`), headings (:mod:`.headings`), front matter (:mod:`.frontmatter`,
recognizers in :mod:`.labels`), title (:mod:`.title`), chapter notes
(:mod:`.notes`), scenes (:mod:`.scenes`) and end matter (:mod:`.endmatter`), and
records every decision with its source line and reason. :mod:`.words` checks
that no word of the text was lost.
"""

from __future__ import annotations

from bookmaker.parse.hints import ParseHints
from bookmaker.parse.story import parse

__all__ = ["parse", "ParseHints"]
