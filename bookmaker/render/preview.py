"""Book to a preview page: one HTML file a browser shows as the book (``--format html``).

The page draws the same :class:`~bookmaker.layout.BookLayout` through the same shared
templates as the EPUB and the print document, with screen style sheets inlined
(base.css, screen.css, the theme, the theme's screen sheet): a readable measure, no
page model (``@page`` rules are left out, even of a user's theme), no script and
nothing fetched from elsewhere. The fonts it uses and the cover are files beside it,
in :data:`ASSET_DIR`, linked by relative URLs: the page opens from the output folder
anywhere. Asset names carry a digest of their bytes, so one folder serves every book
of the output folder, a name never holds two different files, and two builds write
the same bytes. :func:`preview_assets` gives the files; the caller writes them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bookmaker import __version__
from bookmaker.layout import BookLayout, layout_book
from bookmaker.layout.metadata import cover_alt
from bookmaker.model import Book
from bookmaker.read.files import file_problem
from bookmaker.render.cover import image_type
from bookmaker.render.css_urls import self_contained
from bookmaker.render.print_html import printed_contents, read_style, shows_contents, theme_path
from bookmaker.render.templating import environment
from bookmaker.resources import fonts_dir, style_file
from bookmaker.settings.options import THEMES

__all__ = ["ASSET_DIR", "Asset", "preview_html", "preview_assets", "render_preview",
           "is_asset_name", "screen_stylesheets"]

log = logging.getLogger("bookmaker")

ASSET_DIR = "html-files"
"""Folder beside the page (in the output folder) holding its fonts and cover."""

FONT_LIMIT = 32 * 1024 * 1024
"""Largest font file copied beside a page (Source Serif's are ~0.2 MB each)."""

_DIGEST = 10
"""Hex digits of an asset's SHA-256 in its name: enough that two files never share one."""

_ASSET_NAME = re.compile(rf"^{ASSET_DIR}/[A-Za-z0-9][A-Za-z0-9_.-]{{0,120}}$")
"""What an asset's name may be: one plain file inside :data:`ASSET_DIR`, no ``..``."""

_URL = re.compile(r"""url\(\s*(["']?)(?![a-z][a-z0-9+.-]*:)([^"')]+)\1\s*\)""", re.I)
"""A relative ``url(…)`` in fonts.css (absolute and remote ones are dropped elsewhere)."""


@dataclass(frozen=True)
class Asset:
    """A file the page links: its name relative to the output folder, and its bytes."""

    name: str
    """``html-files/SourceSerifPro-Regular-0123456789.ttf``: always :func:`is_asset_name`."""
    data: bytes


def is_asset_name(name: str) -> bool:
    """Whether ``name`` is a preview asset's name: a plain file inside :data:`ASSET_DIR`."""
    return bool(_ASSET_NAME.match(name)) and ".." not in name


def _asset(stem: str, suffix: str, data: bytes) -> Asset:
    """``data`` named after ``stem`` (made safe) and its digest."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:60] or "file"
    digest = hashlib.sha256(data).hexdigest()[:_DIGEST]
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)[:8]
    return Asset(f"{ASSET_DIR}/{safe}-{digest}.{suffix or 'bin'}", data)


@cache
def _font_asset(path: Path, mtime: float) -> Asset | None:
    del mtime  # part of the cache key only
    try:
        return _asset(path.stem, path.suffix, path.read_bytes())
    except OSError:
        return None


def _font(url: str) -> Asset | None:
    """The font file a relative URL of fonts.css names, when it is a regular file inside
    bookmaker's font folder (a user's fonts.css cannot copy other files)."""
    root = fonts_dir().resolve()
    path = (root / url.split("?")[0].split("#")[0]).resolve()
    if not path.is_relative_to(root) or file_problem(path, FONT_LIMIT) is not None:
        return None
    return _font_asset(path, path.stat().st_mtime)


def _fonts_css() -> tuple[str, tuple[Asset, ...]]:
    """fonts.css with each font's URL pointing at its copy beside the page, and the copies.

    A font that cannot be found loses its rule's URL, so the page falls back to the
    browser's serif (and never points at a file that is not there).
    """
    text = read_style(style_file("fonts.css"))
    assets: dict[str, Asset] = {}

    def local(match: re.Match[str]) -> str:
        asset = _font(match.group(2).strip())
        if asset is None:
            log.warning("fonts.css: no font file %s; the preview uses the browser's serif",
                        match.group(2))
            return 'local("Source Serif Pro")'
        assets[asset.name] = asset
        return f'url("{asset.name}")'

    return _URL.sub(local, text), tuple(assets.values())


def _screen_only(css: str, name: str) -> str:
    """``css`` without ``@page`` rules (a page model means nothing on a screen) and
    without rules that fetch from outside the page (remote or ``file:`` URLs)."""
    css = self_contained(css.encode("utf-8"), name).decode("utf-8")
    if "@page" not in css.lower():
        return css
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=False, skip_comments=False)
    return "".join(r.serialize() for r in rules
                   if not (r.type == "at-rule" and r.lower_at_keyword == "page"))


def _theme_screen(style: str) -> Path | None:
    """A shipped theme's screen sheet, ``styles/themes/NAME.screen.css``, when it has one
    (a user's own CSS file is its whole theme)."""
    name = (style or "classic").strip()
    if name not in THEMES:
        return None
    path = style_file(f"themes/{name}.screen.css")
    return path if path.is_file() else None


def screen_stylesheets(book: Book) -> tuple[tuple[str, ...], tuple[Asset, ...]]:
    """The page's style sheets in cascade order (fonts, base, screen, theme, the theme's
    screen sheet) and the font files they link.

    :raises ConfigError: for an unknown theme or an unreadable style sheet.
    """
    fonts, assets = _fonts_css()
    theme = theme_path(book.options.style)
    sheets = [fonts, read_style(style_file("base.css")), read_style(style_file("screen.css"))]
    sheets.append(_screen_only(read_style(theme), theme.name))
    extra = _theme_screen(book.options.style)
    if extra is not None:
        sheets.append(_screen_only(read_style(extra), extra.name))
    return tuple(sheets), assets


def _cover(book: Book) -> Asset | None:
    """The book's own cover beside the page; ``None`` when it has none (none is drawn)."""
    if not book.cover:
        return None
    _, ext = image_type(book.cover)
    return _asset("cover", ext, book.cover)


def preview_html(book: Book | BookLayout) -> tuple[str, tuple[Asset, ...]]:
    """The preview page of a book's layout and the files it links (fonts, cover)."""
    view = book if isinstance(book, BookLayout) else layout_book(book)
    styles, assets = screen_stylesheets(view.book)
    cover = _cover(view.book)
    contents = printed_contents(view)
    html = environment().get_template("preview/book.html").render(
        book=view.book,
        view=view,
        contents=contents if shows_contents(view, contents) else (),
        cover=cover.name if cover else "",
        cover_alt=cover_alt(view.book),
        description=" ".join(view.description.split()),
        styles=[s.replace("</", "<\\/") for s in styles],
        version=__version__,
    )
    return html, (*assets, *((cover,) if cover else ()))


def render_preview(book: Book) -> bytes:
    """The ``html`` renderer: the preview page as UTF-8 bytes.

    :raises ConfigError: for a bad ``style`` option or an unreadable style sheet.
    """
    return preview_html(book)[0].encode("utf-8")


def preview_assets(book: Book) -> tuple[Asset, ...]:
    """The files the preview page of ``book`` links, named relative to the output folder
    (the page itself is not rendered for them)."""
    cover = _cover(book)
    return (*screen_stylesheets(book)[1], *((cover,) if cover else ()))
