"""KEPUB: the EPUB with Kobo's markup, for page numbers, reading statistics and page turns.

Follows the conventions Kobo's own books and kepubify use: every sentence of a
content document is wrapped in ``<span class="koboSpan" id="kobo.P.S">`` (P counts
the text blocks of the file, S the sentences in the block), and the body's content
sits in ``<div id="book-columns"><div id="book-inner">``. The package is otherwise
the EPUB's, byte for byte, so it still passes EPUBCheck and opens in any reader.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from bookmaker.model import Book

__all__ = ["render_kepub", "kepubify_xhtml"]

_X = "{http://www.w3.org/1999/xhtml}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_BLOCKS = {f"{_X}{t}" for t in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                                 "figcaption", "blockquote", "td", "th")}
"""Elements whose text Kobo counts as one block (the P of ``kobo.P.S``)."""
_SKIP = {f"{_X}{t}" for t in ("script", "style", "ruby", "rt", "rp", "svg", "math")}
"""Elements left as they are: their text is not prose to count."""
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*\s+")
"""Where one sentence ends and the next begins: after . ! ? … and closing quotes."""


def _pieces(text: str) -> list[str]:
    """``text`` cut after each sentence end (the spaces stay with the sentence)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


class _Counter:
    def __init__(self) -> None:
        self.block, self.sentence = 0, 0

    def span(self, text: str) -> etree._Element:
        self.sentence += 1
        el = etree.Element(f"{_X}span", {"class": "koboSpan",
                                         "id": f"kobo.{self.block}.{self.sentence}"})
        el.text = text
        return el


def _wrap_text(parent: etree._Element, counter: _Counter) -> None:
    """Wrap ``parent``'s own text and every child's tail in sentence spans, recursively."""
    if parent.text and parent.text.strip():
        spans = [counter.span(t) for t in _pieces(parent.text)]
        parent.text = None
        for i, s in enumerate(spans):
            parent.insert(i, s)
    for child in list(parent):
        if child.get("class") == "koboSpan":
            continue
        if child.tag not in _SKIP and isinstance(child.tag, str):
            _wrap_text(child, counter)
        if child.tail and child.tail.strip():
            spans = [counter.span(t) for t in _pieces(child.tail)]
            child.tail = None
            at = parent.index(child) + 1
            for i, s in enumerate(spans):
                parent.insert(at + i, s)


def _blocks(el: etree._Element, counter: _Counter) -> None:
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _SKIP:
            continue
        if child.tag in _BLOCKS:
            counter.block, counter.sentence = counter.block + 1, 0
            _wrap_text(child, counter)
        else:
            _blocks(child, counter)


def kepubify_xhtml(data: bytes) -> bytes:
    """One content document with Kobo's spans and wrappers."""
    root = etree.fromstring(data, _PARSER)
    body = root.find(f"{_X}body")
    if body is None:
        return data
    counter = _Counter()
    _blocks(body, counter)
    columns = etree.Element(f"{_X}div", {"id": "book-columns"})
    inner = etree.SubElement(columns, f"{_X}div", {"id": "book-inner"})
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    body.append(columns)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8",
                          doctype="<!DOCTYPE html>")


def render_kepub(book: Book) -> bytes:
    """``book`` as a KEPUB: the EPUB, each content document kepubified."""
    from bookmaker.render.epub import render_epub

    epub = render_epub(book)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as src, zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith(".xhtml") and not info.filename.endswith("nav.xhtml"):
                content = kepubify_xhtml(content)
            zf.writestr(info, content, compresslevel=None if
                        info.compress_type == zipfile.ZIP_STORED else 6)
    return buf.getvalue()
