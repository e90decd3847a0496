"""Word-level checks shared by tests: word multisets, text of EPUB and HTML documents."""

from __future__ import annotations

import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from bookmaker.parse.words import text_words, words_of


def words(text: str) -> Counter[str]:
    """Multiset of case-folded word tokens (the parser's own word accounting)."""
    return words_of(text)


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
    """Words of ``source`` (ornament lines left out) that ``rendered`` lacks, with multiplicity."""
    return text_words(source) - words_of(rendered)
