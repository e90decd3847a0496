"""Incremental builds: skip a book whose inputs and outputs are unchanged.

A book's *key* is a SHA-256 over everything its output depends on: the bytes of
each story file and of its sidecar (and the sidecar's cover), the job's formats,
options, language and anthology settings, the styles and templates (bookmaker's
own and the user's folders), and bookmaker's version and code. :func:`compute_key`
is a pure function of those ingredients; :func:`job_ingredients` reads them.

A manifest per output folder, ``<cache>/builds/<folder>-<hash>.json`` in the user's
cache folder (``$XDG_CACHE_HOME/bookmaker``, else ``~/.cache/bookmaker``; the output
folder holds only books, and the folder bookmaker runs from is left alone),
records per book the key, the file stem and the SHA-256 of every file written. A
book is up to date when its key matches and every recorded file still exists in
the output folder with the recorded hash, so a lost or stale manifest only ever
costs a rebuild. The cache only ever saves time: when it cannot be read or
written the build goes on without it, with one warning line.

Files are hashed only after :func:`bookmaker.read.files.file_problem` finds them
regular and under their size limit: a cover of ``/dev/zero`` or a FIFO is not
read here (the build then reports it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bookmaker import __version__
from bookmaker.build.book import BookStats
from bookmaker.model import BookOptions
from bookmaker.read.files import (
    COVER_LIMIT,
    SETTINGS_LIMIT,
    STORY_LIMIT,
    STYLE_LIMIT,
    file_problem,
)

__all__ = [
    "CACHE_DIR",
    "CachedFile",
    "Entry",
    "Manifest",
    "compute_key",
    "job_identity",
    "job_ingredients",
    "job_key",
    "file_digest",
]

log = logging.getLogger("bookmaker")

CACHE_DIR = "builds"
"""Folder, inside the user's bookmaker cache folder, holding one manifest per output folder."""

_FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CachedFile:
    """One output file as recorded in the manifest."""

    format: str
    """A format (``epub``, ``pdf``, ``html``…), ``proof``, or ``asset`` (a file the preview
    page links, shared by the books of the folder)."""
    name: str
    """File name inside the output folder (an asset's: ``html-files/NAME``)."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hex SHA-256 of the file's bytes."""


@dataclass(frozen=True)
class Entry:
    """What the manifest knows about one book."""

    key: str
    """The book's key when it was built."""
    stem: str
    """The output file stem used."""
    stats: BookStats = BookStats()
    """Title, chapters, words and pages, reported again when the book is up to date."""
    files: tuple[CachedFile, ...] = ()
    """Files written."""


