"""Plan a build: turn a project (or a list of stories) into jobs, one per book.

:mod:`bookmaker.build.run` runs the jobs; :mod:`bookmaker.build.book` makes each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bookmaker.model import BookOptions, replace
from bookmaker.settings.options import book_language
from bookmaker.settings.overrides import MetadataLayers, Overrides
from bookmaker.settings.project import Anthology, Defaults, Project

NAME_FROM = ("file", "title")
"""Where a single book's output name comes from: the story file's name (default: two stories
with one title keep apart) or the detected title."""

__all__ = ["NAME_FROM", "Job", "book_options", "metadata_layers", "single_jobs", "anthology_job",
           "project_jobs", "STORY_SUFFIXES", "story_files"]


STORY_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".epub"})
"""Files taken as stories from a folder or a list (``bookmaker build dir/*``): never the
sidecars (``.toml``), covers or style sheets lying beside them."""


def story_files(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The story files ``paths`` name, and the files passed over.

    A folder gives its story files (by name, hidden files left out); among several paths
    only story files are kept. One file given alone is taken as the user means it.
    """
    given = [Path(p) for p in paths]
    stories: list[Path] = []
    skipped: list[Path] = []
    for p in given:
        if p.is_dir():
            found = sorted(c for c in p.iterdir() if c.is_file() and not c.name.startswith("."))
            stories += [c for c in found if c.suffix.lower() in STORY_SUFFIXES]
        elif len(given) == 1 or p.suffix.lower() in STORY_SUFFIXES or not p.exists():
            stories.append(p)
        else:
            skipped.append(p)
    return stories, skipped


@dataclass(frozen=True)
class Job:
    """One book to build: a single story or an anthology."""

    name: str
    """What the progress display and errors call it (file name or anthology title)."""
    stories: tuple[Path, ...]
    """Story files, in order."""
    formats: tuple[str, ...]
    """Formats to build."""
    options: BookOptions = BookOptions()
    """How the book is rendered."""
    language: str = "en"
    """Language when the story names none (anthologies: always)."""
    anthology: Anthology | None = None
    """The anthology's settings, or ``None`` for a single story."""
    stem: str | None = None
    """Output file stem; ``None`` for the slug of the book's title."""
    metadata: MetadataLayers = MetadataLayers()
    """Metadata from the project's defaults and the command line, around each sidecar."""


def book_options(defaults: Defaults, *, style: str | None = None, trim: str | None = None,
                 proof: bool = False) -> BookOptions:
    """Book options from project defaults and per-book overrides."""
    return BookOptions(style=style or defaults.style, trim=trim or defaults.trim, proof=proof,
                       templates_dir=defaults.templates, styles_dir=defaults.styles)


def metadata_layers(defaults: Defaults, flags: Overrides | None = None) -> MetadataLayers:
    """The project's metadata defaults (under each sidecar) and the flags (over it)."""
    under = Overrides(authors=defaults.authors, series=defaults.series,
                      language=defaults.language, publisher=defaults.publisher,
                      source="bookmaker.toml [defaults]")
    return MetadataLayers(defaults=under, flags=flags or Overrides())


def single_jobs(stories: Iterable[Path], defaults: Defaults, *, formats: Iterable[str] = (),
                style: str | None = None, trim: str | None = None,
                proof: bool = False, flags: Overrides | None = None,
                name_from: str = "file") -> list[Job]:
    """One job per story file, named from the file (``name_from="file"``; a name with nothing
    to keep falls back to the title) or from the book's title."""
    from bookmaker.build.files import file_stem

    options = book_options(defaults, style=style, trim=trim, proof=proof)
    fmts = tuple(formats) or defaults.formats
    layers = metadata_layers(defaults, flags)
    return [Job(name=str(p), stories=(Path(p),), formats=fmts, options=options,
                language=book_language(defaults.language), metadata=layers,
                stem=file_stem(p) if name_from == "file" else None) for p in stories]


def anthology_job(anthology: Anthology, defaults: Defaults, *, formats: Iterable[str] = (),
                  proof: bool = False, flags: Overrides | None = None) -> Job:
    """The job building one anthology (``flags`` apply to each of its stories)."""
    options = book_options(defaults, style=anthology.style, trim=anthology.trim, proof=proof)
    return Job(name=anthology.title, stories=anthology.stories,
               formats=tuple(formats) or anthology.formats, options=options,
               language=anthology.language, anthology=anthology, stem=anthology.file,
               metadata=metadata_layers(defaults, flags))


def project_jobs(project: Project, *, formats: Iterable[str] = (), style: str | None = None,
                 trim: str | None = None, proof: bool = False,
                 flags: Overrides | None = None, name_from: str = "file") -> list[Job]:
    """Every single book, then every anthology, of ``project``.

    ``formats``, ``style`` and ``trim``, when given, override the project file's.
    """
    fmts = tuple(formats)
    jobs = single_jobs(project.stories, project.defaults, formats=fmts, style=style, trim=trim,
                       proof=proof, flags=flags, name_from=name_from)
    for a in project.anthologies:
        a = replace(a, style=style or a.style, trim=trim or a.trim)
        jobs.append(anthology_job(a, project.defaults, formats=fmts, proof=proof, flags=flags))
    return jobs
