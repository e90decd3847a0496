"""Book to :class:`~bookmaker.layout.view.BookLayout`: every display decision, made once.

Reading order: cover, (anthology title page,) then per story its title page,
front matter, part pages and chapters, end matter; the colophon last. The
contents tree is built beside the sections so that an entry can only point at a
section that exists, under the same title.
"""

from __future__ import annotations

from bookmaker.layout import metadata as md
from bookmaker.layout.view import (
    BookLayout,
    HeadingParts,
    Paragraphs,
    Section,
    StoryLayout,
    TocEntry,
)
from bookmaker.model import Book, Chapter, Story, replace

__all__ = ["layout_book", "chapter_title", "heading_parts", "FRONT_TITLE", "END_TITLE"]

FRONT_TITLE = "Preface"
"""Title of a story's front matter page when it is not one labelled block."""

END_TITLE = "Afterword"
"""Title of end matter holding notes (end markers alone get no contents entry)."""

_SEPARATORS = " :.-–—|"
"""Characters between a heading's number and its title (``Chapter 1: Dawn``)."""


def heading_parts(ch: Chapter) -> HeadingParts | None:
    """``ch``'s heading split into label and title, or ``None`` when it has none."""
    label, title = ch.label, ch.title or ""
    if not (label or title):
        return None
    if title and label and label != title and label.endswith(title):
        return HeadingParts(label[: len(label) - len(title)].rstrip(_SEPARATORS) or label, title)
    if title and label and title not in label:
        return HeadingParts(label, title)
    if label:
        return HeadingParts(label, "")
    return HeadingParts("", title)


def chapter_title(ch: Chapter, number: int, story: Story) -> str:
    """The one display title of a chapter (contents, bookmarks, ``<title>``).

    An untitled first chapter is the story's opening and takes the story's title;
    a later untitled one is numbered after it, never "Chapter N" (which could sit
    beside the text's own "Chapter N").
    """
    parts = heading_parts(ch)
    if parts is not None:
        return f"{parts.label}: {parts.title}" if parts.label and parts.title else (
            parts.label or parts.title)
    name = story.title.strip() or "Untitled"
    return name if number == 1 else f"{name} ({number})"


def _story_sections(book: Book, story: Story, n: int) -> tuple[list[Section], TocEntry]:
    """The sections of story ``n`` (1-based) and its contents entry."""
    anthology = book.is_anthology
    sid = f"s{n}"
    matter_front = "body" if anthology else "front"
    title = story.title.strip() or "Untitled"
    sections = [Section(f"{sid}-title", "title", title, matter_front, n - 1)]
    children: list[TocEntry] = []

    front = tuple(md.front_blocks(story))
    if front:
        label = front[0][0] if len(front) == 1 and front[0][0] else FRONT_TITLE
        sections.append(Section(f"{sid}-front", "front", label, matter_front, n - 1,
                                blocks=front))
        children.append(TocEntry(label, f"{sid}-front", "front"))

    part_level = 2 if anthology else 1
    chapter_level = part_level + 1 if story.parts else 2
    last = len(story.chapters)
    # each part's page goes before its first chapter; a part whose first chapter is
    # out of range still gets its page (no heading is lost)
    events = sorted([(min(max(p.first_chapter, 0), last), 0, i)
                     for i, p in enumerate(story.parts, 1)]
                    + [(i, 1, i + 1) for i in range(last)])
    groups: list[tuple[TocEntry, list[TocEntry]]] = []
    top: list[TocEntry | int] = []  # an int is the index of a part group
    oneshot = anthology and md.is_oneshot(story)  # the story's entry stands for its chapter
    for _, is_chapter, number in events:
        if not is_chapter:
            part = story.parts[number - 1]
            heading = part.title or f"Part {number}"
            pid = f"{sid}-part{number}"
            sections.append(Section(pid, "part", heading, "body", n - 1, part_level,
                                    part=replace(part, title=heading)))
            groups.append((TocEntry(heading, pid, "part"), []))
            top.append(len(groups) - 1)
            continue
        ch = story.chapters[number - 1]
        cid = f"{sid}-ch{number:03d}"
        shown = chapter_title(ch, number, story)
        parts = heading_parts(ch)
        sections.append(Section(cid, "chapter", shown, "body", n - 1, chapter_level,
                                heading=parts, chapter=ch))
        if not oneshot:
            entry = TocEntry(shown, cid, "chapter")
            (groups[-1][1] if groups else top).append(entry)
    for e in top:
        if not isinstance(e, int):
            children.append(e)
        elif anthology:  # at most two levels (story, then entries): a part sits among them
            children += [groups[e][0], *groups[e][1]]
        else:
            children.append(replace(groups[e][0], children=tuple(groups[e][1])))

    if story.end_matter:
        notes = any(b.kind != "end-marker" for b in story.end_matter)
        label = END_TITLE if notes else "End"
        sections.append(Section(f"{sid}-end", "end", label, "body" if anthology else "back",
                                n - 1,
                                blocks=tuple((b.label, b) for b in story.end_matter)))
        if notes:
            children.append(TocEntry(label, f"{sid}-end", "end"))
    return sections, TocEntry(title, f"{sid}-title", "story", tuple(children))


def _story_layout(book: Book, story: Story, n: int) -> StoryLayout:
    lang = md.language(book, story)
    return StoryLayout(
        story=story, id=f"s{n}", lang=lang,
        fields=tuple(md.title_fields(story, lang)),
        summary=Paragraphs(md.summary_paragraphs(story)), summary_label=md.summary_label(story),
    )


def _keywords(book: Book) -> tuple[str, ...]:
    words: dict[str, None] = {}
    for story in book.stories:
        for word in md.subjects(story):
            words.setdefault(" ".join(word.split()), None)
    return tuple(words)


def layout_book(book: Book) -> BookLayout:
    """The one view of ``book`` every renderer draws. Pure; decides every shown name."""
    sections = [Section("cover", "cover", "Cover", "front")]
    toc: list[TocEntry] = []
    if book.is_anthology:
        sections.append(Section("title", "book-title", book.title.strip() or "Title Page",
                                "front", level=1))
        toc.append(TocEntry(sections[-1].title, "title", "book-title"))
    for n, story in enumerate(book.stories, 1):
        story_sections, entry = _story_sections(book, story, n)
        sections += story_sections
        if book.is_anthology:
            toc.append(entry)
        else:  # a single story: its title page, then its entries at the top level
            toc.append(TocEntry("Title Page", entry.target, "title"))
            toc += entry.children
    sections.append(Section("colophon", "colophon", "Colophon", "back"))
    toc.append(TocEntry("Colophon", "colophon", "colophon"))
    single = book.stories[0] if len(book.stories) == 1 else None
    return BookLayout(
        book=book,
        lang=md.language(book, single),
        stories=tuple(_story_layout(book, s, n) for n, s in enumerate(book.stories, 1)),
        sections=tuple(sections),
        toc=tuple(toc),
        date=md.shown_date(book),
        modified=md.modified(book) if md.known_date(book) else "",
        description=book.description or (md.summary(single) if single else ""),
        keywords=_keywords(book),
        sources=md.source_urls(book),
        published=md.published(book),
        rights=md.rights(single) if single else "",
    )
