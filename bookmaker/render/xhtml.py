"""Book layout to XHTML documents for an EPUB: one file per section, in reading order.

Draws :class:`~bookmaker.layout.BookLayout` and decides nothing: the sections,
their titles, the contents tree (turned into the nav and NCX) and the dates all
come from the layout. Pure: no I/O; story text is escaped data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

from bookmaker import __version__
from bookmaker.layout import BookLayout, Section, TocEntry, layout_book
from bookmaker.layout.metadata import cover_alt
from bookmaker.model import Book, replace
from bookmaker.render.templating import environment

__all__ = ["Document", "NavEntry", "Rendition", "render_documents", "xml_safe"]

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (they carry no words)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Document:
    """One XHTML file of the book."""

    name: str
    """File name inside the package's content folder, e.g. ``"s1-ch001.xhtml"``."""
    title: str
    """Its title, as in ``<title>``."""
    xhtml: str
    """The complete XHTML document."""
    matter: str = "body"
    """``"front"``, ``"body"`` or ``"back"`` (the contents page goes before the body)."""


@dataclass(frozen=True)
class NavEntry:
    """One entry of the table of contents."""

    title: str
    """Text shown in the contents."""
    href: str
    """Target document (and fragment)."""
    children: tuple[NavEntry, ...] = ()
    """Entries nested under this one."""
    order: int = 0
    """Reading-order position (NCX ``playOrder``), depth first from 1."""


@dataclass(frozen=True)
class Rendition:
    """Everything the packager needs besides metadata."""

    documents: tuple[Document, ...]
    """Content documents in reading order (the navigation document is not here)."""
    toc: tuple[NavEntry, ...]
    """The table of contents, never empty."""
    landmarks: tuple[tuple[str, str, str], ...] = field(default=())
    """``(epub:type, label, href)`` landmarks; the packager adds ``toc``."""
    stylesheets: tuple[str, ...] = ("base.css", "epub.css")
    """Style sheets every document links, under ``styles/``."""


def _page(template: str, **context: object) -> str:
    context["title"] = str(context.get("title") or "").strip() or "Untitled"
    return xml_safe(environment().get_template(f"epub/{template}").render(**context))


_BODY_TYPES = {
    "cover": "cover", "book-title": "frontmatter", "title": "frontmatter",
    "front": "frontmatter", "part": "bodymatter", "chapter": "bodymatter z3998:fiction",
    "end": "backmatter", "colophon": "backmatter",
}
"""``epub:type`` of each kind of section's ``<body>``."""


def _document(view: BookLayout, s: Section, cover_src: str,
              stylesheets: tuple[str, ...]) -> Document:
    """The XHTML file of one section of the layout."""
    book = view.book
    lang = view.stories[s.story].lang if s.story >= 0 else view.lang
    anthology = book.is_anthology
    body_type = _BODY_TYPES[s.kind]
    if anthology and s.kind in ("title", "front", "end"):
        body_type = "bodymatter"
    common: dict[str, object] = {"lang": lang, "title": s.title, "id": s.id,
                                 "body_type": body_type, "stylesheets": stylesheets}
    if s.kind == "cover":
        xhtml = _page("cover.xhtml", **common, body_class="cover", src=cover_src,
                      alt=cover_alt(book))
    elif s.kind == "book-title":
        xhtml = _page("booktitle.xhtml", **common, body_class="titlepage", book=book)
    elif s.kind == "title":
        sl = view.stories[s.story]
        story = sl.story if sl.story.title.strip() else replace(sl.story, title="Untitled")
        xhtml = _page("titlepage.xhtml", **common, body_class="titlepage", story=story,
                      fields=sl.fields, summary=sl.summary, summary_label=sl.summary_label)
    elif s.kind == "front":
        xhtml = _page("front.xhtml", **common, body_class="front-matter", blocks=s.blocks)
    elif s.kind == "part":
        xhtml = _page("part.xhtml", **common, body_class="part", part=s.part, level=s.level)
    elif s.kind == "chapter":
        xhtml = _page("chapter.xhtml", **common, body_class="chapter-page", ch=s.chapter,
                      heading=s.heading, level=s.level)
    elif s.kind == "end":
        xhtml = _page("end.xhtml", **common, body_class="end-matter",
                      blocks=tuple(b for _, b in s.blocks))
    else:
        xhtml = _page("colophon.xhtml", **common, body_class="colophon",
                      sources=view.sources, date=view.date, version=__version__)
    return Document(f"{s.id}.xhtml", s.title, xhtml, s.matter)


def _nav(entries: tuple[TocEntry, ...], orders: Iterator[int]) -> tuple[NavEntry, ...]:
    """The layout's contents tree as NavEntries, numbered depth first."""
    out = []
    for e in entries:
        order = next(orders)
        out.append(NavEntry(e.title, f"{e.target}.xhtml", _nav(e.children, orders), order))
    return tuple(out)


def _landmarks(view: BookLayout) -> tuple[tuple[str, str, str], ...]:
    marks = [("cover", "Cover", "cover.xhtml")]
    title = next((s for s in view.sections if s.kind in ("book-title", "title")), None)
    if title is not None:
        marks.append(("titlepage", "Title Page", f"{title.id}.xhtml"))
    kinds = ("title", "front", "part", "chapter", "end") if view.book.is_anthology else (
        "part", "chapter")
    body = next((s for s in view.sections if s.kind in kinds), None)
    if body is not None:
        marks.append(("bodymatter", "Start of Text", f"{body.id}.xhtml"))
    return tuple(marks)


def render_documents(book: Book | BookLayout, cover_src: str = "images/cover.jpg",
                     stylesheets: tuple[str, ...] = ("base.css", "epub.css")) -> Rendition:
    """All content documents of a book's layout, its table of contents and landmarks.

    :param cover_src: the cover image's path inside the content folder.
    :param stylesheets: style sheets under ``styles/`` every document links.
    """
    view = book if isinstance(book, BookLayout) else layout_book(book)
    docs = tuple(_document(view, s, cover_src, stylesheets) for s in view.sections)
    return Rendition(docs, _nav(view.toc, count(1)), _landmarks(view), stylesheets)
