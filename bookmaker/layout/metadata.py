"""Metadata derived from a Story or Book for title pages, EPUB packages and PDF info.

Pure functions over the model. Values shown to readers keep the author's own
labels (``"Pairing(s)"``) so that no word of the source is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from bookmaker.errors import ConfigError
from bookmaker.model import Block, Book, Story
from bookmaker.patterns import regex
from bookmaker.settings.options import is_language_tag

__all__ = [
    "TITLE_FIELDS",
    "TITLE_KINDS",
    "is_oneshot",
    "Series",
    "title_fields",
    "front_blocks",
    "status",
    "summary",
    "summary_label",
    "series",
    "language",
    "subjects",
    "file_as",
    "identifier",
    "modified",
    "shown_date",
    "cover_alt",
    "SOURCE_KEYS",
    "DATE_KEYS",
    "PUBLISHER_KEYS",
    "BOOK_META_KEYS",
]

TITLE_FIELDS: tuple[tuple[str, str], ...] = (
    ("rating", "Rating"),
    ("warnings", "Warnings"),
    ("fandom", "Fandom"),
    ("pairing", "Relationships"),
    ("characters", "Characters"),
    ("series", "Series"),
    ("genres", "Genres"),
    ("tags", "Tags"),
)
"""Front matter kinds shown in the title page's metadata list, with default labels."""

TITLE_KINDS = frozenset(k for k, _ in TITLE_FIELDS) | {"summary", "status"}
"""Front matter kinds the title page shows; the front matter pages skip them."""

DEFAULT_LABELS = {
    "disclaimer": "Disclaimer",
    "notes": "Author's Note",
    "legend": "Legend",
    "dedication": "Dedication",
    "contents": "Contents",
    "series": "Series",
    "word_count": "Word count",
    "other": "",
}
"""Labels for unlabelled front matter blocks."""

_IN_PROGRESS = regex(
    r"^\W*(tbc|t\.b\.c\.?|to be continued|continued|cont(?:inued)?\.?|more to come|"
    r"wip|in progress|next chapter soon)\W*$",
    re.IGNORECASE,
)
LANGUAGE_NAMES = {
    "en": "English", "fr": "Français", "de": "Deutsch", "es": "Español", "it": "Italiano",
    "pt": "Português", "nl": "Nederlands", "pl": "Polski", "ru": "Русский", "uk": "Українська",
    "sv": "Svenska", "da": "Dansk", "no": "Norsk", "nb": "Norsk", "fi": "Suomi", "cs": "Čeština",
    "hu": "Magyar", "tr": "Türkçe", "id": "Bahasa Indonesia", "vi": "Tiếng Việt",
    "ja": "日本語", "zh": "中文", "ko": "한국어", "ar": "العربية", "he": "עברית",
}
"""Languages by their own name (as AO3 shows them) for the title page."""

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Series:
    """A story's place in a series."""

    name: str
    """The series' name (may be ``""`` when only the position is known)."""
    index: int | None = None
    """1-based position in the series."""
    total: int | None = None
    """Number of parts, when known."""

    def describe(self) -> str:
        """What a reader writes: ``"Name, part 1 of 2"``, ``"Name"`` or ``"Part 1 of 2"``."""
        pos = ""
        if self.index:
            pos = f"part {self.index}" + (f" of {self.total}" if self.total else "")
        if pos and self.name:
            return f"{self.name}, {pos}"
        return self.name or pos[:1].upper() + pos[1:]


def _block_text(blocks: tuple[Block, ...]) -> str:
    return "; ".join(b.text for b in blocks if b.text)


def status(story: Story) -> str:
    """``"Complete"``, or ``"In progress"`` when the text ends with ``-TBC-`` or similar."""
    if story.meta.get("status"):
        return story.meta["status"]
    tail: list[str] = [b.text for b in story.end_matter if b.kind == "end-marker"]
    if story.chapters and story.chapters[-1].paragraphs:
        tail.extend(story.chapters[-1].paragraphs[-2:])
    tail.extend(b.text for b in story.front("status"))
    if any(_IN_PROGRESS.match(t.strip()) for t in tail):
        return "In progress"
    return "Complete"


def summary(story: Story) -> str:
    """The story's summary as plain text (paragraphs split by blank lines), or ``""``."""
    return "\n\n".join(summary_paragraphs(story))


def summary_paragraphs(story: Story) -> tuple[str, ...]:
    """The story's summary paragraphs: the sidecar's (split at blank lines), else those of
    its summary blocks, which keep their marks and line breaks (a poem, a title in italics)
    for the pages that show them."""
    if story.meta.get("summary"):
        return tuple(p for p in story.meta["summary"].split("\n\n") if p.strip())
    return tuple(p for b in story.front("summary") for p in b.paragraphs)


