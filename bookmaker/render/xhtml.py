"""Book to XHTML documents for an EPUB: one file per page-like unit, in reading order.

Cover, (anthology title page,) then per story: title page, front matter, part
pages, one file per chapter, end matter; then the colophon. Also builds the
table of contents (parts → chapters for one story; story → chapters for an
anthology) and the landmarks. Pure: no I/O; story text is escaped data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import count

from bookmaker import __version__
from bookmaker.model import Book, Chapter, Story
from bookmaker.render import metadata as md
from bookmaker.render.templating import environment

__all__ = ["Document", "NavEntry", "Rendition", "render_documents", "xml_safe"]

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (they carry no words)."""
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Document:
    """One XHTML file of the book."""

    name: str
    """File name inside the package's content folder, e.g. ``"s1-ch001.xhtml"``."""
    title: str
    """Its title, as in ``<title>``."""
    xhtml: str
    """The complete XHTML document."""
    matter: str = "body"
    """``"front"``, ``"body"`` or ``"back"`` (the contents page goes before the body)."""


@dataclass(frozen=True)
class NavEntry:
    """One entry of the table of contents."""

    title: str
    """Text shown in the contents."""
    href: str
    """Target document (and fragment)."""
    children: tuple[NavEntry, ...] = ()
    """Entries nested under this one."""
    order: int = 0
    """Reading-order position (NCX ``playOrder``), depth first from 1."""


@dataclass(frozen=True)
class Rendition:
    """Everything the packager needs besides metadata."""

    documents: tuple[Document, ...]
    """Content documents in reading order (the navigation document is not here)."""
    toc: tuple[NavEntry, ...]
    """The table of contents, never empty."""
    landmarks: tuple[tuple[str, str, str], ...] = field(default=())
    """``(epub:type, label, href)`` landmarks; the packager adds ``toc``."""


def _page(template: str, **context: object) -> str:
    context["title"] = str(context.get("title") or "").strip() or "Untitled"
    return xml_safe(environment().get_template(f"epub/{template}").render(**context))


def _chapter_title(ch: Chapter, index: int, story: Story) -> str:
    if ch.label:
        if ch.title and ch.title not in ch.label:
            return f"{ch.label}: {ch.title}"
        return ch.label
    if ch.title:
        return ch.title
    return story.title if len(story.chapters) == 1 else f"Chapter {index}"


