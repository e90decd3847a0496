"""Reading a file bookmaker was told about: a regular file, under a size limit, or an error.

Every story, sidecar, project file, cover, style sheet and template goes through
:func:`check_file` before it is read or hashed. A device (``/dev/zero``), a FIFO or
a socket would block or never end; a file larger than its kind allows would fill
memory. ``stat`` never blocks, so the check is safe on any path; the read itself
takes at most ``limit + 1`` bytes, so a file that grows after the check is still
refused.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from bookmaker.errors import BookmakerError, InputError

__all__ = ["STORY_LIMIT", "SETTINGS_LIMIT", "COVER_LIMIT", "STYLE_LIMIT", "ARCHIVE_LIMIT",
           "file_problem", "check_file", "read_file", "check_archive"]

STORY_LIMIT = 200 * 1024 * 1024
"""Story files: a long novel is a few MB; anything past this is not one story."""
SETTINGS_LIMIT = 1024 * 1024
"""Sidecars and project files: a few kB of TOML."""
COVER_LIMIT = 20 * 1024 * 1024
"""Cover images: a print-quality JPEG is 1-5 MB; e-readers choke on much more."""
STYLE_LIMIT = 2 * 1024 * 1024
"""Style sheets and templates: text written by hand."""

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"))


def _mb(size: int) -> str:
    return f"{size / 2**20:g} MB"


def file_problem(path: str | Path, limit: int) -> str | None:
    """Why ``path`` cannot be read as a file of at most ``limit`` bytes, or ``None``.

    Symbolic links are followed (the target is what gets read); only ``stat`` is
    called, which does not block on devices or pipes.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except (OSError, ValueError) as exc:
        return f"cannot read: {getattr(exc, 'strerror', None) or exc}"
    for test, kind in _KINDS:
        if test(st.st_mode):
            return f"is {kind}, not a regular file"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    if st.st_size > limit:
        return f"the file is larger than {_mb(limit)}"
    return None


def check_file(path: str | Path, limit: int, *, error: type[BookmakerError] = InputError,
               hint: str = "") -> None:
    """Raise ``error`` naming ``path`` unless it is a regular file of at most ``limit`` bytes."""
    problem = file_problem(path, limit)
    if problem is not None:
        raise error(problem, path=path, hint=hint)


def read_file(path: str | Path, limit: int, *, error: type[BookmakerError] = InputError,
              hint: str = "") -> bytes:
    """The bytes of ``path`` after :func:`check_file`; never more than ``limit`` bytes."""
    check_file(path, limit, error=error, hint=hint)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=path, hint=hint) from None
    if len(data) > limit:
        raise error(f"the file is larger than {_mb(limit)}", path=path, hint=hint)
    return data


ARCHIVE_LIMIT = STORY_LIMIT
"""Bytes all members of a story archive (.docx, .epub) may unpack to."""
ARCHIVE_RATIO = 200
"""Text and XML deflate 3-20 times; a member unpacking 200 times its size is a zip bomb."""
_RATIO_FLOOR = 1024 * 1024
"""Members under 1 MB unpacked are never refused for their ratio (tiny files vary widely)."""


def check_archive(archive: zipfile.ZipFile, path: str | Path) -> None:
    """Refuse a zip archive (a Word or EPUB story) that would unpack to too much.

    The sizes are the archive's own declarations, which :mod:`zipfile` enforces while
    reading (a member longer than declared fails its CRC check).

    :raises InputError: naming the file and the member.
    """
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > ARCHIVE_RATIO:
            raise InputError(f"{info.filename[:80]} unpacks to {info.file_size / 2**20:,.0f} MB "
                             f"from {info.compress_size / 2**10:,.0f} kB (a zip bomb?)",
                             path=path, hint="export the story again")
        if total > ARCHIVE_LIMIT:
            raise InputError(f"the archive unpacks to more than {_mb(ARCHIVE_LIMIT)}", path=path,
                             hint="split it into several stories")
