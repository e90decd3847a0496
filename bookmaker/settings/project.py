"""The project file, ``bookmaker.toml``: defaults, single books and anthologies.

``parse_project`` validates a decoded TOML table into frozen dataclasses and
touches no file; ``resolve_project`` expands story globs, checks that paths exist
and turns the result into a :class:`Project`; ``load_project`` does both for a
file. Every problem is a :class:`~bookmaker.errors.ConfigError` naming the file
and the key, e.g. ``bookmaker.toml: anthology[1].stories: glob "x/*.txt"
matches nothing``. Anthologies are numbered from 1, in file order.

Schema (every key optional except an anthology's ``title`` and ``stories``)::

    stories = ["stories/*.txt"]        # single books, paths or globs, in order

    [defaults]
    output = "out"                     # folder for the books
    formats = ["epub", "pdf"]          # epub, pdf, html
    style = "classic"                  # theme name or a CSS file
    trim = "digest"                    # PDF page size
    language = "en"                    # every story's tag (a sidecar's wins), over the text's
    authors = ["Jo Writer"]            # every book's authors, unless its sidecar names them
    series = "Konoha Nights"           # every book's series, unless its sidecar names one
    publisher = "Jo's Press"           # the EPUB's publisher (default: the archive, else bookmaker)
    templates = "templates"            # your own copy of the templates (optional)
    styles = "styles"                  # your own copy of the styles (optional)

    [[anthology]]
    title = "Five Stories"
    subtitle = "…"
    editor = "…"
    description = "…"
    cover = "cover.jpg"
    stories = ["stories/b.txt", "stories/a.txt"]
    style = "large-print"              # overrides [defaults] for this book
    trim = "trade"
    language = "en"
    formats = ["epub"]
    file = "five-stories"              # output file stem (default: from the title)
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bookmaker.errors import ConfigError
from bookmaker.read.files import COVER_LIMIT, file_problem
from bookmaker.settings.options import (
    LANGUAGE_HINT,
    THEMES,
    book_language,
    check_formats,
    check_style,
    check_trim,
    is_language_tag,
)
from bookmaker.settings.paths import OUTSIDE_HINT, check_stem, confine, inside
from bookmaker.settings.toml import Table, kind_of, read_toml

__all__ = [
    "PROJECT_FILE",
    "DEFAULT_STORIES",
    "Defaults",
    "AnthologySpec",
    "ProjectSpec",
    "Anthology",
    "Project",
    "parse_project",
    "resolve_project",
    "load_project",
    "implied_project",
    "find_project",
    "check_cover",
]

PROJECT_FILE = "bookmaker.toml"
"""The project file's name at the root of a book project."""

DEFAULT_STORIES = ("stories/*.txt",)
"""The single books when the project file lists none."""

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)


@dataclass(frozen=True)
class Defaults:
    """Project-wide settings; anthologies may override style, trim, language, formats."""

    output: str = "out"
    """Folder the books are written to, relative to the project root."""
    formats: tuple[str, ...] = ("epub", "pdf")
    """Formats built for every book, in order."""
    style: str = "classic"
    """Theme name (``classic``, ``large-print``) or a CSS file."""
    trim: str = "digest"
    """PDF page size name or ``WxH`` with units."""
    language: str | None = None
    """BCP 47 tag of every story whose sidecar names none, over the one its text names or
    shows (``None``: the text's own, else English); an anthology's default language."""
    templates: str | None = None
    """The user's templates folder, or ``None`` for bookmaker's own."""
    styles: str | None = None
    """The user's styles folder, or ``None`` for bookmaker's own."""
    authors: tuple[str, ...] = ()
    """Authors of every story whose sidecar names none (over the text's own)."""
    series: str | None = None
    """Series of every story whose sidecar names none."""
    publisher: str | None = None
    """Publisher of every book (over the archive's name)."""


@dataclass(frozen=True)
class AnthologySpec:
    """One ``[[anthology]]`` table as written (story patterns not yet expanded)."""

    title: str
    """The anthology's title."""
    stories: tuple[str, ...]
    """Story paths or globs, in binding order."""
    subtitle: str = ""
    """Subtitle shown under the title."""
    editor: str = ""
    """Editor, shown on the title page instead of the list of authors."""
    description: str = ""
    """Description for the metadata (default: one "Title by Author" line per story)."""
    cover: str | None = None
    """Cover image path (PNG, JPEG or GIF), or ``None`` to generate one."""
    style: str | None = None
    """Overrides ``defaults.style``."""
    trim: str | None = None
    """Overrides ``defaults.trim``."""
    language: str | None = None
    """Overrides ``defaults.language``."""
    formats: tuple[str, ...] | None = None
    """Overrides ``defaults.formats``."""
    file: str | None = None
    """Output file stem; default: the slug of the title."""


