"""Print document to PDF bytes with WeasyPrint, fetching nothing but bookmaker's files.

One book is rendered as one document. Parsed ``CSS`` objects and the one
``FontConfiguration`` are cached for the process, so building several books in a
row parses the fonts once. Rendering is single-threaded; build books in parallel
with processes. The PDF carries no creation time and no random identifier unless
``Book.options.date`` is given, so the same book gives the same bytes.
"""

from __future__ import annotations

import gc
import logging
import math
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bookmaker.errors import RenderError
from bookmaker.layout import metadata as md
from bookmaker.model import Book
from bookmaker.render.frame_stack import steady
from bookmaker.render.print_html import book_trim, cmyk_profile, print_html, stylesheets
from bookmaker.render.scripts import cjk_font_file
from bookmaker.render.trim import PRESETS, gutter_for, page_warning
from bookmaker.resources import data_dir, fonts_dir, styles_dir

__all__ = ["SafeFetcher", "render_pdf", "page_count", "pin_dates"]

log = logging.getLogger("bookmaker.pdf")

try:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except (ImportError, OSError) as exc:  # Pango/HarfBuzz missing: report it on use
    _IMPORT_ERROR: Exception | None = exc
    URLFetcher = object
else:
    _IMPORT_ERROR = None

_CSS_CACHE: dict[str, weasyprint.CSS] = {}
"""Parsed style sheets by text, reused across books."""
_FONT_CONFIG: list[FontConfiguration] = []
"""The one font configuration (it holds the @font-face fonts)."""


class SafeFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only bookmaker's own styles and fonts.

    Every other URL — other files, ``http:``, ``data:``, anything — is refused
    before anything is opened or requested.
    """

    def __init__(self, roots: tuple[Path, ...] | None = None,
                 files: tuple[Path, ...] = ()) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        cjk = cjk_font_file()  # the CJK face's folder (render/scripts.py)
        roots = roots or (styles_dir(), data_dir("styles"), fonts_dir(),
                          *((cjk.parent,) if cjk else ()))
        self.roots = tuple(r.resolve() for r in roots)
        self.files = tuple(f.resolve() for f in files)
        """Single files allowed besides the folders (a CMYK profile)."""

    def allowed(self, url: str) -> Path | None:
        """The local file ``url`` names, when it lies under an allowed folder."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, ValueError, RuntimeError):
            return None
        inside = any(path.is_relative_to(root) for root in self.roots) or path in self.files
        if inside and path.is_file():
            return path
        return None

    def fetch(self, url: str, headers: dict | None = None):  # noqa: D102
        path = self.allowed(url)
        if path is None:
            log.info("refused to fetch %s", url[:200])
            raise ValueError("bookmaker fetches only its own styles and fonts")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": mime})


def _font_config() -> FontConfiguration:
    if not _FONT_CONFIG:
        _FONT_CONFIG.append(FontConfiguration())
    return _FONT_CONFIG[0]


def _css_objects(texts: tuple[str, ...], fetcher: SafeFetcher,
                 font_config: FontConfiguration, profiles: dict | None = None
                 ) -> list[weasyprint.CSS]:
    """Parsed style sheets; cached only for the default fetcher and font configuration.

    :param profiles: receives the ``@color-profile`` rules (PDF/X's output profile).
    """
    base = styles_dir().as_uri() + "/"
    cached = type(fetcher) is SafeFetcher and font_config is _font_config() and not fetcher.files
    out = []
    for text in texts:
        css = _CSS_CACHE.get(text) if cached else None
        if css is None:
            css = weasyprint.CSS(string=text, base_url=base, url_fetcher=fetcher,
                                 font_config=font_config, color_profiles=profiles)
            if cached:
                _CSS_CACHE[text] = css
        out.append(css)
    return out


