"""The wrap cover a print-on-demand service asks for: back, spine and front on one sheet.

Its size follows the book: ``width = 2 × trim width + spine + 2 × bleed`` and
``height = trim height + 2 × bleed``, the spine being the page count times the
paper's thickness (KDP's published figures). The front is the user's cover image
or the generated one; the back carries the description; the spine the title and
author when it is wide enough to hold them. Drawn with WeasyPrint like the book,
fetching nothing but bookmaker's own fonts and the one cover image.
"""

from __future__ import annotations

from dataclasses import dataclass

from bookmaker.errors import RenderError
from bookmaker.layout import layout_book
from bookmaker.model import Book
from bookmaker.render.print_html import book_trim, cmyk_profile, profile_rule, stylesheets
from bookmaker.render.trim import BLEED

__all__ = ["PAPER_THICKNESS", "SPINE_TEXT_MIN", "CoverSize", "cover_size", "render_wrap_cover"]

PAPER_THICKNESS: dict[str, float] = {"white": 0.002252, "cream": 0.0025}
"""Inches per page (KDP: white 0.002252, cream 0.0025)."""

SPINE_TEXT_MIN = 0.25 * 72
"""Narrowest spine (points) that takes text; KDP asks for 0.0625 in to spare each side."""

_COVER_URL = "file:///bookmaker-cover/front"
"""The one URL the cover's fetcher answers with the front image."""


@dataclass(frozen=True)
class CoverSize:
    """A wrap cover's measures in points."""

    trim_width: float
    """One cover panel (the book's trim width)."""
    trim_height: float
    """The book's trim height."""
    spine: float
    """Spine width."""
    bleed: float
    """Bleed on each outer edge."""

    @property
    def width(self) -> float:
        """``2 × trim + spine + 2 × bleed``."""
        return 2 * self.trim_width + self.spine + 2 * self.bleed

    @property
    def height(self) -> float:
        """``trim height + 2 × bleed``."""
        return self.trim_height + 2 * self.bleed


def cover_size(book: Book, pages: int) -> CoverSize:
    """The wrap cover's size for ``book`` printed on ``pages`` pages."""
    trim = book_trim(book, pages)
    thickness = PAPER_THICKNESS.get(book.options.paper, PAPER_THICKNESS["white"])
    bleed = trim.bleed or BLEED  # a cover always bleeds
    return CoverSize(trim.width, trim.height, pages * thickness * 72, bleed)


def _front_image(book: Book) -> tuple[bytes, str]:
    if book.cover:
        kind = "image/png" if book.cover[:8] == b"\x89PNG\r\n\x1a\n" else (
            "image/gif" if book.cover[:4] == b"GIF8" else "image/jpeg")
        return book.cover, kind
    from bookmaker.render.cover import render_cover

    authors = book.authors if book.authors else ((book.editor,) if book.editor else ())
    return render_cover(book.title, tuple(authors), book.subtitle), "image/jpeg"


_DARK = 140
"""Background luminance (0-255) under which the back and spine text is light."""


def _colours(image: bytes) -> tuple[str, str]:
    """(background, ink) for the back and spine: the front's own ground colour, taken
    an eighth of the way down its middle, and a text colour that reads on it."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(image)) as im:
            rgb = im.convert("RGB")
            pixel = rgb.getpixel((rgb.width // 2, rgb.height // 8))
        r, g, b = pixel if isinstance(pixel, tuple) else (37, 48, 59)
    except (OSError, ValueError):
        r, g, b = 37, 48, 59
    ink = "#f4efe4" if 0.299 * r + 0.587 * g + 0.114 * b < _DARK else "#1a1a1a"
    return f"#{r:02x}{g:02x}{b:02x}", ink


def _blurb(book: Book) -> str:
    """The back's text: the book's description, else each story's title and summary."""
    view = layout_book(book)
    if book.description or not book.is_anthology:
        return book.description or view.description
    return "\n\n".join(s.story.title + (f" — {s.summary}" if s.summary else "")
                        for s in view.stories)


def cover_html(book: Book, size: CoverSize, image: bytes = b"") -> str:
    """The cover's one-page HTML, story text autoescaped."""
    from bookmaker.render.templating import environment

    ground, ink = _colours(image)
    return environment().get_template("print/wrapcover.html").render(
        book=book, size=size, blurb=_blurb(book), image=_COVER_URL, ground=ground, ink=ink,
        spine_text=size.spine >= SPINE_TEXT_MIN,
        authors=", ".join(book.authors) or book.editor,
    )


def render_wrap_cover(book: Book) -> bytes:
    """The wrap cover PDF of ``book`` (its page count is laid out first).

    :raises RenderError: when WeasyPrint fails or cannot start.
    """
    from bookmaker.render import pdf as pdf_render

    if pdf_render._IMPORT_ERROR is not None:
        raise RenderError(f"WeasyPrint cannot start: {pdf_render._IMPORT_ERROR}")
    pages = pdf_render.page_count(book)
    size = cover_size(book, pages)
    image, mime = _front_image(book)
    profile = cmyk_profile(book)
    fetcher = pdf_render.SafeFetcher(files=(profile,) if profile else ())
    weasy = pdf_render.weasyprint

    class CoverFetcher(pdf_render.SafeFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # noqa: D102
            if url == _COVER_URL:
                return pdf_render.URLFetcherResponse(url, body=image,
                                                     headers={"Content-Type": mime})
            return fetcher.fetch(url, headers)

    fonts = stylesheets(book)[0]
    if profile is not None:  # PDF/X: declare the output profile as the book does
        fonts += profile_rule(profile)
    try:
        document = weasy.HTML(string=cover_html(book, size, image), url_fetcher=CoverFetcher(),
                              base_url=_COVER_URL)
        font_config = pdf_render.FontConfiguration()
        profiles: dict = {}
        css = weasy.CSS(string=fonts, url_fetcher=CoverFetcher(), font_config=font_config,
                        color_profiles=profiles)
        variant = book.options.pdf_variant or None
        rendered = document.render(stylesheets=[css], font_config=font_config,
                                   color_profiles=profiles)
        if variant:
            pdf_render.pin_dates(rendered, book)
        return rendered.write_pdf(pdf_variant=variant)
    except (OSError, ValueError, AssertionError) as exc:
        raise RenderError(f"WeasyPrint could not draw the wrap cover: {exc}",
                          path=book.title) from None