@dataclass(frozen=True)
class ProjectSpec:
    """A validated project file, before any path is looked at."""

    defaults: Defaults = field(default_factory=Defaults)
    """The ``[defaults]`` table."""
    stories: tuple[str, ...] = DEFAULT_STORIES
    """Single-book story paths or globs."""
    stories_given: bool = False
    """Whether the file lists ``stories`` itself (then a glob matching nothing is an error)."""
    anthologies: tuple[AnthologySpec, ...] = ()
    """The ``[[anthology]]`` tables, in order."""


@dataclass(frozen=True)
class Anthology:
    """An anthology ready to assemble: paths resolved, defaults applied."""

    title: str
    """The anthology's title."""
    stories: tuple[Path, ...]
    """Story files in binding order."""
    subtitle: str = ""
    """Subtitle."""
    editor: str = ""
    """Editor."""
    description: str = ""
    """Description, or ``""`` for the generated one."""
    cover: Path | None = None
    """Cover image file, or ``None``."""
    style: str = "classic"
    """Theme for the whole volume."""
    trim: str = "digest"
    """Page size for the whole volume."""
    language: str = "en"
    """Language of the volume."""
    formats: tuple[str, ...] = ("epub", "pdf")
    """Formats to build."""
    file: str | None = None
    """Output file stem, or ``None`` for the title's slug."""


@dataclass(frozen=True)
class Project:
    """A book project: where it is, its defaults, its single books and anthologies."""

    root: Path
    """The folder relative paths are resolved against."""
    path: Path | None = None
    """The project file, or ``None`` for a bare ``stories/`` folder."""
    defaults: Defaults = field(default_factory=Defaults)
    """Project-wide settings, with folder paths resolved against ``root``."""
    stories: tuple[Path, ...] = ()
    """Story files built as single books, in order."""
    anthologies: tuple[Anthology, ...] = ()
    """Anthologies, in file order."""

    @property
    def output(self) -> Path:
        """The output folder."""
        return self.root / self.defaults.output


# -- parsing (pure) ---------------------------------------------------------------


def _formats(t: Table, key: str, default: Any = None) -> Any:
    value = t.texts(key, default, at_least_one=True)
    if value is None or value is default:
        return value
    return check_formats(value, key=t.key(key), path=t.path)


def _language(t: Table, key: str, default: Any = None) -> Any:
    value = t.text(key, default)
    if value is not None and value is not default and not is_language_tag(value):
        raise t.error(t.key(key), f'"{value}" is not a language tag', LANGUAGE_HINT)
    return value


_DEFAULT_KEYS = ("output", "formats", "style", "trim", "language", "templates", "styles",
                 "authors", "series", "publisher")
_ANTHOLOGY_KEYS = ("title", "subtitle", "editor", "description", "cover", "stories",
                   "style", "trim", "language", "formats", "file")
_TOP_KEYS = ("stories", "defaults", "anthology")


def parse_project(data: Mapping[str, Any], path: object = PROJECT_FILE) -> ProjectSpec:
    """Validate a decoded project table; no file is read.

    :param data: what ``tomllib`` returned.
    :param path: the file, for error messages.
    :raises ConfigError: on unknown keys, wrong types or bad values.
    """
    top = Table(path, "", data, _TOP_KEYS)
    d = Table(path, "defaults", data.get("defaults", {}), _DEFAULT_KEYS)
    base = Defaults()
    defaults = Defaults(
        output=d.text("output", base.output),
        formats=_formats(d, "formats", base.formats),
        style=d.text("style", base.style),
        trim=d.text("trim", base.trim),
        language=_language(d, "language"),
        templates=d.text("templates"),
        styles=d.text("styles"),
        authors=d.texts("authors", ()),
        series=d.text("series"),
        publisher=d.text("publisher"),
    )
    tables = data.get("anthology", [])
    if isinstance(tables, Mapping):
        raise top.error("anthology", "write each anthology as [[anthology]] (two brackets)")
    if not isinstance(tables, list):
        raise top.error("anthology", f"expected [[anthology]] tables, got {kind_of(tables)}")
    anthologies = []
    for i, table in enumerate(tables, start=1):
        a = Table(path, f"anthology[{i}]", table, _ANTHOLOGY_KEYS)
        anthologies.append(AnthologySpec(
            title=a.text("title", required=True),
            stories=a.texts("stories", required=True, at_least_one=True),
            subtitle=a.text("subtitle", "", nonempty=False).strip(),
            editor=a.text("editor", "", nonempty=False).strip(),
            description=a.text("description", "", nonempty=False).strip(),
            cover=a.text("cover"),
            style=a.text("style"),
            trim=a.text("trim"),
            language=_language(a, "language"),
            formats=_formats(a, "formats"),
            file=check_stem(a.text("file"), f"anthology[{i}].file", path),
        ))
    given = "stories" in data
    return ProjectSpec(
        defaults=defaults,
        stories=top.texts("stories", DEFAULT_STORIES),
        stories_given=given,
        anthologies=tuple(anthologies),
    )


