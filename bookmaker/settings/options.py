"""Validators for the values that say how a book is rendered: trim, style, formats.

Each is called where the value is read (``bookmaker.toml``, command-line flags), so a
mistake stops the run before the first file is written, as ``FILE: KEY: what is wrong
(hint)``. Renderers call the same functions and can trust what they get.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookmaker.errors import BookmakerError, ConfigError
from bookmaker.render.trim import parse_trim

__all__ = ["THEMES", "FORMATS", "file_name", "LANGUAGE_HINT", "check_trim", "check_style",
           "check_formats", "is_theme", "is_language_tag"]

THEMES = ("classic", "large-print")
"""Themes shipped in ``styles/themes/``."""

FORMATS = ("epub", "kepub", "pdf", "html")
"""Output formats, in the order they are built."""

_SUFFIXES = {"kepub": "kepub.epub"}
"""File name endings that are not the format's name (Kobo readers look for ``.kepub.epub``)."""


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
