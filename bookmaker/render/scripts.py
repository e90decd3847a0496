"""Fonts for the scripts the book face lacks: CJK in the PDF.

Source Serif has no Han, kana or Hangul glyphs. A book that uses them gets a face of
its own, ``Bookmaker CJK`` (Noto Sans CJK from ``noto-cjk-sans-jp-regular``: one face
that covers Chinese, Japanese and Korean), limited by ``unicode-range`` to those scripts
and named after the book face in the family list, so CJK characters come from it and
everything else from Source Serif. (Joining the book face's own family does not work:
WeasyPrint embeds the two files under one name and mixes their glyphs.) A book without
CJK gets no rule, so the font is never loaded nor embedded; WeasyPrint subsets it to the
glyphs used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from bookmaker.model import Book, Story

__all__ = ["CJK_RANGE", "uses_cjk", "cjk_font_file", "cjk_font_css"]

CJK_RANGE = ("U+1100-11FF, U+2E80-2FDF, U+3000-33FF, U+3400-4DBF, U+4E00-9FFF, "
             "U+A960-A97F, U+AC00-D7FF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF, "
             "U+20000-2FA1F")
"""Hangul Jamo, radicals, CJK punctuation, kana and compatibility, ideographs, Hangul,
compatibility ideographs and forms, full-width forms, the supplementary ideographs."""
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                  "\U00020000-\U0002fa1f]")
_FAMILY = "Bookmaker CJK"
"""The CJK face's family."""
_RUBY_CSS = ("ruby { display: inline-block; position: relative; text-indent: 0; }\n"
             "rt { position: absolute; left: -1em; right: -1em; bottom: 92%; font-size: 0.5em; "
             "line-height: 1; text-align: center; white-space: nowrap; text-indent: 0; }\n"
             "rp { display: none; }")
"""WeasyPrint does not lay out ruby: the reading is set small above its base by hand."""
_STACK = '"Source Serif", "Bookmaker CJK", serif'
"""print.css's family list with the CJK face after the book face."""
_FACES = (("normal", 400),)
"""One face: bold and italic CJK text match it (CSS font matching), so it is embedded once."""


def _strings(story: Story) -> Iterable[str]:
    yield story.title
    yield from story.authors
    for b in (*story.front_matter, *story.end_matter):
        yield b.label
        yield from b.paragraphs
    for c in story.chapters:
        yield c.label
        yield c.title or ""
        for scene in c.scenes:
            yield from scene
        for b in (*c.notes_before, *c.notes_after):
            yield from b.paragraphs


def uses_cjk(book: Book) -> bool:
    """Does any text of ``book`` hold a CJK character?"""
    if _CJK.search(book.title) or any(_CJK.search(a) for a in book.authors):
        return True
    return any(_CJK.search(s) for story in book.stories for s in _strings(story) if s)


@cache
def cjk_font_file() -> Path | None:
    """The CJK font file, or ``None`` when its package is not installed."""
    try:
        import noto_cjk_sans_jp_regular as font
    except ImportError:
        return None
    path = Path(str(font.FONT_PATH))
    return path if path.is_file() else None


def cjk_font_css(book: Book) -> str:
    """The CJK faces and the family list naming them (last in the cascade), or ``""``."""
    if not uses_cjk(book):  # first: finding the font imports its package (~5 ms)
        return ""
    path = cjk_font_file()
    if path is None:
        return ""
    faces = (f'@font-face {{ font-family: "{_FAMILY}"; font-style: {style}; '
             f'font-weight: {weight}; src: url("{path.as_uri()}"); unicode-range: {CJK_RANGE}; }}'
             for style, weight in _FACES)
    return "\n".join((*faces, f"html {{ font-family: {_STACK}; }}", _RUBY_CSS))
