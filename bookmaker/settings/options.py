"""Validators for the values that say how a book is rendered: trim, style, formats.

Each is called where the value is read (``bookmaker.toml``, command-line flags), so a
mistake stops the run before the first file is written, as ``FILE: KEY: what is wrong
(hint)``. Renderers call the same functions and can trust what they get.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookmaker.errors import BookmakerError, ConfigError
from bookmaker.render.trim import SERVICES, parse_length, parse_trim

__all__ = ["THEMES", "FORMATS", "FORMAT_HELP", "formats_help", "file_name", "LANGUAGE_HINT",
           "PDF_VARIANTS", "PAPERS",
           "check_trim", "check_style", "check_formats", "check_bleed",
           "check_pdf_variant", "check_service", "check_paper", "is_theme",
           "is_language_tag", "book_language"]

PDF_VARIANTS = ("pdf/x-4", "pdf/x-3", "pdf/x-1a", "pdf/a-2b", "pdf/a-3b")
"""PDF standards bookmaker writes (WeasyPrint's variants that suit a printed book)."""

PAPERS = ("white", "cream")
"""Paper stocks (their thickness sets the spine of a wrap cover)."""

THEMES = ("classic", "large-print")
"""Themes shipped in ``styles/themes/``."""

FORMATS = ("epub", "kepub", "pdf", "html", "print-html", "cover")
"""Output formats, in the order they are built (``cover``: the wrap cover PDF)."""

FORMAT_HELP = {
    "epub": "the e-book (EPUB 3), NAME.epub",
    "kepub": "the e-book for Kobo readers, NAME.kepub.epub",
    "pdf": "the print-ready book, NAME.pdf",
    "html": "a page to read in a browser, NAME.html (+ html-files/)",
    "print-html": "the HTML the PDF is printed from, NAME.print.html",
    "cover": "the wrap cover (back, spine, front), NAME.cover.pdf",
}
"""One line per format for ``--help``: what it is and the file it writes."""

_SUFFIXES = {"kepub": "kepub.epub", "print-html": "print.html", "cover": "cover.pdf"}
"""File name endings that are not the format's name (Kobo readers look for ``.kepub.epub``;
the print document and the wrap cover sit beside the book's own files)."""


def formats_help() -> str:
    """:data:`FORMAT_HELP` as lines Click keeps unwrapped (``\\b``), in build order."""
    width = max(map(len, FORMATS))
    return "\b\n" + "\n".join(f"{f.ljust(width)}  {FORMAT_HELP[f]}" for f in FORMATS)


def file_name(stem: str, fmt: str) -> str:
    """The output file name of format ``fmt``: ``stem.epub``, ``stem.kepub.epub``…"""
    return f"{stem}.{_SUFFIXES.get(fmt, fmt)}"


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
"""A BCP 47 tag's shape: a 2-3 letter language, then subtags (``pt-BR``, ``de-x-foo``)."""

LANGUAGE_HINT = 'use a BCP 47 tag such as "en", "fr" or "pt-BR"'
"""What to say when a language tag is refused."""


def is_language_tag(value: str) -> bool:
    """True when ``value`` has the shape of a BCP 47 language tag (the one check for all)."""
    return bool(_LANGUAGE_TAG.match(value.strip()))


def book_language(*tags: str | None) -> str:
    """A job's language: the first of ``tags`` given (a flag's, an anthology table's, the
    project's), else English."""
    return next((tag for tag in tags if tag), "en")


def _where(key: str, path: object) -> tuple[str, object]:
    return (f"{key}: " if key else ""), path


def check_trim(value: str, *, key: str = "", path: object = None) -> str:
    """``value`` when it is a trim :func:`~bookmaker.render.trim.parse_trim` accepts.

    :raises ConfigError: naming ``path`` and ``key``.
    """
    try:
        parse_trim(value)
    except BookmakerError as exc:
        prefix, where = _where(key, path)
        raise ConfigError(f"{prefix}{exc.message}", path=where, hint=exc.hint) from None
    return value


def is_theme(value: str) -> bool:
    """True for the name of a shipped theme."""
    return value.strip() in THEMES


def check_style(value: str, *, key: str = "", path: object = None, root: Path | None = None
                ) -> str:
    """A theme name, or the path of an existing CSS file (resolved against ``root``).

    :raises ConfigError: for an unknown theme or a missing file, naming ``path`` and ``key``.
    """
    prefix, where = _where(key, path)
    name = value.strip()
    if is_theme(name):
        return name
    if name.lower().endswith(".css") or "/" in name or "\\" in name:
        css = (root or Path()) / Path(name).expanduser()
        if not css.is_file():
            raise ConfigError(f'{prefix}style sheet "{value}" does not exist', path=where,
                              hint=f"give a CSS file, or a theme: {', '.join(THEMES)}")
        return str(css.resolve()) if root is not None else name
    raise ConfigError(f"{prefix}unknown style {name!r}", path=where,
                      hint=f"choose a theme: {', '.join(THEMES)}, or give a .css file")


def check_formats(values: list[str] | tuple[str, ...], *, key: str = "", path: object = None
                  ) -> tuple[str, ...]:
    """Formats in the order given, each once.

    :raises ConfigError: for an unknown format.
    """
    prefix, where = _where(key, path)
    wanted = [v.strip().lower() for v in values if v.strip()]
    for fmt in wanted:
        if fmt not in FORMATS:
            raise ConfigError(f'{prefix}unknown format "{fmt}"', path=where,
                              hint=f"choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(wanted))


def _choice(value: str, choices: tuple[str, ...], what: str, key: str, path: object) -> str:
    prefix, where = _where(key, path)
    name = value.strip().lower()
    if name not in choices:
        raise ConfigError(f'{prefix}unknown {what} "{value}"', path=where,
                          hint=f"choose from {', '.join(choices)}")
    return name


def check_bleed(value: str, *, key: str = "", path: object = None) -> str:
    """A bleed length (``0.125in``, ``3mm``; ``""`` for none), at most half an inch.

    :raises ConfigError: naming ``path`` and ``key``.
    """
    if not value.strip():
        return ""
    try:
        parse_length(value, largest=36.0)
    except BookmakerError as exc:
        prefix, where = _where(key, path)
        raise ConfigError(f"{prefix}{exc.message}", path=where, hint=exc.hint) from None
    return value.strip()


def check_pdf_variant(value: str, *, key: str = "", path: object = None) -> str:
    """One of :data:`PDF_VARIANTS`, or ``""`` for a plain PDF."""
    return _choice(value, PDF_VARIANTS, "PDF variant", key, path) if value.strip() else ""


def check_service(value: str, *, key: str = "", path: object = None) -> str:
    """A print-on-demand preset (``kdp``, ``lulu``), or ``""``."""
    return _choice(value, tuple(SERVICES), "print service", key, path) if value.strip() else ""


def check_paper(value: str, *, key: str = "", path: object = None) -> str:
    """One of :data:`PAPERS`."""
    return _choice(value, PAPERS, "paper", key, path)
