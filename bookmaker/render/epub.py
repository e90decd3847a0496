"""Package a Book as an EPUB 3 file (with an NCX and guide for older readers).

The zip is written here rather than by EbookLib, for determinism and control
(see DESIGN.md's EbookLib pitfalls): ``mimetype`` first and stored, then the
entries in a fixed order, each with a fixed timestamp and permissions, so the same
book always gives the same bytes. No clock, no random identifier.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bookmaker.errors import RenderError
from bookmaker.model import Book
from bookmaker.render import metadata as md
from bookmaker.render.templating import environment
from bookmaker.render.xhtml import NavEntry, Rendition, render_documents, xml_safe
from bookmaker.resources import data_dir, styles_dir, templates_dir

__all__ = ["render_epub", "STYLESHEETS"]

STYLESHEETS = ("base.css", "epub.css")
"""Stylesheets linked from every document, from ``styles/``."""

CONTENT = "OEBPS"
"""Folder holding the package document and content inside the zip."""

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_A11Y_SUMMARY = (
    "Reflowable text with a table of contents, landmarks and headings for navigation. "
    "The only image is the cover, described by its alternative text. No hazards."
)


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
    modified: str
    series: md.Series | None
    a11y_summary: str = _A11Y_SUMMARY


def package_meta(book: Book) -> PackageMeta:
    """Metadata for ``book``'s package document (pure, deterministic)."""
    single = book.stories[0] if len(book.stories) == 1 else None
    description = book.description or (md.summary(single) if single else "")
    subjects: dict[str, None] = {}
    for story in book.stories:
        for s in md.subjects(story):
            subjects.setdefault(s, None)
    series = md.series(single) if single else None
    return PackageMeta(
        identifier=md.identifier(book),
        title=book.title.strip() or "Untitled",
        subtitle=book.subtitle,
        language=md.language(book, single),
        creators=tuple((a, md.file_as(a)) for a in book.authors if a.strip()),
        editor=book.editor,
        description=description,
        subjects=tuple(subjects),
        sources=tuple(s for s in book.source_names if s),
        modified=md.modified(book),
        series=series if series and series.name else None,
    )


def _static(folder: str, name: str) -> bytes:
    """A static file from the (user's) styles or templates, else from bookmaker's own."""
    base = styles_dir() if folder == "styles" else templates_dir() / "epub"
    if not (base / name).is_file():
        base = data_dir("styles") if folder == "styles" else data_dir("templates") / "epub"
    return _read_static(base / name)


@cache
def _read_static(path: Path) -> bytes:
    return path.read_bytes()


def _numbered(entries: tuple[NavEntry, ...]) -> int:
    """Depth of the contents tree."""
    return max((1 + _numbered(e.children) for e in entries), default=0)


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    """A reproducible EPUB zip: ``mimetype`` first and stored, fixed times and modes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in [("mimetype", b"application/epub+zip"), *files]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = name == "mimetype" or name.endswith((".jpg", ".jpeg", ".png"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=None if stored else 6)
    return buf.getvalue()


def _with_nav(rendition: Rendition) -> list[tuple[str, str]]:
    """Spine as ``(file name, matter)``: the contents page goes before the body."""
    spine = [(d.name, d.matter) for d in rendition.documents]
    at = next((i for i, (_, m) in enumerate(spine) if m != "front"), len(spine))
    spine.insert(at, ("nav.xhtml", "front"))
    return spine


def render_epub(book: Book) -> bytes:
    """Render ``book`` as EPUB 3 bytes.

    :raises RenderError: when the book has no story to render.
    """
    if not book.stories:
        raise RenderError("the book has no stories", hint="give at least one story file")
    env = environment()
    meta = package_meta(book)
    cover = book.cover
    if not cover:
        from bookmaker.render.cover import render_cover  # Pillow only when drawing

        cover = render_cover(meta.title, tuple(a for a, _ in meta.creators), meta.subtitle)
    cover_type, cover_ext = _image_type(cover)
    rendition = render_documents(book, f"images/cover.{cover_ext}")
    landmarks = (*rendition.landmarks, ("toc", "Contents", "nav.xhtml"))

    nav = xml_safe(env.get_template("epub/nav.xhtml").render(
        lang=meta.language, title="Contents", body_class="nav", body_type="frontmatter",
        toc=rendition.toc, landmarks=landmarks,
    ))
    ncx = xml_safe(env.get_template("epub/toc.ncx").render(
        lang=meta.language, identifier=meta.identifier, depth=_numbered(rendition.toc),
        title=meta.title, authors=[a for a, _ in meta.creators], toc=rendition.toc,
    ))
    ids = {d.name: _item_id(d.name) for d in rendition.documents}
    manifest = [("nav", "nav.xhtml", "application/xhtml+xml", "nav"),
                ("ncx", "toc.ncx", "application/x-dtbncx+xml", ""),
                ("cover-image", f"images/cover.{cover_ext}", cover_type, "cover-image")]
    manifest += [(f"css-{i}", f"styles/{n}", "text/css", "")
                 for i, n in enumerate(STYLESHEETS, 1)]
    manifest += [(ids[d.name], d.name, "application/xhtml+xml", "") for d in rendition.documents]
    spine = [ids.get(name, "nav") for name, _ in _with_nav(rendition)]
    guide_types = {"cover": "cover", "titlepage": "title-page", "toc": "toc",
                   "bodymatter": "text"}
    guide = [(guide_types[t], label, href) for t, label, href in landmarks if t in guide_types]
    opf = xml_safe(env.get_template("epub/content.opf").render(
        m=meta, manifest=manifest, spine=spine, guide=guide,
    ))

    files = [
        ("META-INF/container.xml", _static("templates", "container.xml")),
        (f"{CONTENT}/content.opf", opf.encode("utf-8")),
        (f"{CONTENT}/toc.ncx", ncx.encode("utf-8")),
        (f"{CONTENT}/nav.xhtml", nav.encode("utf-8")),
        *((f"{CONTENT}/styles/{n}", _static("styles", n)) for n in STYLESHEETS),
        (f"{CONTENT}/images/cover.{cover_ext}", cover),
        *((f"{CONTENT}/{d.name}", d.xhtml.encode("utf-8")) for d in rendition.documents),
    ]
    return _zip(files)


def _item_id(name: str) -> str:
    """A manifest id (an XML name) for a document file name."""
    return "x-" + name.rsplit(".", 1)[0]


def _image_type(data: bytes) -> tuple[str, str]:
    """Media type and extension of a cover image, by its magic bytes.

    :raises RenderError: when the cover is not a JPEG, PNG, GIF or WebP image.
    """
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    raise RenderError("the cover image is not a JPEG, PNG, GIF or WebP file",
                      hint="convert it to JPEG, or remove `cover` from the sidecar")
