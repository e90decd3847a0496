"""Book to the one HTML document a PDF is printed from.

The document binds every story of the book: half-title, title page, contents,
then each story (its own title page in an anthology, front matter, parts,
chapters, end matter) and a colophon. Story text is passed to Jinja as data and
autoescaped. Styles are the print stylesheets (fonts, print, theme, trim), either
inlined (``--format html``) or handed to WeasyPrint as parsed ``CSS`` objects.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from bookmaker import __version__
from bookmaker.errors import ConfigError
from bookmaker.model import Block, Book, Chapter, Story
from bookmaker.read.files import STYLE_LIMIT, check_file
from bookmaker.render import metadata as md
from bookmaker.render.templating import environment
from bookmaker.render.trim import parse_trim
from bookmaker.resources import fonts_dir, style_file

__all__ = [
    "THEMES",
    "Entry",
    "StoryView",
    "theme_path",
    "stylesheets",
    "print_html",
    "render_print_html",
]

THEMES = ("classic", "large-print")
"""Themes shipped in ``styles/themes/``."""

_FONT_URL = re.compile(r"""url\(\s*(["']?)(?![a-z][a-z0-9+.-]*:)([^"')]+)\1\s*\)""", re.I)


@dataclass(frozen=True)
class Entry:
    """One line of the contents page (and one bookmark)."""

    title: str
    """The text shown."""
    href: str
    """``#id`` of the element whose page number is printed."""
    kind: str
    """``story``, ``part``, ``chapter``, ``front`` or ``end``."""
    children: tuple[Entry, ...] = ()
    """Entries nested under this one."""


@dataclass(frozen=True)
class StoryView:
    """What the print template needs of one story, computed once."""

    story: Story
    id: str
    """Id prefix of the story's elements (``s1``)."""
    lang: str
    """The story's language (hyphenation follows it)."""
    running: str
    """Left-hand running head: the story's title (the book's for a single story)."""
    fields: tuple[tuple[str, str], ...]
    """Title-page metadata list (as on the EPUB title page)."""
    summary: str
    """Summary shown on the title page."""
    summary_label: str
    """Its label as written (``"Full Summary"``)."""
    front: tuple[tuple[str, Block], ...]
    """Front matter not shown on the title page, each with the label to show."""
    items: tuple[tuple[str, object, str, int], ...]
    """Body in order: ``("part" | "chapter", Part | Chapter, id, bookmark level)``."""
    level: int
    """Bookmark level of the story's front matter, parts and end matter."""
    entries: tuple[Entry, ...]
    """Contents entries for the story's parts and chapters."""


def theme_path(style: str | None) -> Path:
    """The CSS file of a theme name or a path to a CSS file.

    :raises ConfigError: for an unknown theme or an unreadable file.
    """
    name = (style or "classic").strip()
    if name in THEMES:
        return _style_file(f"themes/{name}.css")
    path = Path(name).expanduser()
    if path.suffix.lower() == ".css" or "/" in name or "\\" in name:
        if not path.is_file():
            raise ConfigError("style sheet not found", path=path,
                              hint=f"give a CSS file, or a theme: {', '.join(THEMES)}")
        return path
    raise ConfigError(f"unknown style {name!r}",
                      hint=f"choose a theme: {', '.join(THEMES)}, or give a .css file")


@cache
def _read_css(path: Path, mtime: float) -> str:
    del mtime  # part of the cache key only
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the style sheet: {exc}", path=path) from None
    if path.name == "fonts.css":
        base = fonts_dir().as_uri() + "/"
        text = _FONT_URL.sub(lambda m: f'url("{base}{m.group(2)}")', text)
    return text


def _css(path: Path) -> str:
    check_file(path, STYLE_LIMIT, error=ConfigError, hint="give a CSS file")
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ConfigError(f"cannot read the style sheet: {exc.strerror}", path=path) from None
    return _read_css(path, mtime)


def stylesheets(book: Book) -> tuple[str, ...]:
    """The print style sheets of ``book``, in cascade order: fonts, print, theme, trim.

    Font URLs are absolute ``file:`` URLs into bookmaker's font folder, so the
    same text works inlined in an HTML file and as a WeasyPrint ``CSS``.

    :raises ConfigError: for a bad ``trim`` or ``style`` option.
    """
    trim = parse_trim(book.options.get("trim"))
    theme = theme_path(book.options.get("style"))
    return (
        _css(_style_file("fonts.css")),
        _css(_style_file("base.css")),
        _css(_style_file("print.css")),
        _css(theme),
        trim.css(),
    )


def _style_file(name: str) -> Path:
    """``name`` in the user's styles folder when it is there, else in bookmaker's."""
    return style_file(name)


def _chapter_entry_title(ch: Chapter, story: Story, n: int) -> str:
    return ch.label or ch.title or (story.title if n == 1 else f"{story.title} ({n})")


def _story_view(book: Book, story: Story, index: int) -> StoryView:
    sid = f"s{index}"
    fields = tuple(md.title_fields(story, md.language(book, story)))
    front = tuple(md.front_blocks(story))
    parts = {p.first_chapter: (k, p) for k, p in enumerate(story.parts, 1)}
    items: list[tuple[str, object, str, int]] = []
    level = 2 if book.is_anthology else 1
    top: list[Entry] = []
    current: list[Entry] | None = None
    part_entry: tuple[str, str] | None = None

    def close_part() -> None:
        if part_entry is not None and current is not None:
            top.append(Entry(part_entry[0], part_entry[1], "part", tuple(current)))

    for n, ch in enumerate(story.chapters, 1):
        if n - 1 in parts:
            k, part = parts[n - 1]
            close_part()
            pid = f"{sid}-p{k}"
            items.append(("part", part, pid, level))
            part_entry, current = (part.title, f"#{pid}"), []
        cid = f"{sid}-c{n}"
        items.append(("chapter", ch, cid, level + (current is not None)))
        if not (book.is_anthology and md.is_oneshot(story)):  # the story's entry stands for it
            entry = Entry(_chapter_entry_title(ch, story, n), f"#{cid}", "chapter")
            (current if current is not None else top).append(entry)
    close_part()
    running = story.title if book.is_anthology else book.title
    return StoryView(story=story, id=sid, lang=md.language(book, story), running=running,
                     fields=fields,
                     summary=md.summary(story), summary_label=md.summary_label(story),
                     front=front, items=tuple(items), level=level, entries=tuple(top))


def _keywords(book: Book) -> list[str]:
    words: dict[str, None] = {}
    for story in book.stories:
        for word in md.subjects(story):
            words.setdefault(" ".join(word.split()), None)
    return list(words)


def print_html(book: Book, styles: tuple[str, ...] = ()) -> str:
    """The print document of ``book``, with ``styles`` inlined as ``<style>`` elements.

    :raises RenderError: never for story content; text is always escaped.
    """
    views = tuple(_story_view(book, s, i) for i, s in enumerate(book.stories, 1))
    if book.is_anthology:
        contents = tuple(Entry(v.story.title, f"#{v.id}", "story", v.entries) for v in views)
    else:
        contents = views[0].entries if views else ()
    description = book.description or (md.summary(book.stories[0]) if len(views) == 1 else "")
    date = str(book.options.get("date") or _source_date())
    template = environment().get_template("print/book.html")
    return template.render(
        book=book,
        views=views,
        contents=contents,
        show_contents=book.is_anthology or sum(_count(e) for e in contents) > 1,
        description=" ".join(description.split()),
        keywords=_keywords(book),
        date=date,
        styles=[s.replace("</", "<\\/") for s in styles],
        version=__version__,
        sources=[s for s in book.source_names if s],
    )


def _source_date() -> str:
    """``SOURCE_DATE_EPOCH`` as an ISO date-time, or ``""`` (never the clock)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return ""
    try:
        moment = datetime.fromtimestamp(int(value), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _count(entry: Entry) -> int:
    return 1 + sum(_count(c) for c in entry.children)


def render_print_html(book: Book) -> str:
    """The ``--format html`` output: the print document with its styles inlined.

    :raises ConfigError: for a bad ``trim`` or ``style`` option.
    """
    return print_html(book, stylesheets(book))
