"""Package a Book as an EPUB 3 file with EbookLib (with an NCX and guide for older readers).

EbookLib assembles the package (``content.opf``, ``toc.ncx``, ``nav.xhtml``,
``container.xml`` and the zip) from an :class:`ebooklib.epub.EpubBook`. Its known
pitfalls (DESIGN.md) are handled here:

- the identifier is the stable uuid5 of :func:`metadata.identifier`, never
  EbookLib's random uuid4;
- each creator gets its own id (``creator1``, ``creator2``…) with ``file-as``,
  written with ``add_metadata`` (``add_author`` gives them all one id);
- ``dcterms:modified`` comes from the ``mtime`` option, set to the UTC date of
  :func:`metadata.modified` (``SOURCE_DATE_EPOCH`` or the book's date), never the clock;
- content documents are plain ``EpubItem`` objects holding our own XHTML
  (``EpubHtml`` rebuilds a document and drops its ``<head>``);
- the cover image is an ``EpubCover`` shown by our own linear cover page with an
  ``<img>``, linked from the contents and landmarks (``set_cover`` makes an unlinked
  non-linear page, OPF-096);
- ``EpubNcx`` and ``EpubNav`` are both added, from a ``book.toc`` that is never empty;
- EbookLib's writer hands its entries to us instead of zipping them (any failure
  becomes a :class:`RenderError`), and the zip is written once, reproducibly:
  ``mimetype`` first and stored, then EbookLib's entries in its (fixed) order, each
  with a fixed time and mode.

While packing, what EbookLib's generated documents cannot say is added with lxml:
the nav's ids, classes, ``h1`` and hidden landmarks (with ``titlepage``), the NCX's
depth, authors and ``xml:lang``, and the package's ``xml:lang``. All text given to
EbookLib is stripped of characters XML cannot hold (lxml would refuse it, and
EbookLib silently drops metadata it cannot write).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ebooklib import epub
from lxml import etree

from bookmaker.errors import RenderError
from bookmaker.layout import BookLayout, layout_book
from bookmaker.layout import metadata as md
from bookmaker.model import Book, Story
from bookmaker.render.cover import image_type
from bookmaker.render.xhtml import NavEntry, Rendition, render_documents, xml_safe
from bookmaker.resources import style_file

__all__ = ["render_epub", "STYLESHEETS", "stylesheets"]

STYLESHEETS = ("base.css", "epub.css")
"""Stylesheets linked from every document, from ``styles/``."""


def stylesheets(book: Book) -> tuple[str, ...]:
    """The EPUB's style sheets: :data:`STYLESHEETS`, then the theme's EPUB sheet
    (``styles/themes/NAME.epub.css``) when the book's theme has one."""
    from bookmaker.resources import data_dir, styles_dir

    name = f"themes/{book.options.style}.epub.css"
    if (styles_dir() / name).is_file() or (data_dir("styles") / name).is_file():
        return (*STYLESHEETS, name)
    return STYLESHEETS

CONTENT = "OEBPS"
"""Folder holding the package document and content inside the zip."""

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_A11Y_SUMMARY = (
    "Reflowable text with a table of contents, landmarks and headings for navigation. "
    "The only image is the cover, described by its alternative text. No hazards."
)
_A11Y = (
    ("accessMode", "textual"),
    ("accessModeSufficient", "textual"),
    ("accessibilityFeature", "structuralNavigation"),
    ("accessibilityFeature", "tableOfContents"),
    ("accessibilityFeature", "readingOrder"),
    ("accessibilityFeature", "alternativeText"),
    ("accessibilityFeature", "displayTransformability"),
    ("accessibilityHazard", "none"),
)
"""schema.org accessibility properties (the summary is added from :class:`PackageMeta`)."""

_GUIDE_TYPES = {"cover": "cover", "titlepage": "title-page", "toc": "toc", "bodymatter": "text"}
"""EPUB 3 landmark types and their EPUB 2 guide equivalents."""

