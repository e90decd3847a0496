"""Render: a Book's layout to bytes, one renderer per format, found in :data:`RENDERERS`.

Each renderer draws :class:`~bookmaker.layout.BookLayout` through the shared templates
and CSS and decides nothing of its own; writing the bytes is the caller's job. The
modules are imported only when their format is built (WeasyPrint is slow to import).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bookmaker.model import Book
    from bookmaker.render.preview import Asset

__all__ = ["RENDERERS", "ASSETS", "renderer", "assets"]

RENDERERS: dict[str, str] = {
    "epub": "bookmaker.render.epub:render_epub",
    "kepub": "bookmaker.render.kepub:render_kepub",
    "pdf": "bookmaker.render.pdf:render_pdf",
    "html": "bookmaker.render.preview:render_preview",
    "print-html": "bookmaker.render.print_html:render_print_bytes",
    "cover": "bookmaker.render.wrapcover:render_wrap_cover",
}
"""Format name → ``module:function`` taking a Book and returning the file's bytes."""

ASSETS: dict[str, str] = {
    "html": "bookmaker.render.preview:preview_assets",
}
"""Formats whose file links files of its own (the preview page's fonts and cover): format →
``module:function`` taking a Book and returning its :class:`~bookmaker.render.preview.Asset`
files, each named relative to the output folder."""


def _function(spec: str) -> Callable[[Book], Any]:
    """The function a ``module:function`` entry names, its module imported now."""
    module, _, name = spec.partition(":")
    fn: Callable[[Book], Any] = getattr(import_module(module), name)
    return fn


def renderer(fmt: str) -> Callable[[Book], bytes]:
    """The renderer of ``fmt``.

    :raises ValueError: for a format with no renderer.
    """
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return _function(RENDERERS[fmt])


def assets(book: Book, fmt: str) -> tuple[Asset, ...]:
    """The files ``fmt``'s output of ``book`` links (none for most formats)."""
    found: tuple[Asset, ...] = _function(ASSETS[fmt])(book) if fmt in ASSETS else ()
    return found
