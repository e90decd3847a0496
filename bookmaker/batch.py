"""Batch builds: turn a project (or a list of stories) into jobs and assemble each job's Book.

:mod:`bookmaker.parallel` runs the jobs (in this process, in worker processes or
on Dask) and collects their :class:`JobResult`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookmaker.build import BookStats, BuildResult
from bookmaker.errors import BookmakerError, ConfigError
from bookmaker.model import Book, Story, replace
from bookmaker.project import Anthology, Defaults, Project

__all__ = [
    "Job",
    "JobResult",
    "book_options",
    "single_jobs",
    "anthology_job",
    "project_jobs",
    "assemble_job",
    "pdf_page_count",
]

log = logging.getLogger("bookmaker")


@dataclass(frozen=True)
class Job:
    """One book to build: a single story or an anthology."""

    name: str
    """What the progress display and errors call it (file name or anthology title)."""
    stories: tuple[Path, ...]
    """Story files, in order."""
    formats: tuple[str, ...]
    """Formats to build."""
    options: dict[str, Any] = field(default_factory=dict)
    """Book.options: style, trim, proof, templates_dir, styles_dir."""
    language: str = "en"
    """Language when the story names none (anthologies: always)."""
    anthology: Anthology | None = None
    """The anthology's settings, or ``None`` for a single story."""
    stem: str | None = None
    """Output file stem; ``None`` for the slug of the book's title."""


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

    @property
    def ok(self) -> bool:
        """True when the book was built in every format."""
        return self.error is None


def book_options(defaults: Defaults, *, style: str | None = None, trim: str | None = None,
                 proof: bool = False) -> dict[str, Any]:
    """Book.options from project defaults and per-book overrides."""
    options: dict[str, Any] = {"style": style or defaults.style, "trim": trim or defaults.trim}
    if proof:
        options["proof"] = True
    if defaults.templates:
        options["templates_dir"] = defaults.templates
    if defaults.styles:
        options["styles_dir"] = defaults.styles
    return options


def single_jobs(stories: Iterable[Path], defaults: Defaults, *, formats: Iterable[str] = (),
                style: str | None = None, trim: str | None = None,
                proof: bool = False) -> list[Job]:
    """One job per story file."""
    options = book_options(defaults, style=style, trim=trim, proof=proof)
    fmts = tuple(formats) or defaults.formats
    return [Job(name=str(p), stories=(Path(p),), formats=fmts, options=options,
                language=defaults.language) for p in stories]


def anthology_job(anthology: Anthology, defaults: Defaults, *, formats: Iterable[str] = (),
                  proof: bool = False) -> Job:
    """The job building one anthology."""
    options = book_options(defaults, style=anthology.style, trim=anthology.trim, proof=proof)
    return Job(name=anthology.title, stories=anthology.stories,
               formats=tuple(formats) or anthology.formats, options=options,
               language=anthology.language, anthology=anthology, stem=anthology.file)


def project_jobs(project: Project, *, formats: Iterable[str] = (), style: str | None = None,
                 trim: str | None = None, proof: bool = False) -> list[Job]:
    """Every single book, then every anthology, of ``project``.

    ``formats``, ``style`` and ``trim``, when given, override the project file's.
    """
    fmts = tuple(formats)
    jobs = single_jobs(project.stories, project.defaults, formats=fmts, style=style, trim=trim,
                       proof=proof)
    for a in project.anthologies:
        a = replace(a, style=style or a.style, trim=trim or a.trim)
        jobs.append(anthology_job(a, project.defaults, formats=fmts, proof=proof))
    return jobs


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
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the cover: {exc.strerror or exc}", path=path) from None


def assemble_job(job: Job, load: Callable[[Path], Story] | None = None) -> Book:
    """Load the stories of ``job`` (with ``load``, default :func:`load_story`) and bind its Book.

    :raises BookmakerError: when a story, sidecar or cover cannot be used.
    """
    from bookmaker.assemble import load_story

    return _assemble(job, load or load_story)


def _assemble(job: Job, load: Callable[[Path], Story]) -> Book:
    from bookmaker.assemble import anthology_book, single_book

    stories = [load(p) for p in job.stories]
    a = job.anthology
    if a is None:
        book = single_book(stories[0], job.options)
        if "language" not in stories[0].meta:
            book = replace(book, language=job.language)
        return book
    return anthology_book(stories, a.title, a.subtitle, a.editor, a.description,
                          _read_cover(a.cover) if a.cover else None, job.options,
                          language=job.language)


def _unique(stem: str, taken: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


