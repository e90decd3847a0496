"""Book to the one HTML document a PDF is printed from.

The document binds every story of the book: half-title, title page, contents,
then each story (its own title page in an anthology, front matter, parts,
chapters, end matter) and a colophon. Story text is passed to Jinja as data and
autoescaped. Styles are the print stylesheets (fonts, print, theme, trim), either
inlined (``--format html``) or handed to WeasyPrint as parsed ``CSS`` objects.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, partial
from pathlib import Path

from bookmaker import __version__
from bookmaker.errors import ConfigError
from bookmaker.layout import BookLayout, TocEntry, layout_book
from bookmaker.layout.printed import (
    imprint_kinds,
    lead_in,
    print_layout,
    proper_names,
    protect_names,
)
from bookmaker.model import Book
from bookmaker.read.files import STYLE_LIMIT, check_file
from bookmaker.render.scripts import cjk_font_css
from bookmaker.render.templating import environment
from bookmaker.render.trim import SERVICES, Trim, gutter_for, parse_length, parse_trim
from bookmaker.resources import fonts_dir, style_file
from bookmaker.settings.options import THEMES

__all__ = [
    "THEMES",
    "book_trim",
    "cmyk_profile",
    "profile_rule",
    "printed_contents",
    "theme_path",
    "stylesheets",
    "print_html",
    "render_print_html",
    "render_print_bytes",
]


_FONT_URL = re.compile(r"""url\(\s*(["']?)(?![a-z][a-z0-9+.-]*:)([^"')]+)\1\s*\)""", re.I)


def theme_path(style: str | None) -> Path:
    """The CSS file of a theme name or a path to a CSS file.

    :raises ConfigError: for an unknown theme or an unreadable file.
    """
    name = (style or "classic").strip()
    if name in THEMES:
        return _style_file(f"themes/{name}.css")
    path = Path(name).expanduser()
    if path.suffix.lower() == ".css" or "/" in name or "\\" in name:
        if not path.is_file():
            raise ConfigError("style sheet not found", path=path,
                              hint=f"give a CSS file, or a theme: {', '.join(THEMES)}")
        return path
    raise ConfigError(f"unknown style {name!r}",
                      hint=f"choose a theme: {', '.join(THEMES)}, or give a .css file")


@cache
def _read_css(path: Path, mtime: float) -> str:
    del mtime  # part of the cache key only
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the style sheet: {exc}", path=path) from None


def read_style(path: Path) -> str:
    """A style sheet's text: a regular file under the size limit, read once per change.

    :raises ConfigError: when it is not such a file or cannot be read as UTF-8.
    """
    check_file(path, STYLE_LIMIT, error=ConfigError, hint="give a CSS file")
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ConfigError(f"cannot read the style sheet: {exc.strerror}", path=path) from None
    return _read_css(path, mtime)


def _css(path: Path) -> str:
    """A print style sheet: fonts.css with absolute ``file:`` URLs into the font folder."""
    text = read_style(path)
    if path.name == "fonts.css":
        base = fonts_dir().as_uri() + "/"
        text = _FONT_URL.sub(lambda m: f'url("{base}{m.group(2)}")', text)
    return text


DEFAULT_TRIM = "digest"
"""The trim of a book that names none; a print service's own trim replaces it."""

_PURE_BLACK = ("html { color: device-cmyk(0 0 0 1); }\n"
               ".chapter-notes { border-color: device-cmyk(0 0 0 .4); }\n")
"""PDF/X: text in 100 % K (black ink only, never a four-colour mix), rules in grey K."""

CMYK_PROFILES = (
    "/usr/share/color/icc/colord/FOGRA39L_coated.icc",
    "/usr/share/color/icc/ghostscript/default_cmyk.icc",
    "/usr/share/ghostscript/iccprofiles/default_cmyk.icc",
)
"""CMYK profiles a system may have (colord, Ghostscript), tried in order for PDF/X."""


def profile_rule(profile: Path) -> str:
    """The ``@color-profile`` rule that makes ``profile`` the PDF's CMYK output intent."""
    return (f'@color-profile device-cmyk {{ src: url("{profile.as_uri()}");'
            " components: c, m, y, k; }\n")


def cmyk_profile(book: Book) -> Path | None:
    """The CMYK output profile a PDF/X of ``book`` declares, or ``None`` for none.

    :raises ConfigError: when PDF/X is asked for and no profile is found or given.
    """
    if not book.options.pdf_variant.startswith("pdf/x"):
        return None
    given = book.options.icc_profile
    for name in ((given,) if given else CMYK_PROFILES):
        path = Path(name).expanduser()
        if path.is_file():
            return path.resolve()
    raise ConfigError(
        f"{book.options.pdf_variant} needs a CMYK output profile" + (
            f": {given} is not a file" if given else ""),
        hint="give --icc-profile FILE (your printer's, e.g. FOGRA39 or GRACoL), or install "
             "Ghostscript, whose default_cmyk.icc is then used")


def book_trim(book: Book, pages: int = 0) -> Trim:
    """The book's trim with its bleed, and the gutter for ``pages`` pages.

    :raises ConfigError: for a bad ``trim`` or ``bleed`` option.
    """
    name = book.options.trim
    if book.options.service and name in ("", DEFAULT_TRIM):  # the service's own trim
        name = SERVICES[book.options.service].trim
    trim = parse_trim(name)
    bleed = book.options.bleed
    points = parse_length(bleed) if bleed else 0.0
    return replace(trim, bleed=points, gutter=gutter_for(pages))


def stylesheets(book: Book, pages: int = 0) -> tuple[str, ...]:
    """The print style sheets of ``book``, in cascade order: fonts, print, theme, trim.

    Font URLs are absolute ``file:`` URLs into bookmaker's font folder, so the
    same text works inlined in an HTML file and as a WeasyPrint ``CSS``.

    :param pages: the page count the gutter is sized for (0: a thin book).
    :raises ConfigError: for a bad ``trim`` or ``style`` option.
    """
    trim = book_trim(book, pages)
    theme = theme_path(book.options.style)
    profile = cmyk_profile(book)
    black = "" if profile is None else profile_rule(profile) + _PURE_BLACK
    return (
        _css(_style_file("fonts.css")),
        _css(_style_file("base.css")),
        _css(_style_file("print.css")),
        _css(theme),
        trim.css() + black,
        cjk_font_css(book),  # render/scripts.py: CJK faces, only for a book that uses them
    )


def _style_file(name: str) -> Path:
    """``name`` in the user's styles folder when it is there, else in bookmaker's."""
    return style_file(name)


_NOT_PRINTED = ("title", "book-title", "colophon")
"""Contents entries the printed contents page leaves out (pages before it, and the colophon)."""


def printed_contents(view: BookLayout) -> tuple[TocEntry, ...]:
    """The contents page: the layout's tree without the pages it need not list."""
    return tuple(e for e in view.toc if e.kind not in _NOT_PRINTED)


def _count(entries: tuple[TocEntry, ...]) -> int:
    return sum(1 + _count(e.children) for e in entries)


def shows_contents(view: BookLayout, contents: tuple[TocEntry, ...]) -> bool:
    """Whether the book lists its contents: an anthology always, a story with more than
    one entry (a contents page for a lone chapter says nothing)."""
    return view.book.is_anthology or _count(contents) > 1


def print_html(book: Book | BookLayout, styles: tuple[str, ...] = ()) -> str:
    """The print document of a book's layout, with ``styles`` inlined as ``<style>``.

    Bookmarks follow the layout's contents tree: a section is bookmarked at its
    depth there, under its title there, and only when it is an entry.
    """
    view = book if isinstance(book, BookLayout) else layout_book(book)
    contents = printed_contents(view)
    template = environment().get_template("print/book.html")
    return template.render(
        book=view.book,
        view=view,
        pl=print_layout(view),
        lead_in=lead_in,
        names=partial(protect_names, names=proper_names(
            p for s in view.book.stories for ch in s.chapters for p in ch.paragraphs)),
        imprint_kinds=imprint_kinds(),
        contents=contents,
        bookmarks={e.target: (depth, e.title) for depth, e in view.entries()},
        show_contents=shows_contents(view, contents),
        description=" ".join(view.description.split()),
        keywords=view.keywords,
        styles=[s.replace("</", "<\\/") for s in styles],
        version=__version__,
    )


def render_print_html(book: Book) -> str:
    """The ``--format html`` output: the print document with its styles inlined.

    :raises ConfigError: for a bad ``trim`` or ``style`` option.
    """
    return print_html(book, stylesheets(book))


def render_print_bytes(book: Book) -> bytes:
    """:func:`render_print_html` as UTF-8 bytes, the ``html`` renderer."""
    return render_print_html(book).encode("utf-8")