def summary_label(story: Story) -> str:
    """The summary's label as written (``"Full Summary"``), else ``"Summary"``."""
    labels = [b.label for b in story.front("summary") if b.label]
    return labels[0] if labels and not story.meta.get("summary") else "Summary"


_SERIES_POS = regex(
    r"part\s+0*(\d+|one|two|three|four|five)\s+of\s+(?:an?\s+)?0*(\d+|two|three|four|five)?",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else _NUMBERS.get(text.lower())


def series(story: Story) -> Series | None:
    """The story's series from sidecar meta (``series``, ``series_index``,
    ``series_total``) or a front matter ``series`` block like "Part 1 of 2"."""
    name = story.meta.get("series", "")
    index = _number(story.meta.get("series_index"))
    total = _number(story.meta.get("series_total"))
    text = _block_text(story.front("series"))
    m = _SERIES_POS.search(text) if text else None
    if m:
        index = index or _number(m.group(1))
        total = total or _number(m.group(2))
    if not (name or index):
        return None
    return Series(name=name, index=index, total=total)


def language(book: Book, story: Story | None = None) -> str:
    """A valid BCP 47 tag: the story's ``language`` meta, else the book's, else ``en``."""
    for tag in ((story.meta.get("language") if story else None), book.language):
        if tag and is_language_tag(tag):
            return tag.strip()
    return "en"


_ONE_STOP = regex(r"^[^.!?]*[^.!?\s]\.$")
"""A value with one full stop, at its end (``PG.``): the stop is the parser's, not a sentence's."""


def clean_value(text: str) -> str:
    """A title-page value as a reader writes it: spaces folded, a lone closing stop dropped."""
    text = " ".join(text.split())
    return text[:-1] if _ONE_STOP.match(text) and "\n" not in text else text


def _series_field(story: Story) -> str:
    """The series line: its name and place, else the author's own sentence about it."""
    s = series(story)
    if s and (s.name or not story.front("series")):
        return s.describe()
    return clean_value(_block_text(story.front("series")))


def title_fields(story: Story, language: str = "en") -> list[tuple[str, str]]:
    """``(label, value)`` pairs for the title page, in AO3 order, empty fields left out.

    Blocks keep their own label when they have one; sidecar meta wins over blocks.
    One word count, ours: a figure the author gives stays in the front matter.
    """
    fields: list[tuple[str, str]] = []
    for kind, default in TITLE_FIELDS:
        if kind == "series":
            if value := _series_field(story):
                fields.append((default, value))
            continue
        if story.meta.get(kind):
            fields.append((default, clean_value(story.meta[kind])))
            continue
        fields.extend((clean_value(b.label or default).rstrip(":"), clean_value(b.text))
                      for b in story.front(kind) if b.text.strip())
    fields.append(("Language", LANGUAGE_NAMES.get(language.split("-")[0].lower(), language)))
    # one count; a CJK story is counted (and labelled) in characters
    fields.append((story.count_unit.capitalize(), f"{story.word_count:,}"))
    fields.append(("Chapters", str(len(story.chapters))))
    stated_status = [b for b in story.front("status") if b.text.strip()]
    fields.extend((b.label or "Status", clean_value(b.text)) for b in stated_status)
    if not stated_status:
        fields.append(("Status", status(story)))
    return fields


def front_blocks(story: Story) -> list[tuple[str, Block]]:
    """Front matter the title page does not show, each with a label to display."""
    shown: list[tuple[str, Block]] = []
    previous = ""
    series_named = bool((s := series(story)) and s.name)
    for b in story.front_matter:
        if not b.text.strip() and not b.label.strip():  # nothing to show
            continue
        if b.kind in TITLE_KINDS and not (b.kind == "series" and series_named):
            previous = ""
            continue
        # a run of unlabelled blocks of one kind (two legend lines) shares one label
        default = "" if b.kind == previous else DEFAULT_LABELS.get(b.kind, "")
        shown.append((b.label or default, b))
        previous = b.kind
    return shown


def subjects(story: Story) -> list[str]:
    """Subjects for the package: genres, pairing, fandom and tags, split into items."""
    out: dict[str, None] = {}
    for kind in ("fandom", "genres", "pairing", "tags"):
        text = story.meta.get(kind) or _block_text(story.front(kind))
        for item in re.split(r"[,;\n]+|\.\s+", text):
            item = item.strip(" .\t")
            if item and len(item) <= 120:
                out.setdefault(item, None)
    return list(out)


def cover_alt(book: Book) -> str:
    """The cover image's text alternative: ``Cover: Title by A, B``."""
    return f"Cover: {book.title}" + (f" by {', '.join(book.authors)}" if book.authors else "")


def file_as(name: str) -> str:
    """Sort form of an author name: ``"Jane Q Doe"`` → ``"Doe, Jane Q"``; pen names as is."""
    words = name.split()
    if len(words) >= 2 and all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha()
                               for w in words):
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return name


