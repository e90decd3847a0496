"""Make one book: load and bind its stories, render each format, write the files.

Renderers only return bytes; :mod:`bookmaker.build.publish` writes them atomically.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.build.files import plain_folder, slugify, write_atomic
from bookmaker.build.plan import Job
from bookmaker.errors import BookmakerError, RenderError
from bookmaker.model import Book, Story, replace
from bookmaker.report import stage
from bookmaker.settings.options import file_name

log = logging.getLogger("bookmaker")

__all__ = ["ASSET", "BookStats", "BuildResult", "JobResult", "Staged", "Outcome", "render",
           "build_book", "assemble_job", "build_one", "pdf_page_count", "worker_failed"]



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


def render(book: Book, fmt: str) -> bytes:
    """Render ``book`` in one format (imports each renderer only when needed).

    ``book.options.templates_dir`` and ``.styles_dir`` name the user's own
    folders; files missing there come from bookmaker's.
    """
    from bookmaker.render.templating import template_errors
    from bookmaker.resources import user_folders

    with user_folders(book.options.templates_dir, book.options.styles_dir), \
            template_errors():
        return _render(book, fmt)


def _render(book: Book, fmt: str) -> bytes:
    from bookmaker.render import renderer

    return renderer(fmt)(book)


ASSET = "asset"
"""The format of a file another format's file links (the preview page's fonts and cover)."""


def _write_assets(book: Book, fmt: str, root: Path) -> list[BuildResult]:
    """Write the files ``fmt``'s output links under ``root``, before the file itself, so
    the page never shows without them. Names are checked to stay inside ``root``."""
    from bookmaker.render import ASSETS

    if fmt not in ASSETS:
        return []
    from bookmaker.render import assets
    from bookmaker.render.preview import ASSET_DIR, is_asset_name
    from bookmaker.render.templating import template_errors
    from bookmaker.resources import user_folders

    with user_folders(book.options.templates_dir, book.options.styles_dir), \
            template_errors():
        found = assets(book, fmt)
    plain_folder(root / ASSET_DIR, hint="remove it: the page's fonts and cover are written there")
    written = []
    for a in found:
        if not is_asset_name(a.name):
            raise RenderError(f"refusing to write {a.name!r}: not a file of the output folder")
        write_atomic(root / a.name, a.data)
        written.append(BuildResult(book, ASSET, root / a.name, len(a.data)))
    return written


def build_book(
    book: Book,
    out_dir: Path,
    formats: Iterable[str],
    stem: str | None = None,
    on_written: Callable[[BuildResult], None] | None = None,
    asset_root: Path | None = None,
) -> list[BuildResult]:
    """Render ``book`` in each format and write ``out_dir/<stem>.<fmt>`` atomically.

    The files a format's file links (:data:`ASSET` results: the preview page's fonts and
    cover) go under ``asset_root`` (default ``out_dir``) by their names, before the file.
    """
    stem = stem or slugify(book.title)
    results = []
    pdf: bytes | None = None
    for fmt in formats:
        stage(f"{fmt}: layout and render")
        for result in _write_assets(book, fmt, Path(asset_root or out_dir)):
            results.append(result)
            if on_written:
                on_written(result)
        data = render(book, fmt)
        if fmt == "pdf":
            pdf = data
        path = Path(out_dir) / file_name(stem, fmt)
        write_atomic(path, data)
        result = BuildResult(book, fmt, path, len(data))
        results.append(result)
        if on_written:
            on_written(result)
    if book.options.proof:  # contact sheet of the PDF's first pages
        from bookmaker.render.proof import proof_sheet

        stage("proof sheet")
        png = proof_sheet(pdf if pdf is not None else render(book, "pdf"))
        path = Path(out_dir) / f"{stem}-proof.png"
        write_atomic(path, png)
        result = BuildResult(book, "proof", path, len(png))
        results.append(result)
        if on_written:
            on_written(result)
    return results


@dataclass(frozen=True)
class JobResult:
    """What one job produced, or why it failed."""

    job: Job
    """The job."""
    stats: BookStats = BookStats()
    """Title, chapters, words and pages (the title is the job's name if it failed early)."""
    files: tuple[BuildResult, ...] = ()
    """Files written, in format order."""
    error: BookmakerError | None = None
    """Why the job failed, or ``None``."""
    up_to_date: bool = False
    """True when the build cache found the book unchanged and nothing was rebuilt."""
    note: str = ""
    """Something the user should know, e.g. the name was taken and a suffix added."""

    @property
    def ok(self) -> bool:
        """True when the book was built in every format."""
        return self.error is None


def pdf_page_count(path: Path) -> int | None:
    """Pages of a PDF file (``None`` when it cannot be read)."""
    try:
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(path))
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:  # a count for the summary only; never fail a build over it
        log.debug("cannot count pages of %s", path, exc_info=True)
        return None


