"""One story in every input kind gives the same book: real italics and bold in the EPUB
(``<em>``/``<strong>``, or ``<i>``/``<b>`` where the source meant those) and in the PDF
(the italic and bold faces), title, author and chapters right, no literal markup, no word
lost, and EPUBCheck passes every EPUB."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from bookmaker.bind import single_book
from bookmaker.build.book import render
from bookmaker.load import load_story
from bookmaker.model import BookOptions
from bookmaker.parse.words import lost_words
from tests.epubcheck_session import problems
from tests.read import stories

KINDS = ("md", "txt", "html", "ao3", "fff", "docx", "epub")
_MARKUP = re.compile(r"\*\*|(?<![\w*])\*\w|\w\*(?![\w*])|&lt;/?(?:em|i|b|strong|p)&gt;|"
                     r"(?<!\w)_\w[^_]*_(?!\w)")
OPTIONS = BookOptions(date="2024-01-02")


@pytest.fixture(scope="module")
def books(tmp_path_factory, epubcheck) -> dict[str, tuple[object, bytes, bytes, Path]]:
    folder = tmp_path_factory.mktemp("kinds")
    out = {}
    for kind, path in stories.write_all(folder).items():
        story = load_story(path)
        book = single_book(story, OPTIONS)
        epub = render(book, "epub")
        target = folder / f"{kind}.epub"
        target.write_bytes(epub)
        epubcheck.submit("read-kinds", kind, target)
        out[kind] = (story, epub, render(book, "pdf"), target)
    return out


def _xhtml(epub: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in sorted(z.namelist())
                         if n.endswith(".xhtml") and "nav" not in n)


@pytest.mark.parametrize("kind", KINDS)
def test_story_structure_is_right_in_every_kind(books, kind):
    story = books[kind][0]
    assert story.title == stories.TITLE
    assert story.authors == (stories.AUTHOR,)
    assert [(c.label, c.title) for c in story.chapters] == [
        (f"Chapter {n}: {t}", t) for n, (t, _) in enumerate(stories.CHAPTERS, 1)]
    assert [len(c.scenes) for c in story.chapters] == [len(s) for _, s in stories.CHAPTERS]
    assert not lost_words(stories.plain_words(), story)


@pytest.mark.parametrize("kind", KINDS)
def test_epub_has_real_italics_and_bold_and_no_literal_markup(books, kind):
    xhtml = _xhtml(books[kind][1])
    for word in stories.ITALIC:
        assert re.search(rf"<(em|i)>{word}</(em|i)>", xhtml), word
    for word in stories.BOLD:
        assert re.search(rf"<(strong|b)>{word}</(strong|b)>", xhtml), word
    body = re.sub(r"<[^>]+>", " ", xhtml)
    assert not _MARKUP.search(body), _MARKUP.search(body)


def _faces(pdf: bytes) -> dict[str, set[str]]:
    """Each font's words as the PDF draws them (font name without its subset tag)."""
    faces: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if font and text.strip():
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            faces.setdefault(name, set()).update(re.findall(r"\w+", text))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return faces


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_sets_italic_and_bold_in_their_faces(books, kind):
    faces = _faces(books[kind][2])
    italic = set().union(*(w for f, w in faces.items() if "Italic" in f))
    bold = set().union(*(w for f, w in faces.items() if f.endswith("-Bold")))
    assert set(stories.ITALIC) <= italic, faces.keys()
    assert {"gone", "brass", "rail"} <= bold, faces.keys()
    regular = faces.get("Source-Serif", set())
    assert "enormous" not in regular and "interest" in regular
    text = " ".join(w for words in faces.values() for w in words)
    assert "**" not in text and "<em>" not in text


@pytest.mark.epubcheck
def test_epubcheck_passes_every_kind(books, epubcheck):
    reports = epubcheck.reports("read-kinds")
    bad = {n: problems(r)[:3] for n, r in reports.items() if problems(r)}
    assert sorted(reports) == sorted(KINDS)
    assert not bad, bad


@pytest.mark.parametrize("kind", ("md", "ao3", "docx", "epub"))
def test_rich_input_builds_byte_identical_books(books, kind):
    story, epub, _pdf, path = books[kind]
    source = {"md": "lantern.md", "ao3": "lantern-ao3.html", "docx": "lantern.docx",
              "epub": "lantern.epub"}[kind]
    again = render(single_book(load_story(path.parent / source), OPTIONS), "epub")
    assert again == epub