@contextmanager
def _fewer_collections(thresholds: tuple[int, int, int] = (100_000, 50, 100)
                       ) -> Iterator[None]:
    """Run the cyclic garbage collector less often while WeasyPrint lays out a book.

    Layout allocates millions of boxes that live until the PDF is written; with
    Python's default thresholds the collector rescans them again and again, which
    costs ~7 % of a 100,000-word book and ~12 % of a 500,000-word one (the share
    grows with the book). Garbage is still collected, in bigger batches; peak
    memory barely moves. The previous thresholds come back afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(*(max(new, old) for new, old in zip(thresholds, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _font_timestamps(book: Book) -> Iterator[None]:
    """Pin the time fontTools stamps into subset fonts to the book's own date.

    Without Debian's ``libharfbuzz-subset0`` WeasyPrint subsets fonts with fontTools,
    which writes the current time into each font's ``head`` table unless
    ``SOURCE_DATE_EPOCH`` is set; the variable is set only while rendering, and only
    when the caller has not set it.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(md.modified_datetime(book).timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def render_pdf(book: Book, *, fetcher: SafeFetcher | None = None) -> bytes:
    """Render ``book`` to PDF bytes.

    :param fetcher: the URL fetcher (a :class:`SafeFetcher`; tests pass one that
        records requests). With a custom fetcher, style sheets and fonts are loaded
        afresh, so every request goes through it.
    :raises ConfigError: for a bad trim or style.
    :raises RenderError: when WeasyPrint fails.
    """
    if _IMPORT_ERROR is not None:
        raise RenderError(f"WeasyPrint cannot start: {_IMPORT_ERROR}",
                          hint="install Pango 1.44+ (see WeasyPrint's install notes)")
    font_config = _font_config() if fetcher is None else FontConfiguration()
    profile = cmyk_profile(book)
    fetcher = fetcher or SafeFetcher(files=(profile,) if profile else ())
    html = print_html(book)

    def render() -> bytes:
        document = _laid_out(book, html, fetcher, font_config)
        pages = len(document.pages)
        _LAST_COUNT[:] = [(book, pages)]
        warning = page_warning(book.options.service, pages)
        if warning:
            log.warning("%s: %s", book.title, warning)
        variant = book.options.pdf_variant or None
        if variant:
            pin_dates(document, book)
        return document.write_pdf(pdf_variant=variant)

    try:
        with _fewer_collections(), _font_timestamps(book):
            return steady(render)
    except (OSError, ValueError, TypeError, AssertionError, RecursionError) as exc:
        raise RenderError(f"WeasyPrint could not render the book: {exc}",
                          path=book.title) from None


_GUTTER_PASSES = 3
"""Layouts tried at most: the gutter for a page count can change the page count."""


WORDS_PER_PAGE = {"classic": 240.0, "large-print": 78.0}
"""Words a digest page holds in each shipped style, chapter openings included (measured
on generated prose: 234 and 78); a style sheet of the user's is guessed as classic."""


def guess_pages(book: Book) -> int:
    """A first guess at the page count, so that a long book is laid out once with the
    gutter of its length rather than twice (once thin, once right).

    Only a guess: :func:`_laid_out` checks it against the real count, and a wrong one
    costs the second layout every long book paid before. Pages grow with the square
    root of the trim's area (margins grow with the page: measured 6x9 252 and A5 241
    words a page against digest's 234).
    """
    words = sum(story.word_count for story in book.stories)
    per_page = WORDS_PER_PAGE.get(book.options.style, WORDS_PER_PAGE["classic"])
    trim, (width, height) = book_trim(book), PRESETS["digest"]
    return round(words / (per_page * math.sqrt(trim.width * trim.height / (width * height))))


def _laid_out(book: Book, html: str, fetcher: SafeFetcher, font_config: FontConfiguration):
    """The laid-out document, with the gutter sized for its own page count.

    The book is laid out with the gutter of :func:`guess_pages`; only when the real
    count needs another gutter (the guess fell across one of KDP's steps at 150, 300,
    500 and 700 pages) is it laid out again.
    """
    pages = guess_pages(book)
    document = None
    for _ in range(_GUTTER_PASSES):
        profiles: dict = {}
        css = _css_objects(stylesheets(book, pages), fetcher, font_config, profiles)
        document = weasyprint.HTML(string=html, base_url=styles_dir().as_uri() + "/",
                                   url_fetcher=fetcher).render(
            stylesheets=css, font_config=font_config, color_profiles=profiles)
        count = len(document.pages)
        if gutter_for(count) == gutter_for(pages):
            break
        pages = count
    return document


_LAST_COUNT: list[tuple[Book, int]] = []
"""The last book rendered and its page count (the wrap cover built after it reuses it)."""


def page_count(book: Book) -> int:
    """How many pages ``book`` prints to (laid out unless it was just rendered).

    :raises RenderError: when WeasyPrint cannot start or fails.
    """
    if _LAST_COUNT and _LAST_COUNT[0][0] is book:
        return _LAST_COUNT[0][1]
    if _IMPORT_ERROR is not None:
        raise RenderError(f"WeasyPrint cannot start: {_IMPORT_ERROR}")
    try:
        with _fewer_collections(), _font_timestamps(book):
            profile = cmyk_profile(book)
            fetcher = SafeFetcher(files=(profile,) if profile else ())
            html = print_html(book)
            return steady(lambda: len(_laid_out(book, html, fetcher, _font_config()).pages))
    except (OSError, ValueError, AssertionError, RecursionError) as exc:
        raise RenderError(f"WeasyPrint could not lay out the book: {exc}",
                          path=book.title) from None


def pin_dates(document, book: Book) -> None:
    """PDF/X and PDF/A writers stamp the clock when no date is set: set the book's own."""
    stamp = md.modified(book)
    if not document.metadata.created:
        document.metadata.created = stamp
    if not document.metadata.modified:
        document.metadata.modified = stamp
