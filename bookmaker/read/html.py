"""HTML reader: a real HTML parser (lxml) turned into blocks with inline runs.

``parse_html`` builds the tree without ever fetching anything (no network, no external
entities, comments and processing instructions dropped). :class:`Walker` turns any
subtree into :class:`~bookmaker.read.document.SourceBlock` s: headings ``h1``–``h6``,
``<hr>`` rules, ``<pre>``, and paragraphs from ``p``, ``div``, list items, table cells and
loose text (two ``<br>`` in a row end a paragraph, one is a line break). Scripts, styles,
forms, navigation and embedded objects never reach the book; images are not fetched.
``read_html`` reads any other HTML by that structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

from bookmaker.errors import InputError
from bookmaker.model import Run
from bookmaker.patterns import regex
from bookmaker.read.document import SourceBlock, SourceDocument

__all__ = ["parse_html", "Walker", "inline_runs", "read_html", "read_html_tree", "clean"]

SKIP = frozenset({
    "head", "script", "style", "template", "noscript", "nav", "iframe", "object", "embed",
    "svg", "math", "form", "button", "select", "input", "textarea", "img", "audio", "video",
    "canvas", "map", "link", "meta", "title",
})
"""Elements whose content never reaches the book (code, navigation, media, forms)."""

BLOCK = frozenset({
    "html", "body", "p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "section", "article", "header",
    "footer", "main", "aside", "figure", "figcaption", "center", "address", "details",
    "summary", "fieldset", "legend", "hgroup",
})
"""Elements that start and end a paragraph."""

HEADINGS = {f"h{n}": n for n in range(1, 7)}

TAG_MARKS = {
    "em": "em", "i": "i", "cite": "i", "var": "i", "dfn": "i", "strong": "strong", "b": "b",
    "u": "u", "ins": "u", "s": "s", "strike": "s", "del": "s", "sup": "sup", "sub": "sub",
    "code": "code", "tt": "code", "kbd": "code", "samp": "code",
}
"""Inline elements and the mark each gives its text."""

_XML_DECL = regex(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = regex(r"[ \t\n\r\f]+")
_ITALIC = regex(r"font-style\s*:\s*(?:italic|oblique)", re.I)
_BOLD = regex(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_SMALLCAPS = regex(r"font-variant\s*:\s*small-caps|\bsmcap|\bsmall-?caps", re.I)
_UNDERLINE = regex(r"text-decoration\s*:\s*underline", re.I)


FLATTENED = "data-bookmaker-flattened"
"""Attribute set on the root when the markup nested too deep and its text was read flat."""

_DROPPED = regex(r"<(script|style|head|template|noscript|svg|math)\b.*?</\1\s*>|<!--.*?-->",
                 re.I | re.S)
_BREAKS = regex(r"<(?:br|hr|/p|/div|/h[1-6]|/li|/tr|/blockquote)\b[^>]*>", re.I)
_ANY_TAG = regex(r"<[^>]*>")


def parse_html(text: str, name: str = "<input>") -> lxml.html.HtmlElement:
    """Parse HTML text into a tree; nothing the document names is fetched.

    Markup nested deeper than libxml2 follows (it silently drops what lies below) is read
    flat instead: its text, one paragraph per block, so no word is lost (the root then
    carries :data:`FLATTENED`).

    :raises InputError: when there is no document at all.
    """
    root, deep = _parse(_XML_DECL.sub("", text), name)
    if deep:
        root, _ = _parse("<html><body>" + "".join(f"<p>{_escape(line)}</p>"
                                                  for line in flat_text(text).split("\n")
                                                  if line.strip()) + "</body></html>", name)
        root.set(FLATTENED, "1")
    return root


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _parse(text: str, name: str) -> tuple[lxml.html.HtmlElement, bool]:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  recover=True, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"this HTML has no content ({exc})", path=name) from None
    deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, deep


def flat_text(html: str) -> str:
    """The text of markup without a parser: scripts, styles and comments out, blocks as
    lines, entities resolved."""
    import html as _html

    body = _BREAKS.sub("\n", _DROPPED.sub(" ", html))
    return _html.unescape(_ANY_TAG.sub(" ", body))


def clean(text: str) -> str:
    """Collapse HTML white space and trim: how a browser shows inline text."""
    return _SPACE.sub(" ", text).strip()


def _span_marks(el: lxml.html.HtmlElement) -> tuple[str, ...]:
    style = f"{el.get('style', '')} {el.get('class', '')}"
    marks = []
    if _SMALLCAPS.search(style):
        marks.append("smallcaps")
    if _ITALIC.search(style):
        marks.append("i")
    if _BOLD.search(style) or re.search(r"\bbold\b", el.get("class", "")):
        marks.append("b")
    if _UNDERLINE.search(style) or el.get("class", "").split() == ["u"]:
        marks.append("u")
    return tuple(marks)


def _marks(el: lxml.html.HtmlElement, tag: str) -> tuple[str, ...]:
    if tag in TAG_MARKS:
        return (TAG_MARKS[tag],)
    if tag in ("span", "font", "a", "small", "big", "mark", "abbr", "q"):
        return _span_marks(el)
    return ()


def _visible_text(el: lxml.html.HtmlElement) -> str:
    """The text of ``el`` a reader sees: without scripts, styles or comments inside it
    (``text_content`` would keep a ``<script>`` inside a ``<pre>``)."""
    parts = [el.text or ""]
    for child in el:
        tag = _tag(child)
        if tag and tag not in SKIP:
            parts.append(_visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tag(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.lower().rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Walker:
    """Turns HTML subtrees into blocks with inline runs, in document order."""

    def __init__(self, *, blanks: bool = False) -> None:
        self.blanks = blanks
        """Whether an empty ``<p>`` (a spacer) is kept as a ``blank`` block."""
        self.blocks: list[SourceBlock] = []
        self._runs: list[Run] = []
        self._line = 0
        self._brs = 0

    def walk(self, el: lxml.html.HtmlElement, *, tail: bool = False) -> list[SourceBlock]:
        """Add the blocks of ``el`` (and of its tail text when ``tail``); return all so far."""
        self._visit(el, (), "", tail)
        self.flush()
        return self.blocks

    def flush(self) -> None:
        """End the paragraph being collected."""
        runs = _trim(self._runs)
        self._runs, self._brs = [], 0
        if any(r.text.strip() for r in runs):
            self.blocks.append(SourceBlock("paragraph", runs, self._line))

    def _text(self, text: str | None, marks: tuple[str, ...], href: str, line: int) -> None:
        if not text:
            return
        if self._brs and not text.strip(" \t\n\r\f"):
            return  # white space between <br>s does not end the run of breaks
        if self._brs >= 2:
            self.flush()
        elif self._brs == 1 and self._runs:
            self._runs.append(Run("\n", br=True))
        self._brs = 0
        if not self._runs:
            self._line = line
        self._runs.append(Run(_SPACE.sub(" ", text), marks, href))

    def _visit(self, el: lxml.html.HtmlElement, marks: tuple[str, ...], href: str,
               tail: bool) -> None:
        tag = _tag(el)
        line = getattr(el, "sourceline", None) or self._line
        if tag and tag not in SKIP:
            if tag in HEADINGS or tag in ("hr", "pre"):
                self.flush()
                self._special(el, tag, line)
            elif tag == "br":
                self._brs += 1
            else:
                is_block = tag in BLOCK
                if is_block:
                    self.flush()
                if self.blanks and tag == "p" and _spacer(el):
                    self.blocks.append(SourceBlock("blank", (), line))
                inner = marks + tuple(m for m in _marks(el, tag) if m not in marks)
                link = el.get("href", "") if tag == "a" else href
                self._text(el.text, inner, link, line)
                for child in el:
                    self._visit(child, inner, link, True)
                if is_block:
                    self.flush()
        if tail:
            self._text(el.tail, marks, href, line)

    def _special(self, el: lxml.html.HtmlElement, tag: str, line: int) -> None:
        if tag == "hr":
            kind = "page-break" if "page-break" in el.get("class", "").split() else "rule"
            self.blocks.append(SourceBlock(kind, (), line))
        elif tag == "pre":
            body = _visible_text(el).strip("\n")
            if body.strip():
                self.blocks.append(SourceBlock("pre", (Run(body, ("code",)),), line))
        else:
            runs = _trim(tuple(r for r in inline_runs(el) if not r.br))
            if any(r.text.strip() for r in runs):
                self.blocks.append(SourceBlock("heading", runs, line, HEADINGS[tag]))


def _spacer(p: lxml.html.HtmlElement) -> bool:
    """An empty paragraph, or one of spaces only (``<p>&nbsp;</p>``): a blank line."""
    return not p.text_content().strip() and not any(
        _tag(e) in SKIP for e in p.iterdescendants())


def inline_runs(el: lxml.html.HtmlElement) -> tuple[Run, ...]:
    """The inline runs of one element's content, as one paragraph (blocks joined by a break)."""
    w = Walker()
    marks = _marks(el, _tag(el))
    w._text(el.text, marks, "", getattr(el, "sourceline", 0) or 0)
    for child in el:
        w._visit(child, marks, "", True)
    w.flush()
    runs: list[Run] = []
    for b in w.blocks:
        if runs:
            runs.append(Run("\n", br=True))
        runs.extend(b.runs)
    return tuple(runs)


