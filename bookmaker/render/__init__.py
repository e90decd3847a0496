"""Render: a Book's layout to bytes, one renderer per format, found in :data:`RENDERERS`.

Each renderer draws :class:`~bookmaker.layout.BookLayout` through the shared templates
and CSS and decides nothing of its own; writing the bytes is the caller's job. The
modules are imported only when their format is built (WeasyPrint is slow to import).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bookmaker.model import Book

__all__ = ["RENDERERS", "renderer"]

RENDERERS: dict[str, str] = {
    "epub": "bookmaker.render.epub:render_epub",
    "kepub": "bookmaker.render.kepub:render_kepub",
    "pdf": "bookmaker.render.pdf:render_pdf",
    "html": "bookmaker.render.print_html:render_print_bytes",
}
"""Format name → ``module:function`` taking a Book and returning the file's bytes."""


def renderer(fmt: str) -> Callable[[Book], bytes]:
    """The renderer of ``fmt``.

    :raises ValueError: for a format with no renderer.
    """
    try:
        module, _, name = RENDERERS[fmt].partition(":")
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}") from None
    fn: Callable[[Book], bytes] = getattr(import_module(module), name)
    return fn