_NOT_CONTENT = frozenset({"source", "encoding", "cover", "path", "reader"})
"""Story meta keys that say where a text came from, not what it is (not in the id)."""


def _digest(book: Book) -> bytes:
    data = {
        "title": book.title,
        "subtitle": book.subtitle,
        "editor": book.editor,
        "stories": [  # the text and what it says, not where or how it was read
            {**{k: v for k, v in s.as_dict().items() if k not in ("decisions", "meta")},
             "meta": {k: v for k, v in s.meta.items() if k not in _NOT_CONTENT}}
            for s in book.stories
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).digest()


def identifier(book: Book) -> str:
    """A stable ``urn:uuid`` (v5) derived from the book's content: same book, same id."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bookmaker:' + _digest(book).hex())}"


def _meta_date(book: Book) -> datetime | None:
    candidates: list[str | None] = [book.options.date]
    for s in book.stories:
        candidates += [s.meta.get(key) for key in DATE_KEYS]
    for value in candidates:
        if not value:
            continue
        try:
            dt = datetime.fromisoformat(str(value))
        except ValueError:
            continue
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return None


def _source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={value[:20]} is not a time bookmaker can use",
                          hint="give seconds since 1970, before the year 10000") from None


def known_date(book: Book) -> datetime | None:
    """``SOURCE_DATE_EPOCH``, else a date from the book's options or meta, else ``None``."""
    return _source_date_epoch() or _meta_date(book)


def modified_datetime(book: Book) -> datetime:
    """The book's build time in UTC: ``SOURCE_DATE_EPOCH``, else a date from the book's
    options or meta, else 2000-01-01. Never the clock."""
    return _source_date_epoch() or _meta_date(book) or _EPOCH


def modified(book: Book) -> str:
    """``dcterms:modified``: :func:`modified_datetime` as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return modified_datetime(book).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_date(book: Book) -> str:
    """The build date for the colophon (``YYYY-MM-DD``), or ``""`` when none is known."""
    dt = known_date(book)
    return dt.strftime("%Y-%m-%d") if dt else ""


_URL = regex(r"^https?://\S+$", re.IGNORECASE)
"""A web address; local paths and file names never reach a reader's colophon."""


SOURCE_KEYS = ("source_url", "url", "source")
"""Metadata keys a story's address is read from, in order."""
DATE_KEYS = ("updated", "date", "published")
"""Metadata keys a story's date is read from, in order (the book's own ``date`` first)."""
PUBLISHER_KEYS = ("publisher", "archive")
"""Metadata keys the EPUB's publisher is read from (a named publisher, else the archive)."""
BOOK_META_KEYS = frozenset((*SOURCE_KEYS, *DATE_KEYS, *PUBLISHER_KEYS))
"""Every metadata key some part of the book reads (a sidecar's other free keys are shown
by ``inspect`` only)."""


def source_url(story: Story) -> str:
    """Where a story came from, as an address: ``source_url``, else a reader's ``url``."""
    for key in SOURCE_KEYS:
        value = story.meta.get(key, "").strip()
        if _URL.match(value):
            return value
    return ""


def source_urls(book: Book) -> tuple[str, ...]:
    """Where the stories came from, each address once (:func:`source_url`)."""
    return tuple(dict.fromkeys(u for s in book.stories if (u := source_url(s))))


def published(book: Book) -> str:
    """First publication (``YYYY-MM-DD``): the single story's ``published``, else ``""``."""
    if len(book.stories) != 1:
        return ""
    value = book.stories[0].meta.get("published", "").strip()
    try:
        return datetime.fromisoformat(value).date().isoformat() if value else ""
    except ValueError:
        return ""


def rights(story: Story) -> str:
    """The story's disclaimer (its own words about who owns what), for ``dc:rights``."""
    return " ".join(" ".join(b.text.split()) for b in story.front("disclaimer") if b.text)


def is_oneshot(story: Story) -> bool:
    """One chapter without a heading: in an anthology's contents the story's entry stands for it."""
    return len(story.chapters) == 1 and not story.parts and not story.chapters[0].label