_XHTML = "{http://www.w3.org/1999/xhtml}"
_NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
_OPF = "{http://www.idpf.org/2007/opf}"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class PackageMeta:
    """What the package document says about the book."""

    identifier: str
    title: str
    subtitle: str
    language: str
    creators: tuple[tuple[str, str], ...]
    editor: str
    description: str
    subjects: tuple[str, ...]
    sources: tuple[str, ...]
    """Where the text came from, as addresses (``dc:source``)."""
    modified: str
    series: md.Series | None
    published: str = ""
    """``dc:date``: first publication, ``YYYY-MM-DD``."""
    rights: str = ""
    """``dc:rights``: the story's own disclaimer."""
    sort_title: str = ""
    """The title as it sorts (``Adventure, The``), when it differs."""
    publisher: str = "bookmaker"
    """``dc:publisher``: the story's own (an archive's name), else bookmaker."""
    a11y_summary: str = _A11Y_SUMMARY


_ARTICLES = re.compile(r"^(the|a|an)\s+(.+)$", re.IGNORECASE)
"""Leading English articles a library sorts after (``The Ferry`` sorts as ``Ferry, The``)."""


def _sort_title(title: str, language: str) -> str:
    m = _ARTICLES.match(title) if language.split("-")[0] == "en" else None
    return f"{m.group(2)}, {m.group(1)}" if m else ""


_ARCHIVES = {"AO3": "Archive of Our Own", "FanFiction.net": "FanFiction.Net"}
"""Archives a reader found the story in, with the name they publish under (a downloader
such as FanFicFare is not a publisher)."""


def _publisher(story: Story | None) -> str:
    """The story's own publisher or archive; bookmaker only where nothing better exists."""
    meta = story.meta if story is not None else {}
    publisher, archive = (meta.get(key, "") for key in md.PUBLISHER_KEYS)
    name = publisher.strip() or _ARCHIVES.get(archive, "")
    return xml_safe(name) or "bookmaker"


def package_meta(book: Book | BookLayout) -> PackageMeta:
    """Metadata for a book's package document (pure, deterministic, XML-safe)."""
    view = book if isinstance(book, BookLayout) else layout_book(book)
    book = view.book
    single = book.stories[0] if len(book.stories) == 1 else None
    series = md.series(single) if single else None
    title = xml_safe(book.title.strip()) or "Untitled"
    return PackageMeta(
        identifier=md.identifier(book),
        title=title,
        subtitle=xml_safe(book.subtitle),
        language=view.lang,
        creators=tuple((xml_safe(a), xml_safe(md.file_as(a))) for a in book.authors
                       if xml_safe(a).strip()),
        editor=xml_safe(book.editor),
        description=xml_safe(view.description),
        subjects=tuple(dict.fromkeys(x for s in view.keywords if (x := xml_safe(s)))),
        sources=tuple(xml_safe(s) for s in view.sources if xml_safe(s)),
        modified=md.modified(book),
        series=(md.Series(xml_safe(series.name), series.index, series.total)
                if series and xml_safe(series.name) else None),
        published=view.published,
        rights=xml_safe(view.rights),
        sort_title=xml_safe(_sort_title(title, view.lang)),
        publisher=_publisher(single),
    )


def _static(name: str) -> bytes:
    """A style sheet from the (user's) styles, else from bookmaker's own."""
    return _read_static(style_file(name))


@cache
def _read_static(path: Path) -> bytes:
    from bookmaker.render.css_urls import self_contained

    return self_contained(path.read_bytes(), str(path))


def _numbered(entries: tuple[NavEntry, ...]) -> int:
    """Depth of the contents tree."""
    return max((1 + _numbered(e.children) for e in entries), default=0)


def _with_nav(rendition: Rendition) -> list[tuple[str, str]]:
    """Spine as ``(file name, matter)``: the contents page goes right after the (first)
    title page, before any preface, as in a printed book."""
    spine = [(d.name, d.matter) for d in rendition.documents]
    title = next((href for kind, _, href in rendition.landmarks if kind == "titlepage"), "")
    names = [name for name, _ in spine]
    at = names.index(title) + 1 if title in names else next(
        (i for i, (_, m) in enumerate(spine) if m != "front"), len(spine))
    spine.insert(at, ("nav.xhtml", "front"))
    return spine