# -- resolving (reads the file system) --------------------------------------------


def _expand(patterns: tuple[str, ...], root: Path, key: str, path: object,
            *, strict: bool = True, allow_outside: bool = False) -> tuple[Path, ...]:
    """Expand story paths and globs, in order; each story may appear once.

    Every story must lie inside ``root`` (symbolic links followed) unless ``allow_outside``.
    """
    found: dict[Path, str] = {}
    for pattern in patterns:
        expanded = str(Path(pattern).expanduser())
        if glob.has_magic(expanded):
            matches = sorted(
                Path(root, m) for m in glob.glob(expanded, root_dir=root, recursive=True)
            )
            matches = [m for m in matches if m.is_file()]
            if not matches:
                if not strict:
                    continue
                raise ConfigError(f'{key}: glob "{pattern}" matches nothing', path=path,
                                  hint=f"paths are relative to {root.resolve()}")
        else:
            target = root / expanded
            if not allow_outside and not inside(target, root):
                raise ConfigError(f'{key}: story "{pattern}" is outside the project folder',
                                  path=path, hint=OUTSIDE_HINT)
            if not target.exists():
                raise ConfigError(f'{key}: story "{pattern}" does not exist', path=path,
                                  hint=f"paths are relative to {root.resolve()}")
            if not target.is_file():
                raise ConfigError(f'{key}: "{pattern}" is not a file', path=path,
                                  hint='use a glob such as "stories/*.txt" for a folder')
            matches = [target]
        for m in matches:
            if not allow_outside and not inside(m, root):
                raise ConfigError(f'{key}: story "{_show(m, root)}" is outside the project '
                                  'folder', path=path, hint=OUTSIDE_HINT)
            real = m.resolve()
            if real in found:
                raise ConfigError(
                    f'{key}: story "{_show(m, root)}" is listed twice'
                    f' (by "{found[real]}" and "{pattern}")', path=path,
                    hint="each story may appear once in a list")
            found[real] = pattern
    return tuple(_tidy(p, root) for p in found)