def file_digest(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _bytes_digest(path: Path, limit: int = STORY_LIMIT) -> str | None:
    """Digest of a regular file under ``limit`` bytes; ``None`` for anything else."""
    if file_problem(path, limit) is not None:
        return None
    try:
        return file_digest(path)
    except OSError:
        return None


def default_cache_dir() -> Path | None:
    """Where build manifests live, or ``None`` when there is no cache folder."""
    from bookmaker.caches import cache_home

    home = cache_home()
    return home / CACHE_DIR if home else None


def compute_key(ingredients: Mapping[str, Any]) -> str:
    """The key of a book: SHA-256 of its ingredients as canonical JSON (pure)."""
    blob = json.dumps(ingredients, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode("ascii")).hexdigest()


def _tree_digest(folder: str, memo: dict[str, str] | None = None) -> str:
    """SHA-256 over the names and bytes of every file under ``folder``.

    ``memo`` (one per run) saves reading the same folder for every book.
    """
    if memo is not None and folder in memo:
        return memo[folder]
    h = hashlib.sha256()
    root = Path(folder)
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if "__pycache__" not in p.parts and file_problem(p, STORY_LIMIT) is None:
                h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
                h.update(file_digest(p).encode("ascii"))
    digest = h.hexdigest()
    if memo is not None:
        memo[folder] = digest
    return digest


def code_digest(memo: dict[str, str] | None = None) -> str:
    """bookmaker's version and the bytes of its modules (a dev checkout changes without a bump)."""
    return f"{__version__}:{_tree_digest(str(_PACKAGE), memo)}"


def _resources(options: BookOptions, memo: dict[str, str] | None) -> dict[str, str]:
    from bookmaker.resources import data_dir

    found = {"styles": _tree_digest(str(data_dir("styles")), memo),
             "templates": _tree_digest(str(data_dir("templates")), memo)}
    for opt, folder in (("styles_dir", options.styles_dir),
                        ("templates_dir", options.templates_dir)):
        if folder:
            found[opt] = _tree_digest(str(Path(folder).resolve()), memo)
    if options.style.endswith(".css"):
        found["style_file"] = _bytes_digest(Path(options.style), STYLE_LIMIT) or "missing"
    return found


def _sidecar_cover(sidecar: Path, data: bytes) -> str | None:
    """Digest of the cover a sidecar names (``None`` when it names none)."""
    if b"cover" not in data:
        return None
    try:
        value = tomllib.loads(data.decode("utf-8")).get("cover")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the build reports the sidecar error; the sidecar's bytes are in the key
    if not isinstance(value, str):
        return None
    return _bytes_digest(sidecar.parent / value, COVER_LIMIT) or "missing"


def _story(path: Path) -> dict[str, Any]:
    sidecar = path.with_suffix(".toml")
    entry: dict[str, Any] = {"name": path.name, "text": _bytes_digest(path)}
    if file_problem(sidecar, SETTINGS_LIMIT) is not None:
        return entry
    try:
        data = sidecar.read_bytes()
    except OSError:
        return entry
    entry["sidecar"] = hashlib.sha256(data).hexdigest()
    entry["sidecar_cover"] = _sidecar_cover(sidecar, data)
    return entry


def _plain(value: Any) -> Any:
    """JSON-ready form of dataclasses, paths and tuples."""
    if hasattr(value, "__dataclass_fields__"):
        return _plain(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _plain_frozen(value: Any) -> Any:
    """:func:`_plain` of a frozen value (options, metadata layers): the books of a run share
    one, so it is converted once (an unhashable one every time). Callers copy before adding
    to it."""
    try:
        return _plain_once(value)
    except TypeError:  # unhashable
        return _plain(value)


@lru_cache(maxsize=64)
def _plain_once(value: Any) -> Any:
    return _plain(value)


def job_identity(job: Any) -> str:
    """Which book a job builds, stable across runs (anthology title or story path)."""
    if job.anthology is not None:
        return f"anthology:{job.stem or ''}:{job.name}"
    return "story:" + str(Path(job.stories[0]).resolve())


def _metadata(job: Any) -> Any:
    """The job's flag and project metadata, with the bytes of a cover flag's image."""
    layers = getattr(job, "metadata", None)
    found = _plain_frozen(layers)
    found = dict(found) if isinstance(found, dict) else found
    cover = layers.flags.cover if layers is not None else None
    if cover:
        found["cover_bytes"] = _bytes_digest(Path(cover), COVER_LIMIT)
    return found


def job_ingredients(job: Any, memo: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the output of ``job`` (a :class:`bookmaker.build.plan.Job`) depends on.

    ``memo``: a dict shared by the books of one run, so that folders (styles,
    templates, bookmaker's code) are read once per run.
    """
    anthology = None
    if job.anthology is not None:
        anthology = _plain(job.anthology)
        cover = job.anthology.cover
        anthology["cover_bytes"] = _bytes_digest(Path(cover), COVER_LIMIT) if cover else None
    return {
        "bookmaker": code_digest(memo),
        "stories": [_story(Path(p)) for p in job.stories],
        "formats": list(job.formats),
        "options": _plain_frozen(job.options),
        "language": job.language,
        "stem": job.stem,
        "metadata": _metadata(job),
        "anthology": anthology,
        "resources": _resources(job.options, memo),
    }


def job_key(job: Any, memo: dict[str, str] | None = None) -> str:
    """The key of ``job``: :func:`compute_key` over :func:`job_ingredients`."""
    return compute_key(job_ingredients(job, memo))


_SAFE_NAME = re.compile(r"^(html-files/)?[^/\\\0]+$")
"""A recorded file: a plain name in the output folder, or a preview asset in its folder
(``bookmaker.render.preview.ASSET_DIR``, spelled here so a cache check imports no renderer)."""
_MANIFEST_LIMIT = 64 * 1024 * 1024
"""A manifest holds a few hundred bytes per book."""


class Manifest:
    """The record of built books in one output folder.

    Load it, ask :meth:`fresh` per book, :meth:`record` or :meth:`forget` after
    building, then :meth:`save` (atomically).
    """

    def __init__(self, out_dir: Path, entries: dict[str, Entry] | None = None,
                 cache_dir: Path | None = None) -> None:
        self.out_dir = Path(out_dir)
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.entries: dict[str, Entry] = dict(entries or {})
        self._dirty = False

    @property
    def path(self) -> Path | None:
        """``<cache>/builds/<output folder name>-<hash of its absolute path>.json``.

        ``None`` when there is no cache folder (no home): then nothing is cached.
        """
        if self.cache_dir is None:
            return None
        where = str(self.out_dir.resolve())
        tag = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", self.out_dir.resolve().name)[:40] or "root"
        return Path(self.cache_dir) / f"{name}-{tag}.json"

    @classmethod
    def load(cls, out_dir: Path, cache_dir: Path | None = None) -> Manifest:
        """The manifest of ``out_dir``; empty when missing, unreadable or not a regular file."""
        manifest = cls(out_dir, cache_dir=cache_dir)
        where = manifest.path
        if where is None or file_problem(where, _MANIFEST_LIMIT) is not None:
            return manifest
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return manifest
            for ident, e in data["books"].items():
                files = tuple(CachedFile(**f) for f in e.pop("files"))
                e["stats"] = BookStats(**e.pop("stats"))
                if all(_SAFE_NAME.match(f.name) and ".." not in f.name for f in files):
                    manifest.entries[ident] = Entry(**e, files=files)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.info("ignoring the build cache %s: %s", manifest.path, exc)
            manifest.entries.clear()
        return manifest

    def fresh(self, identity: str, key: str) -> Entry | None:
        """The entry when the book is up to date: same key, every file present and intact."""
        entry = self.entries.get(identity)
        if entry is None or entry.key != key or not entry.files:
            return None
        for f in entry.files:
            path = self.out_dir / f.name
            try:
                if path.stat().st_size != f.size or file_digest(path) != f.sha256:
                    return None
            except OSError:
                return None
        return entry

    def record(self, identity: str, entry: Entry) -> None:
        """Remember a book just built."""
        self.entries[identity] = entry
        self._dirty = True

    def forget(self, identity: str) -> None:
        """Drop a book (it failed, so the next run retries it)."""
        if self.entries.pop(identity, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write the manifest atomically when anything changed.

        A cache that cannot be written costs the next run a rebuild, nothing more:
        one warning line, and the build's outcome is unchanged.
        """
        where = self.path
        if not self._dirty or where is None:
            return
        from bookmaker.build.files import write_atomic
        from bookmaker.errors import OutputError

        books = {ident: asdict(e) for ident, e in sorted(self.entries.items())}
        data = json.dumps({"format": _FORMAT, "output": str(self.out_dir.resolve()),
                           "books": books}, indent=1, sort_keys=True)
        try:
            write_atomic(where, data.encode("utf-8"))
        except OutputError as exc:
            log.warning("the build cache was not saved (%s); the next build rebuilds every book",
                        exc)
        self._dirty = False
