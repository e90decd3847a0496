"""Word-level checks shared by tests: fold typography, extract text from EPUBs."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00ad": "",
})
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """Multiset of lower-cased word tokens after folding typography."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return Counter(_WORD.findall(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("head", "style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """Visible text of an (X)HTML document."""
    parser = _Text()
    parser.feed(markup)
    return " ".join(parser.parts)


def epub_text(path: Path) -> str:
    """Visible text of every XHTML document in an EPUB, nav included."""
    with zipfile.ZipFile(path) as zf:
        return " ".join(
            html_text(zf.read(n).decode("utf-8"))
            for n in sorted(zf.namelist()) if n.endswith((".xhtml", ".html"))
        )


def missing_words(source: str, rendered: str) -> Counter[str]:
    """Words of ``source`` that ``rendered`` lacks (with multiplicity)."""
    return words(source) - words(rendered)
