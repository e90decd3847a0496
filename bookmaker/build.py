"""Build: render Books to files. Writing is atomic; renderers only return bytes."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import OutputError
from bookmaker.model import Book

__all__ = ["FORMATS", "BuildResult", "slugify", "write_atomic", "render", "build_book"]

FORMATS = ("epub", "pdf", "html")
"""Output formats, in the order they are built."""


@dataclass(frozen=True)
class BuildResult:
    """One file written."""

    book: Book
    format: str
    path: Path
    size: int


def slugify(title: str, fallback: str = "book") -> str:
    """A safe ASCII file name stem made from a title."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80].strip("-")
    if not text or text.upper() in {"CON", "PRN", "AUX", "NUL"} | {
        f"{d}{i}" for d in ("COM", "LPT") for i in range(10)
    }:
        text = f"{fallback}-{text}" if text else fallback
    return text


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a partial file.

    :raises OutputError: when the folder is not writable or the disk is full.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", path=path.parent) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def render(book: Book, fmt: str) -> bytes:
    """Render ``book`` in one format (imports each renderer only when needed)."""
    if fmt == "epub":
        from bookmaker.render.epub import render_epub

        return render_epub(book)
    if fmt == "pdf":
        from bookmaker.render.pdf import render_pdf

        return render_pdf(book)
    if fmt == "html":
        from bookmaker.render.html import render_print_html

        return render_print_html(book).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def build_book(
    book: Book,
    out_dir: Path,
    formats: Iterable[str],
    stem: str | None = None,
    on_written: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Render ``book`` in each format and write ``out_dir/<stem>.<fmt>`` atomically."""
    stem = stem or slugify(book.title)
    results = []
    for fmt in formats:
        data = render(book, fmt)
        path = Path(out_dir) / f"{stem}.{fmt}"
        write_atomic(path, data)
        result = BuildResult(book, fmt, path, len(data))
        results.append(result)
        if on_written:
            on_written(result)
    return results