_CLOSES = regex(r"[,.](?![\d.])")
"""A comma or full stop that closes up to the word before it (not ``.45``, not ``...``)."""
_OPENING_QUOTES = "“‘"
"""Quotes a word follows without a space (French guillemets take one: not these)."""


def _last_char(runs: list[Run]) -> str:
    """The last character before the spaces that end ``runs`` (``""`` at a line break)."""
    for r in reversed(runs):
        if r.br:
            return ""
        if r.text.strip(" "):
            return r.text.rstrip(" ")[-1]
    return ""


def _trim(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Collapse spaces across run boundaries and trim the paragraph's ends."""
    out: list[Run] = []
    for r in runs:
        text = r.text
        if not r.br and (not out or out[-1].br or out[-1].text.endswith(" ")):
            text = text.lstrip(" ")
        if text and out and not r.br and out[-1].text.endswith(" ") and (
                _CLOSES.match(text) or _last_char(out) in _OPENING_QUOTES):
            # markup's line breaks between inline elements: "<em>Hamlet</em>\n<span>."
            # reads "Hamlet ." and '“\n<em>Do' reads "“ Do"; an editor closes them up
            while out and not out[-1].br and out[-1].text.endswith(" "):
                out[-1] = Run(out[-1].text.rstrip(" "), out[-1].marks, out[-1].href)
                if out[-1].text:
                    break
                out.pop()
        if r.br and out and not out[-1].br:
            out[-1] = Run(out[-1].text.rstrip(" "), out[-1].marks, out[-1].href)
        if text:
            out.append(Run(text, r.marks, r.href, r.br))
    while out and (out[-1].br or not out[-1].text.strip(" ")):
        out.pop()
    if out:
        out[-1] = Run(out[-1].text.rstrip(" "), out[-1].marks, out[-1].href)
    while out and out[0].br:
        out.pop(0)
    return tuple(r for r in out if r.text)


def read_html(text: str, name: str = "<input>") -> SourceDocument:
    """Any HTML page read by its structure: headings, rules, paragraphs, emphasis."""
    return read_html_tree(parse_html(text, name))


def read_html_tree(root: lxml.html.HtmlElement) -> SourceDocument:
    """A parsed HTML page read by its structure (see :func:`read_html`)."""
    title_el = root.find(".//title")
    title = clean(title_el.text_content()) if title_el is not None else ""
    body = root.find("body")
    blocks = Walker(blanks=True).walk(body if body is not None else root)
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    meta = {"language": lang} if lang else {}
    authors = tuple(clean(m.get("content", "")) for m in root.iterfind(".//meta[@name]")
                    if m.get("name", "").lower() == "author" and m.get("content", "").strip())
    return SourceDocument(tuple(blocks), title, authors, meta)