def _story_documents(book: Book, story: Story, n: int, anthology: bool,
                     orders: count) -> tuple[list[Document], NavEntry, str]:
    """Documents of one story, its contents entry, and its first body document."""
    lang = md.language(book, story)
    prefix = f"s{n}"
    docs: list[Document] = []
    common = {"lang": lang}

    title_name = f"{prefix}-title.xhtml"
    docs.append(Document(title_name, story.title, _page(
        "titlepage.xhtml", **common, title=story.title, body_class="titlepage",
        body_type="frontmatter" if not anthology else "bodymatter",
        story=story if story.title.strip() else replace(story, title="Untitled"),
        fields=md.title_fields(story, lang), summary=md.summary(story),
        summary_label=md.summary_label(story), id=f"{prefix}-title",
    ), "front" if not anthology else "body"))
    story_order = next(orders)

    front = md.front_blocks(story)
    front_entry: list[NavEntry] = []
    if front:
        name = f"{prefix}-front.xhtml"
        label = front[0][0] if len(front) == 1 and front[0][0] else "Preface"
        docs.append(Document(name, label, _page(
            "front.xhtml", **common, title=label, body_class="front-matter",
            body_type="frontmatter", blocks=front, id=f"{prefix}-front",
        ), "front" if not anthology else "body"))
        front_entry.append(NavEntry(label, name, order=next(orders)))

    part_level = 2 if anthology else 1
    chapter_level = part_level + 1 if story.parts else 2
    # Reading order: each part's page goes before its first chapter; a part whose
    # first chapter is out of range still gets its page (no heading is lost).
    last = len(story.chapters)
    events: list[tuple[int, int, int]] = [  # (position, 0 part / 1 chapter, number)
        (min(max(p.first_chapter, 0), last), 0, i) for i, p in enumerate(story.parts, 1)]
    events += [(index, 1, index + 1) for index in range(last)]
    top: list[NavEntry] = []
    groups: list[tuple[NavEntry, list[NavEntry]]] = []
    first_body = ""
    for _, is_chapter, number in sorted(events):
        if not is_chapter:
            part = story.parts[number - 1]
            name = f"{prefix}-part{number}.xhtml"
            heading = part.title or f"Part {number}"
            docs.append(Document(name, heading, _page(
                "part.xhtml", **common, title=heading, body_class="part",
                body_type="bodymatter", part=part, level=part_level,
                id=f"{prefix}-part{number}",
            )))
            groups.append((NavEntry(heading, name, order=next(orders)), []))
            top.append(groups[-1][0])
        else:
            ch = story.chapters[number - 1]
            name = f"{prefix}-ch{number:03d}.xhtml"
            title = _chapter_title(ch, number, story)
            docs.append(Document(name, title, _page(
                "chapter.xhtml", **common, title=title, body_class="chapter",
                body_type="bodymatter z3998:fiction", ch=ch, id=f"{prefix}-ch{number:03d}",
                level=chapter_level,
            )))
            if not (anthology and md.is_oneshot(story)):  # a oneshot is its story's entry
                entry = NavEntry(title, name, order=next(orders))
                (groups[-1][1] if groups else top).append(entry)
        first_body = first_body or name
    parts_done = {id(head): tuple(children) for head, children in groups}
    top = [replace(e, children=parts_done[id(e)]) if id(e) in parts_done else e for e in top]

    if story.end_matter:
        name = f"{prefix}-end.xhtml"
        label = "Afterword" if any(b.kind != "end-marker" for b in story.end_matter) else "End"
        docs.append(Document(name, label, _page(
            "end.xhtml", **common, title=label, body_class="end-matter",
            body_type="backmatter", blocks=story.end_matter, id=f"{prefix}-end",
        ), "back" if not anthology else "body"))
        top.append(NavEntry(label, name, order=next(orders)))

    children = tuple(front_entry + top)
    head = NavEntry(story.title or "Untitled", title_name, children, story_order)
    return docs, head, first_body


def render_documents(book: Book, cover_src: str = "images/cover.jpg") -> Rendition:
    """All content documents of ``book``, its table of contents and landmarks.

    :param cover_src: the cover image's path inside the content folder.
    """
    lang = md.language(book)
    anthology = book.is_anthology
    orders = count(1)
    docs = [Document("cover.xhtml", "Cover", _page(
        "cover.xhtml", lang=lang, title="Cover", body_class="cover", body_type="cover",
        src=cover_src,
        alt=f"Cover: {book.title}" + (f" by {', '.join(book.authors)}" if book.authors else ""),
    ), "front")]
    toc: list[NavEntry] = []
    landmarks = [("cover", "Cover", "cover.xhtml")]
    if anthology:
        docs.append(Document("title.xhtml", book.title, _page(
            "booktitle.xhtml", lang=lang, title=book.title, body_class="titlepage",
            body_type="frontmatter", book=book, id="title",
        ), "front"))
        toc.append(NavEntry(book.title or "Title Page", "title.xhtml", order=next(orders)))
        landmarks.append(("titlepage", "Title Page", "title.xhtml"))

    first_body = ""
    for n, story in enumerate(book.stories, 1):
        story_docs, head, story_body = _story_documents(book, story, n, anthology, orders)
        docs.extend(story_docs)
        if anthology:
            toc.append(head)
            first_body = first_body or story_docs[0].name
        else:
            toc.append(NavEntry("Title Page", head.href, order=head.order))
            toc.extend(head.children)
            landmarks.append(("titlepage", "Title Page", head.href))
            first_body = first_body or story_body

    date = md.shown_date(book)
    sources = [s for s in book.source_names if s]
    docs.append(Document("colophon.xhtml", "Colophon", _page(
        "colophon.xhtml", lang=lang, title="Colophon", body_class="colophon",
        body_type="backmatter", sources=sources, date=date, version=__version__, id="colophon",
    ), "back"))
    toc.append(NavEntry("Colophon", "colophon.xhtml", order=next(orders)))
    if first_body:
        landmarks.append(("bodymatter", "Start of Text", first_body))
    return Rendition(tuple(docs), tuple(toc), tuple(landmarks))