def _tidy(path: Path, root: Path) -> Path:
    """``path`` relative to the current folder when it lies under it, for short messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _show(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _folder(value: str | None, root: Path, key: str, path: object,
            allow_outside: bool = False) -> str | None:
    if value is None:
        return None
    folder = confine(value, root, key, path, allow_outside=allow_outside, what="folder")
    if not folder.is_dir():
        raise ConfigError(f'{key}: folder "{value}" does not exist', path=path,
                          hint="`bookmaker new DIR` writes copies of the templates and styles")
    return str(folder.resolve())


def _style(value: str, root: Path, key: str, path: object, allow_outside: bool = False) -> str:
    """A theme name, or a CSS file inside the project (resolved against its root)."""
    if not value.lower().endswith(".css"):
        return check_style(value, key=key, path=path)
    css = confine(value, root, key, path, allow_outside=allow_outside, what="style sheet")
    if not css.is_file():
        raise ConfigError(f'{key}: style sheet "{value}" does not exist', path=path,
                          hint="give a CSS file in the project, or a theme: "
                               + ", ".join(THEMES))
    return str(css.resolve())


def check_cover(value: str | None, root: Path, key: str, path: object, *,
                allow_outside: bool = False) -> Path | None:
    """The cover file ``value`` under ``root``, checked to be a PNG, JPEG or GIF image.

    Only its first bytes are read here; :func:`bookmaker.read.image.load_cover`
    decodes and verifies it when the book is bound.
    """
    if value is None:
        return None
    cover = confine(value, root, key, path, allow_outside=allow_outside, what="cover")
    problem = file_problem(cover, COVER_LIMIT)
    if problem is not None:
        raise ConfigError(f'{key}: cannot read cover "{value}": {problem}', path=path)
    try:
        with open(cover, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ConfigError(f'{key}: cannot read cover "{value}": {exc.strerror or exc}',
                          path=path) from None
    if not any(head.startswith(magic) for magic, _ in _IMAGE_MAGIC):
        raise ConfigError(f'{key}: cover "{value}" is not a PNG, JPEG or GIF image', path=path)
    return _tidy(cover, root)


def resolve_project(spec: ProjectSpec, root: Path, path: object = PROJECT_FILE, *,
                    allow_outside: bool = False) -> Project:
    """Expand globs and check paths against ``root``; apply defaults to anthologies.

    :param allow_outside: accept paths that leave ``root`` (see :mod:`.paths`).
    :raises ConfigError: for a missing story, a glob matching nothing, a duplicate
        story in one list, a missing folder, an unreadable cover, or a path outside
        ``root``.
    """
    root = Path(root)
    d = spec.defaults
    out = allow_outside
    confine(d.output, root, "defaults.output", path, allow_outside=out, what="folder")
    defaults = Defaults(
        output=d.output,
        formats=d.formats,
        style=_style(d.style, root, "defaults.style", path, out),
        trim=check_trim(d.trim, key="defaults.trim", path=path),
        language=d.language,
        templates=_folder(d.templates, root, "defaults.templates", path, out),
        styles=_folder(d.styles, root, "defaults.styles", path, out),
        authors=d.authors,
        series=d.series,
        publisher=d.publisher,
    )
    stories = _expand(spec.stories, root, "stories", path, strict=spec.stories_given,
                      allow_outside=out)
    anthologies = []
    for i, a in enumerate(spec.anthologies, start=1):
        where = f"anthology[{i}]"
        anthologies.append(Anthology(
            title=a.title,
            stories=_expand(a.stories, root, f"{where}.stories", path, allow_outside=out),
            subtitle=a.subtitle,
            editor=a.editor,
            description=a.description,
            cover=check_cover(a.cover, root, f"{where}.cover", path, allow_outside=out),
            style=(_style(a.style, root, f"{where}.style", path, out) if a.style
                   else defaults.style),
            trim=check_trim(a.trim, key=f"{where}.trim", path=path) if a.trim else defaults.trim,
            language=book_language(a.language, defaults.language),
            formats=a.formats or defaults.formats,
            file=a.file,
        ))
    return Project(root=root, path=Path(str(path)), defaults=defaults, stories=stories,
                   anthologies=tuple(anthologies))


def load_project(path: str | Path, *, allow_outside: bool = False) -> Project:
    """Read, validate and resolve a ``bookmaker.toml``.

    :param allow_outside: accept paths that leave the project folder.
    :raises ConfigError: when the file is unreadable, not TOML, or invalid.
    """
    p = Path(path)
    data = read_toml(p, missing_hint="`bookmaker new DIR` creates a starter project")
    spec = parse_project(data, p)
    return resolve_project(spec, p.parent, p, allow_outside=allow_outside)


def implied_project(root: str | Path, defaults: Defaults | None = None, *,
                    allow_outside: bool = False) -> Project:
    """The project of a folder without ``bookmaker.toml``: its ``stories/*.txt``."""
    root = Path(root)
    spec = ProjectSpec(defaults=defaults or Defaults())
    project = resolve_project(spec, root, root, allow_outside=allow_outside)
    return Project(root=root, path=None, defaults=project.defaults, stories=project.stories)


def find_project(folder: str | Path = ".", *, upwards: bool = False) -> Path | None:
    """``folder/bookmaker.toml`` when it exists, else ``None``.

    With ``upwards``, the nearest one in ``folder`` or a folder above it, as git finds its
    repository: the search stops at the user's home folder, at a folder holding ``.git``
    (a repository's root), and at the file system's root.
    """
    start = Path(folder)
    candidate = start / PROJECT_FILE
    if candidate.is_file() or not upwards:
        return candidate if candidate.is_file() else None
    home = Path.home().resolve() if "HOME" in os.environ else None
    if start.resolve() == home or (start / ".git").exists():
        return None
    for here in start.resolve().parents:
        candidate = here / PROJECT_FILE
        if candidate.is_file():
            return _tidy(candidate, here)
        if here == home or (here / ".git").exists():
            return None
    return None
