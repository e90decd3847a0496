"""Paths a project file names stay inside the project; output names are plain file stems.

A project (``bookmaker.toml`` and its folder) is something people share, so every
path it names — stories, cover, style sheet, templates, styles, output folder — is
resolved (symbolic links followed) and must lie inside the project folder. A path
leaving it is refused with a clear error, unless the person running bookmaker says
otherwise (``--allow-outside``). Output file stems are single file names: no
folder part, no ``..``, no hidden or empty names.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookmaker.errors import ConfigError

__all__ = ["OUTSIDE_HINT", "inside", "confine", "check_stem"]

OUTSIDE_HINT = ("a shared project may only name files inside its folder; "
                "run with --allow-outside if you trust it")
"""What to do about a path that leaves the project folder."""

_STEM = re.compile(r"^[^/\\\0:*?\"<>|]+$")
"""A file stem: no folder separators, NUL, or characters Windows refuses in names."""
_STEM_LIMIT = 120
"""File systems allow 255 bytes; leave room for ``-2`` and the extension."""


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symbolic links followed) lies in ``root`` (also resolved)."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, or an unreadable folder
        return False


def confine(value: str, root: Path, key: str, path: object, *, allow_outside: bool = False,
            what: str = "path") -> Path:
    """``root / value``, refused when it leaves ``root`` (unless ``allow_outside``).

    :raises ConfigError: naming the project file and ``key``.
    """
    target = Path(root) / Path(value).expanduser()
    if not allow_outside and not inside(target, root):
        raise ConfigError(f'{key}: {what} "{value}" is outside the project folder', path=path,
                          hint=OUTSIDE_HINT)
    return target


def check_stem(value: str | None, key: str, path: object = None) -> str | None:
    """``value`` when it is a plain output file stem, else a :class:`ConfigError`.

    ``file = "../x"`` or ``"/tmp/x"`` would write outside the output folder.
    """
    if value is None:
        return None
    stem = value.strip()
    if (not _STEM.match(stem) or stem.startswith(".") or len(stem) > _STEM_LIMIT
            or any(ord(c) < 32 for c in stem)):
        raise ConfigError(f'{key}: "{value}" is not a file name', path=path,
                          hint="give a name without folders, e.g. five-stories; the book is "
                               "written inside the output folder")
    return stem