def _read_cover(path: Path) -> bytes:
    from bookmaker.read.image import load_cover

    return load_cover(path)


def assemble_job(job: Job, load: Callable[[Path], Story] | None = None) -> Book:
    """Load the stories of ``job`` (with ``load``, default :func:`load_story`) and bind its Book.

    :raises BookmakerError: when a story, sidecar or cover cannot be used.
    """
    from bookmaker.load import load_story

    if load is None:
        def load(path: Path) -> Story:
            return load_story(path, layers=job.metadata)
    return _assemble(job, load)


def _staged_load(load: Callable[[Path], Story], path: Path, index: int, total: int) -> Story:
    """``load(path)``, reported as the stage a long book spends its first seconds in."""
    which = f" ({index + 1}/{total})" if total > 1 else ""
    stage(f"read, parse, typeset {Path(path).name}{which}")
    return load(path)


def _assemble(job: Job, load: Callable[[Path], Story]) -> Book:
    from bookmaker.bind import anthology_book, single_book

    stories = [_staged_load(load, p, i, len(job.stories)) for i, p in enumerate(job.stories)]
    a = job.anthology
    if a is None:
        book = single_book(stories[0], job.options)
        if "language" not in stories[0].meta:
            book = replace(book, language=job.language)
        return book
    return anthology_book(stories, a.title, a.subtitle, a.editor, a.description,
                          _read_cover(a.cover) if a.cover else None, job.options,
                          language=job.language)



@dataclass(frozen=True)
class Staged:
    """A file a worker wrote into the staging folder."""

    format: str
    """A format (``epub``, ``pdf``, ``html``…), ``proof`` or :data:`ASSET`."""
    path: str
    """Absolute path of the staged file."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex SHA-256 of its bytes."""
    name: str = ""
    """An asset's name in the output folder (``html-files/…``); ``""`` for a book's file."""


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one job (small and picklable: no Book)."""

    index: int
    """The job's position in the run."""
    stats: BookStats = BookStats()
    """Title, chapters, words and pages (empty when it failed before loading)."""
    stem: str = ""
    """The file stem the book asks for (job's stem or the slug of its title)."""
    staged: tuple[Staged, ...] = ()
    """Files written to the staging folder, in format order."""
    error: BookmakerError | None = None
    """Why the job failed, or ``None``."""
    seconds: float = 0.0
    """Wall time the worker spent on the job."""


def worker_failed(index: int, name: str, why: str) -> Outcome:
    """The outcome of job ``index`` (named ``name``) whose worker failed or died: why, in
    words, and what to try."""
    return Outcome(index, error=RenderError(
        f"worker failed: {why}", path=name,
        hint="a worker process died (out of memory?); run again with --jobs 1 for details"))


def _asset_root(staging: str, index: int) -> Path:
    """Where job ``index`` stages its assets: its own folder, as books share asset names."""
    return Path(staging) / f"{index:06d}.assets"


def build_one(index: int, job: Job, staging: str,
              load: Callable[[Path], Any] | None = None) -> Outcome:
    """Build ``job`` into ``staging/<index>.<format>``; never raises for a bad book."""
    start = time.perf_counter()
    written: list[BuildResult] = []
    book = None
    error: BookmakerError | None = None
    root = _asset_root(staging, index)
    try:
        book = assemble_job(job, load)
        build_book(book, Path(staging), job.formats, stem=f"{index:06d}",
                   on_written=written.append, asset_root=root)
    except BookmakerError as exc:
        error = exc
    except Exception as exc:  # a bug in one book must not stop the others
        log.debug("internal error building %s", job.name, exc_info=True)
        error = RenderError(f"internal error: {type(exc).__name__}: {exc}", path=job.name,
                            hint="run with -v for details and report it")
    from bookmaker.build.cache import file_digest

    staged = tuple(Staged(r.format, str(r.path), r.size, file_digest(r.path),
                          r.path.relative_to(root).as_posix() if r.format == ASSET else "")
                   for r in written)
    pdf = next((r.path for r in written if r.format == "pdf"), None)
    seconds = time.perf_counter() - start
    if book is None:
        return Outcome(index, staged=staged, error=error, seconds=seconds)
    return Outcome(
        index,
        stats=BookStats.of(book, pdf_page_count(pdf) if pdf else None),
        stem=job.stem or slugify(book.title),
        staged=staged,
        error=error,
        seconds=seconds,
    )