# --------------------------------------------------------------------------- the EpubBook


def _meta(ebook: epub.EpubBook, value: str | None, **attrs: str) -> None:
    """An OPF ``<meta>`` with attributes in the given order (``None``: no text)."""
    ebook.add_metadata(None, "meta", value, dict(attrs))


def _add_metadata(ebook: epub.EpubBook, meta: PackageMeta) -> None:
    ebook.IDENTIFIER_ID = "bookid"
    ebook.set_identifier(meta.identifier)  # replaces EbookLib's random uuid4
    ebook.title, ebook.language = meta.title, meta.language  # for the NCX and nav
    ebook.add_metadata("DC", "title", meta.title, {"id": "title"})
    if meta.sort_title:
        _meta(ebook, meta.sort_title, refines="#title", property="file-as")
    if meta.subtitle:
        _meta(ebook, "main", refines="#title", property="title-type")
        ebook.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        _meta(ebook, "subtitle", refines="#subtitle", property="title-type")
    ebook.add_metadata("DC", "language", meta.language)
    for n, (name, sort) in enumerate(meta.creators, 1):
        ref = f"#creator{n}"
        ebook.add_metadata("DC", "creator", name, {"id": ref[1:]})
        _meta(ebook, "aut", refines=ref, property="role", scheme="marc:relators")
        _meta(ebook, sort, refines=ref, property="file-as")
        _meta(ebook, str(n), refines=ref, property="display-seq")
    if meta.editor:
        ebook.add_metadata("DC", "contributor", meta.editor, {"id": "editor"})
        _meta(ebook, "edt", refines="#editor", property="role", scheme="marc:relators")
    if meta.description:
        ebook.add_metadata("DC", "description", meta.description)
    for subject in meta.subjects:
        ebook.add_metadata("DC", "subject", subject)
    for source in meta.sources:
        ebook.add_metadata("DC", "source", source)
    if meta.published:  # a full UTC time: a bare date shifts by a day in calibre
        ebook.add_metadata("DC", "date", f"{meta.published}T00:00:00Z")
    if meta.rights:
        ebook.add_metadata("DC", "rights", meta.rights)
    ebook.add_metadata("DC", "publisher", meta.publisher)
    if meta.series:
        _meta(ebook, meta.series.name, property="belongs-to-collection", id="series")
        _meta(ebook, "series", refines="#series", property="collection-type")
        if meta.series.index:
            _meta(ebook, str(meta.series.index), refines="#series", property="group-position")
        _meta(ebook, None, name="calibre:series", content=meta.series.name)
        if meta.series.index:
            _meta(ebook, None, name="calibre:series_index", content=str(meta.series.index))
    for prop, value in (*_A11Y, ("accessibilitySummary", meta.a11y_summary)):
        _meta(ebook, value, property=f"schema:{prop}")
    _meta(ebook, None, name="cover", content="cover-image")
    ebook.add_prefix("calibre", "https://calibre-ebook.com")


def _toc(entries: tuple[NavEntry, ...]) -> list[object]:
    """``book.toc``: a ``Link`` per leaf, ``(Section, children)`` per branch."""
    toc: list[object] = []
    for e in entries:
        title = xml_safe(e.title).strip() or "Untitled"
        if e.children:
            toc.append((epub.Section(title, e.href), _toc(e.children)))
        else:
            toc.append(epub.Link(e.href, title, f"nav-{e.order}"))
    return toc


