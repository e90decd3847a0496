"""Build: render Books to files. Writing is atomic; renderers only return bytes."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import OutputError
from bookmaker.model import Book

__all__ = ["FORMATS", "BookStats", "BuildResult", "slugify", "write_atomic", "render", "build_book"]

FORMATS = ("epub", "pdf", "html")
"""Output formats, in the order they are built."""


@dataclass(frozen=True)
class BookStats:
    """The figures a build reports for one book."""

    title: str = ""
    """The book's title (a job's name when it failed before loading)."""
    chapters: int = 0
    """Chapters over all stories."""
    words: int = 0
    """Words of prose over all stories."""
    pages: int | None = None
    """PDF page count, when a PDF was built."""

    @classmethod
    def of(cls, book: Book, pages: int | None = None) -> BookStats:
        """The figures of ``book``, with ``pages`` from its PDF."""
        return cls(book.title, sum(len(s.chapters) for s in book.stories),
                   sum(s.word_count for s in book.stories), pages)


@dataclass(frozen=True)
class BuildResult:
    """One file written."""

    book: Book | None
    """The book, or ``None`` when built in another process or found up to date."""
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


def _link_anonymous(fd: int, target: Path) -> None:
    """Give the ``O_TMPFILE`` file behind ``fd`` the name ``target``."""
    root = os.open("/", os.O_RDONLY)
    try:  # src_dir_fd makes os.link use linkat(), which follows the /proc link
        os.link(f"/proc/self/fd/{fd}", target, src_dir_fd=root, follow_symlinks=True)
    finally:
        os.close(root)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a partial file.

    The bytes go to an anonymous file (``O_TMPFILE``) that vanishes if the process
    is killed, and are linked and renamed into place only once complete; where the
    filesystem has no ``O_TMPFILE`` a hidden ``.part`` file is used instead.

    :raises OutputError: when the folder is not writable or the disk is full.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror or exc}",
                          path=path.parent) from None
    tmp = path.parent / f".{path.name}.{os.getpid()}.part"
    fd = -1
    try:
        try:
            fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o644)
            anonymous = True
        except (AttributeError, OSError):
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            anonymous = False
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if anonymous:
                _link_anonymous(fh.fileno(), tmp)
        os.replace(tmp, path)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path,
                          hint="check the folder's permissions and free space") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def render(book: Book, fmt: str) -> bytes:
    """Render ``book`` in one format (imports each renderer only when needed).

    ``book.options["templates_dir"]`` and ``["styles_dir"]`` name the user's own
    folders; files missing there come from bookmaker's.
    """
    from bookmaker.resources import user_folders

    with user_folders(book.options.get("templates_dir"), book.options.get("styles_dir")):
        return _render(book, fmt)


def _render(book: Book, fmt: str) -> bytes:
    if fmt == "epub":
        from bookmaker.render.epub import render_epub

        return render_epub(book)
    if fmt == "pdf":
        from bookmaker.render.pdf import render_pdf

        return render_pdf(book)
    if fmt == "html":
        from bookmaker.render.print_html import render_print_html

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
    pdf: bytes | None = None
    for fmt in formats:
        data = render(book, fmt)
        if fmt == "pdf":
            pdf = data
        path = Path(out_dir) / f"{stem}.{fmt}"
        write_atomic(path, data)
        result = BuildResult(book, fmt, path, len(data))
        results.append(result)
        if on_written:
            on_written(result)
    if book.options.get("proof"):  # contact sheet of the PDF's first pages
        from bookmaker.render.proof import proof_sheet

        png = proof_sheet(pdf if pdf is not None else render(book, "pdf"))
        path = Path(out_dir) / f"{stem}-proof.png"
        write_atomic(path, png)
        result = BuildResult(book, "proof", path, len(png))
        results.append(result)
        if on_written:
            on_written(result)
    return results
