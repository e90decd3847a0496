"""Locate bookmaker's own styles, templates and fonts.

Installed from a wheel they live in ``bookmaker/_data``; in a checkout (or an
editable install) they are the top-level ``styles/`` and ``templates/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

__all__ = ["data_dir", "styles_dir", "templates_dir", "fonts_dir", "user_folders", "style_file"]

_USER: ContextVar[dict[str, Path] | None] = ContextVar("bookmaker_user_folders", default=None)

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The directory holding bookmaker's ``styles`` or ``templates``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bookmaker's {name}/ directory is missing")


def styles_dir() -> Path:
    """Directory of the CSS: the user's (see :func:`user_folders`), else the shipped one."""
    return (_USER.get() or {}).get("styles") or data_dir("styles")


def templates_dir() -> Path:
    """Directory of the templates: the user's (see :func:`user_folders`), else the shipped one."""
    return (_USER.get() or {}).get("templates") or data_dir("templates")


def style_file(name: str) -> Path:
    """``name`` (e.g. ``base.css``) from the user's styles folder when it has it, else ours.

    A user's file must be a regular file inside that folder (a symbolic link to
    ``/etc/passwd`` would copy it into every EPUB and HTML file) and under
    :data:`bookmaker.read.files.STYLE_LIMIT`.

    :raises ConfigError: when the user's file is a link out of its folder, a device,
        or too large.
    """
    from bookmaker.errors import ConfigError
    from bookmaker.read.files import STYLE_LIMIT, file_problem

    own = data_dir("styles") / name
    user = styles_dir()
    path = user / name
    if user == own.parent or not (path.exists() or path.is_symlink()):
        return own
    if not path.resolve().is_relative_to(user.resolve()):
        raise ConfigError("the style sheet points outside the styles folder", path=path,
                          hint="copy the file into the styles folder instead of linking")
    problem = file_problem(path, STYLE_LIMIT)
    if problem is not None:
        raise ConfigError(f"cannot use the style sheet: {problem}", path=path)
    return path


@contextmanager
def user_folders(templates: str | Path | None = None,
                 styles: str | Path | None = None) -> Iterator[None]:
    """Within the block, :func:`templates_dir` and :func:`styles_dir` give the user's folders.

    Templates missing from the user's folder still come from bookmaker's own.
    """
    folders = {k: Path(v).resolve() for k, v in (("templates", templates), ("styles", styles))
               if v}
    token = _USER.set(folders)
    try:
        yield
    finally:
        _USER.reset(token)


@cache
def fonts_dir() -> Path:
    """Directory of the Source Serif font files (from ``font-source-serif-pro``)."""
    import font_source_serif_pro

    return Path(font_source_serif_pro.font_directory)