def epub_book(meta: PackageMeta, rendition: Rendition, cover: bytes, cover_name: str,
              cover_type: str) -> epub.EpubBook:
    """The :class:`ebooklib.epub.EpubBook` of a rendered book: metadata, items, spine,
    table of contents (``Link``/``Section``, two or three levels) and guide."""
    ebook = epub.EpubBook()
    ebook.FOLDER_NAME = CONTENT
    _add_metadata(ebook, meta)

    ebook.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Contents")
    for name in rendition.stylesheets:
        nav.add_link(href=f"styles/{name}", rel="stylesheet", type="text/css")
    ebook.add_item(nav)
    for n, name in enumerate(rendition.stylesheets, 1):
        ebook.add_item(epub.EpubItem(f"css-{n}", f"styles/{name}", "text/css", _static(name)))
    image = epub.EpubCover(uid="cover-image", file_name=cover_name)
    image.media_type, image.content = cover_type, cover
    ebook.add_item(image)
    items: dict[str, epub.EpubItem] = {"nav.xhtml": nav}
    for d in rendition.documents:  # our XHTML as is (EpubHtml would drop the <head>)
        items[d.name] = ebook.add_item(epub.EpubItem(
            _item_id(d.name), d.name, "application/xhtml+xml", d.xhtml.encode("utf-8")))

    ebook.spine = [items[name] for name, _ in _with_nav(rendition)]
    ebook.toc = _toc(rendition.toc)
    if not ebook.toc:  # an empty toc makes an invalid nav
        raise RenderError("the book has nothing to list in its table of contents")
    landmarks = (*rendition.landmarks, ("toc", "Contents", "nav.xhtml"))
    ebook.guide = [{"type": _GUIDE_TYPES[t], "title": xml_safe(label), "href": href}
                   for t, label, href in landmarks if t in _GUIDE_TYPES]
    return ebook


# --------------------------------------------------------------------------- finishing


def _finish_opf(data: bytes, meta: PackageMeta, depth: int) -> bytes:
    """The package document, with ``xml:lang`` and manifest attributes in id-first order."""
    root = etree.fromstring(data, _PARSER)
    root.set(_XML_LANG, meta.language)
    for item in root.iterfind(f"{_OPF}manifest/{_OPF}item"):
        attrs = dict(item.attrib)
        item.attrib.clear()
        for key in ("id", "href", "media-type", "properties"):
            if key in attrs:
                item.set(key, attrs[key])
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def _finish_ncx(data: bytes, meta: PackageMeta, depth: int) -> bytes:
    """The NCX, with its language, real depth, authors and ``nav-N`` point ids."""
    root = etree.fromstring(data, _PARSER)
    root.set(_XML_LANG, meta.language)
    for head_meta in root.iterfind(f"{_NCX}head/{_NCX}meta"):
        name = head_meta.get("name", "")
        content = str(depth) if name == "dtb:depth" else head_meta.get("content", "")
        head_meta.attrib.clear()
        head_meta.set("name", name)
        head_meta.set("content", content)
    title = root.find(f"{_NCX}docTitle")
    if title is not None:
        for author, _ in reversed(meta.creators):
            doc_author = etree.Element(f"{_NCX}docAuthor")
            etree.SubElement(doc_author, f"{_NCX}text").text = author
            title.addnext(doc_author)
    for n, point in enumerate(root.iter(f"{_NCX}navPoint"), 1):
        point.set("id", f"nav-{n}")
    etree.indent(root, space="  ")
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


def _finish_nav(data: bytes, meta: PackageMeta, depth: int) -> bytes:
    """The nav document, as the style sheets and readers expect it: ``nav.toc#toc`` with
    an ``h1``, hidden ``#landmarks`` using EPUB 3 types, ``<li><a>`` kept together."""
    root = etree.fromstring(data, _PARSER)
    head, body = root.find(f"{_XHTML}head"), root.find(f"{_XHTML}body")
    if head is not None:
        head.insert(0, etree.Element(f"{_XHTML}meta", charset="utf-8"))
    if body is not None:
        body.set("class", "nav")
        body.set(_EPUB_TYPE, "frontmatter")
    for nav in root.iter(f"{_XHTML}nav"):
        kind = nav.get(_EPUB_TYPE)
        if kind == "toc":
            nav.set("id", "toc")
            nav.set("class", "toc")
            heading = nav.find(f"{_XHTML}h2")
            if heading is not None:
                heading.tag = f"{_XHTML}h1"
        elif kind == "landmarks":
            nav.set("id", "landmarks")
            nav.set("hidden", "hidden")
            for a in nav.iter(f"{_XHTML}a"):
                if a.get(_EPUB_TYPE) == "title-page":
                    a.set(_EPUB_TYPE, "titlepage")
    etree.indent(root, space="  ")
    for li in root.iter(f"{_XHTML}li"):
        li.text = None
        if len(li) == 1:
            li[0].tail = None
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=True)


