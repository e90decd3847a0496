"""The stories a review was started on: load them, say what state they are in, build them.

The set of stories is fixed when the server starts; a request names a story by its
position in it, never by a path, so the page can only ever write those stories' sidecars
and only into the output folder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from bookmaker.build.files import slugify
from bookmaker.build.plan import Job, single_jobs
from bookmaker.errors import BookmakerError, InputError
from bookmaker.model import Book, Story
from bookmaker.settings.project import Defaults
from bookmaker.settings.sidecar import sidecar_path

__all__ = ["Review", "StoryStatus", "BUILD_FORMATS"]

BUILD_FORMATS = ("epub", "pdf")
"""What the page's buttons build."""


@dataclass(frozen=True)
class StoryStatus:
    """What the project view says about one story."""

    index: int
    """The story's position: how the page names it."""
    path: Path
    """The story file."""
    title: str
    """Its title, or the file name when it cannot be loaded."""
    built: tuple[str, ...]
    """Formats with a file in the output folder."""
    up_to_date: bool
    """Every built file is newer than the story and its sidecar."""
    corrected: bool
    """The story has a sidecar."""
    error: str = ""
    """Why it cannot be loaded, or empty."""


@dataclass
class Review:
    """The stories under review, the output folder and the build defaults."""

    stories: tuple[Path, ...]
    output: Path
    defaults: Defaults = field(default_factory=Defaults)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def path(self, index: int) -> Path:
        """The story at ``index``.

        :raises InputError: when there is none (a stale or forged link).
        """
        if not 0 <= index < len(self.stories):
            raise InputError(f"no story {index}")
        return self.stories[index]

    def sidecar(self, index: int) -> Path:
        """The one sidecar the page may write for story ``index``."""
        return sidecar_path(self.path(index))

    def job(self, index: int, formats: tuple[str, ...] = BUILD_FORMATS) -> Job:
        """The build job of story ``index``."""
        return single_jobs([self.path(index)], self.defaults, formats=formats)[0]

    def book(self, index: int) -> Book:
        """Story ``index`` loaded and bound as it would be built."""
        from bookmaker.build.book import assemble_job

        return assemble_job(self.job(index))

    def story(self, index: int) -> Story:
        """Story ``index``, parsed with its sidecar and typeset."""
        return self.book(index).stories[0]

    def stem(self, book: Book) -> str:
        """The output file stem, as ``bookmaker build`` names it."""
        return slugify(book.title)

    def output_file(self, book: Book, fmt: str) -> Path:
        """Where format ``fmt`` of ``book`` is written."""
        return self.output / f"{self.stem(book)}.{fmt}"

    def build(self, index: int, fmt: str) -> Path:
        """Build one format of story ``index`` into the output folder; one build at a time."""
        from bookmaker.build.book import build_book

        if fmt not in BUILD_FORMATS:
            raise InputError(f"cannot build {fmt!r}")
        with self._lock:
            book = self.book(index)
            build_book(book, self.output, [fmt], stem=self.stem(book))
            return self.output_file(book, fmt)

    def status(self, index: int, book: Book | None = None) -> StoryStatus:
        """Title, built formats, freshness and corrections of story ``index`` (whose
        ``book``, when the caller has loaded it)."""
        path, side = self.path(index), self.sidecar(index)
        corrected = side.is_file()
        try:
            book = book or self.book(index)
        except BookmakerError as exc:
            return StoryStatus(index, path, path.name, (), False, corrected, str(exc))
        files = {fmt: self.output_file(book, fmt) for fmt in BUILD_FORMATS}
        built = tuple(fmt for fmt, f in files.items() if f.is_file())
        inputs = [path.stat().st_mtime] + ([side.stat().st_mtime] if corrected else [])
        fresh = bool(built) and all(files[f].stat().st_mtime >= max(inputs) for f in built)
        return StoryStatus(index, path, book.title, built, fresh, corrected)
