"""Locate bookmaker's own styles, templates and fonts.

Installed from a wheel they live in ``bookmaker/_data``; in a checkout (or an
editable install) they are the top-level ``styles/`` and ``templates/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "styles_dir", "templates_dir", "fonts_dir"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The directory holding bookmaker's ``styles`` or ``templates``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bookmaker's {name}/ directory is missing")


def styles_dir() -> Path:
    """Directory of the shipped CSS."""
    return data_dir("styles")


def templates_dir() -> Path:
    """Directory of the shipped Jinja2 templates."""
    return data_dir("templates")


@cache
def fonts_dir() -> Path:
    """Directory of the Source Serif font files (from ``font-source-serif-pro``)."""
    import font_source_serif_pro

    return Path(font_source_serif_pro.font_directory)