_FINISH: dict[str, Callable[[bytes, PackageMeta, int], bytes]] = {
    f"{CONTENT}/content.opf": _finish_opf,
    f"{CONTENT}/toc.ncx": _finish_ncx,
    f"{CONTENT}/nav.xhtml": _finish_nav,
}


class _Entries:
    """Stands in for the zip EbookLib would write: keeps each entry's name and bytes, in
    order, so the package is zipped once, by :func:`_pack`."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def writestr(self, name: str, data: str | bytes, **options: object) -> None:
        self.items.append((str(name), data.encode("utf-8") if isinstance(data, str)
                           else bytes(data)))


class _Writer(epub.EpubWriter):
    """EbookLib's writer (EbookLib is pinned) with its ``write`` steps sent to
    :class:`_Entries` instead of a zip file (``mimetype`` is :func:`_pack`'s)."""

    def write(self) -> None:
        self.out = _Entries()
        self._write_container()
        self._write_opf()
        self._write_items()


def _entries(ebook: epub.EpubBook, options: dict[str, object]) -> list[tuple[str, bytes]]:
    """The package's entries as EbookLib writes them, in its order (no ``mimetype``).

    :raises RenderError: when EbookLib cannot write them.
    """
    writer = _Writer("", ebook, options)
    try:
        writer.process()
        writer.write()
    except (OSError, ValueError, TypeError, etree.LxmlError) as exc:
        raise RenderError(f"EbookLib could not write the EPUB package: {exc}") from exc
    return writer.out.items


def _pack(items: list[tuple[str, bytes]], meta: PackageMeta, depth: int) -> bytes:
    """The zip, reproducible: ``mimetype`` first and stored, then EbookLib's entries in
    order, finished, each with a fixed timestamp and mode (EbookLib would stamp the clock)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in [("mimetype", b"application/epub+zip"), *items]:
            if name in _FINISH:
                content = _FINISH[name](content, meta, depth)
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = name == "mimetype" or name.endswith((".jpg", ".jpeg", ".png"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, content, compresslevel=None if stored else 6)
    return buf.getvalue()


def render_epub(book: Book) -> bytes:
    """Render ``book`` as EPUB 3 bytes.

    :raises RenderError: when the book has no story to render, the cover is not an
        image, or EbookLib cannot write the package.
    """
    if not book.stories:
        raise RenderError("the book has no stories", hint="give at least one story file")
    view = layout_book(book)
    meta = package_meta(view)
    cover = book.cover
    if not cover:
        from bookmaker.render.cover import render_cover  # Pillow only when drawing

        cover = render_cover(meta.title, tuple(a for a, _ in meta.creators), meta.subtitle)
    cover_type, cover_ext = image_type(cover)
    rendition = render_documents(view, f"images/cover.{cover_ext}", stylesheets(book))
    ebook = epub_book(meta, rendition, cover, f"images/cover.{cover_ext}", cover_type)
    options = {
        "mtime": datetime.fromisoformat(meta.modified).replace(tzinfo=UTC),  # "…Z"
        "play_order": {"enabled": True, "start_from": 1},
        "epub3_pages": False,  # no page list (and no parsing of every document for one)
        "landmark_title": "Landmarks",
    }
    items = _entries(ebook, options)
    try:
        return _pack(items, meta, _numbered(rendition.toc))
    except etree.LxmlError as exc:
        raise RenderError(f"the EPUB package EbookLib wrote is unreadable: {exc}") from exc


def _item_id(name: str) -> str:
    """A manifest id (an XML name) for a document file name."""
    return "x-" + name.rsplit(".", 1)[0]
