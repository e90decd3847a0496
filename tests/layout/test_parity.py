"""One view, two formats: the EPUB contents, the PDF contents page and the PDF bookmarks
name every section alike, and both colophons give the same date."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from bookmaker.bind import anthology_book, single_book
from bookmaker.layout import layout_book
from bookmaker.load import load_story
from bookmaker.model import Book, Chapter, Story
from bookmaker.render.epub import render_epub
from bookmaker.render.pdf import render_pdf
from bookmaker.render.print_html import print_html

ROOT = Path(__file__).resolve().parents[2]
STORIES = sorted((ROOT / "stories").glob("*.txt"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "unseen").glob("*.txt"))
_XHTML = "{http://www.w3.org/1999/xhtml}"


def nav_tree(epub: bytes) -> list[tuple[int, str]]:
    """``(depth, title)`` of every entry of the EPUB's toc nav, depth first."""
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        root = ET.fromstring(zf.read("OEBPS/nav.xhtml"))
    toc = next(n for n in root.iter(f"{_XHTML}nav") if n.get("id") == "toc")

    def walk(ol: ET.Element, depth: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for li in ol.findall(f"{_XHTML}li"):
            a = li.find(f"{_XHTML}a")
            out.append((depth, " ".join("".join(a.itertext()).split())))
            sub = li.find(f"{_XHTML}ol")
            if sub is not None:
                out += walk(sub, depth + 1)
        return out

    return walk(toc.find(f"{_XHTML}ol"), 1)


def _outline(items: list, depth: int = 1) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            out += _outline(item, depth + 1)
        else:
            out.append((depth, " ".join(item.title.split())))
    return out


def _epub_colophon(epub: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        return " ".join(re.sub(r"<[^>]+>", " ", zf.read("OEBPS/colophon.xhtml").decode()).split())


def _printed_contents(html: str) -> list[str]:
    nav = re.search(r'<nav class="contents[^"]*" id="contents".*?</nav>', html, re.S)
    if nav is None:
        return []
    return [" ".join(re.sub(r"<[^>]+>", "", t).split())
            for t in re.findall(r"<a href=\"#[^\"]+\">(.*?)</a>", nav.group(0), re.S)]


def _check(book: Book) -> None:
    epub = render_epub(book)
    pdf = PdfReader(io.BytesIO(render_pdf(book)))
    nav = nav_tree(epub)
    assert nav, "the EPUB has no contents"
    assert _outline(pdf.outline) == nav
    view = layout_book(book)
    html = print_html(book)
    printed = _printed_contents(html)
    listed = [e.title for _, e in view.entries()
              if e.kind not in ("title", "book-title", "colophon")]
    if printed:
        assert [" ".join(t.split()) for t in listed] == printed
    colophon_pdf = " ".join((pdf.pages[-1].extract_text() or "").split())
    date = view.date
    if date:
        assert date in _epub_colophon(epub) and date in colophon_pdf
    else:
        assert " on " not in _epub_colophon(epub).split("bookmaker")[-1]


@pytest.mark.parametrize("path", STORIES + FIXTURES, ids=lambda p: p.name)
def test_each_story_names_its_sections_alike_in_epub_and_pdf(path):
    _check(single_book(load_story(path)))


def test_an_anthology_names_its_sections_alike_in_epub_and_pdf():
    stories = [load_story(p) for p in STORIES[:3]]
    _check(anthology_book(stories, "Three Stories", editor="An Editor"))


def test_an_untitled_opening_chapter_has_one_name_in_both(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1210000000")
    story = Story(title="The Ferry", chapters=(
        Chapter("", None, None, (("The river was wide.",),)),
        Chapter("Chapter 1: Dawn", "Dawn", 1, (("Morning came.",),)),
    ))
    book = single_book(story)
    _check(book)
    titles = [t for _, t in nav_tree(render_epub(book))]
    assert titles == ["Title Page", "The Ferry", "Chapter 1: Dawn", "Colophon"]
    assert "2008-05-05" in _epub_colophon(render_epub(book))


def test_a_published_date_shows_in_both_colophons(tmp_path):
    (tmp_path / "story.txt").write_text("Title\n\nSome prose here.\n", encoding="utf-8")
    (tmp_path / "story.toml").write_text("published = 2008-05-01\n", encoding="utf-8")
    book = single_book(load_story(tmp_path / "story.txt"))
    assert layout_book(book).date == "2008-05-01"
    _check(book)
