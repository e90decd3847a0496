"""The printed page as a book designer checks it: level feet, recto openings, lead-ins.

Measured on the PDFs themselves: baselines with pypdf (tests/pdfpages.py), glyph
boxes with pypdfium2. Books: the five samples, the five bound as an anthology, and
the multi-chapter fixtures of test_pdf.py (parts, notes, several scenes).
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from bookmaker.bind import anthology_book, single_book
from bookmaker.layout import layout_book
from bookmaker.layout.printed import print_layout
from bookmaker.load import load_story
from bookmaker.model import BookOptions
from bookmaker.render.pdf import render_pdf
from bookmaker.render.trim import parse_trim
from tests.pdfpages import book_spreads, page_texts, summary
from tests.render.test_pdf import ANTHOLOGY, SINGLE

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))

LEVEL_SHARE = 0.9
"""Share of facing text pages that must end within one line of each other (issue 14)."""


@pytest.fixture(scope="module")
def books() -> dict[str, tuple[object, bytes]]:
    options = BookOptions(trim="digest", style="classic")
    stories = [load_story(p) for p in SAMPLES]
    out: dict[str, tuple[object, bytes]] = {}
    for path, story in zip(SAMPLES, stories, strict=True):
        book = single_book(story, options)
        out[path.stem] = (book, render_pdf(book))
    bound = anthology_book(stories, "Sample Anthology", options=options)
    out["anthology"] = (bound, render_pdf(bound))
    for name, book in (("fixture-anthology", ANTHOLOGY), ("fixture-single", SINGLE)):
        out[name] = (book, render_pdf(book))
    return out


def test_facing_pages_end_level(books):
    found = []
    for name, (book, data) in books.items():
        spreads = book_spreads(book, data)
        print(name, summary(spreads))
        found += spreads
    assert len(found) >= 40, "enough spreads to judge"
    level = sum(s.gap <= 1.05 for s in found)
    assert level / len(found) >= LEVEL_SHARE, summary(found)
    assert max(s.gap for s in found) <= 2.05, summary(found)


def _start_pages(data: bytes) -> dict[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return {k: reader.get_destination_page_number(v) + 1
            for k, v in reader.named_destinations.items()}


def test_openings_are_on_rectos(books):
    checked = 0
    for name, (book, data) in books.items():
        pages = _start_pages(data)
        recto = print_layout(layout_book(book)).recto
        assert recto, name
        for sid in recto:
            assert pages[sid] % 2 == 1, f"{name}: {sid} opens on page {pages[sid]}"
            checked += 1
    assert checked >= 12


def test_recto_openings_cover_first_chapters_and_parts():
    view = layout_book(ANTHOLOGY)
    recto = print_layout(view).recto
    for s in view.sections:
        if s.kind == "part":
            assert s.id in recto
    firsts = {f"s{n}-ch001" for n in range(1, len(ANTHOLOGY.stories) + 1)}
    assert firsts <= recto
    after_part = {s.id for prev, s in itertools.pairwise(view.sections)
                  if prev.kind == "part"}
    assert after_part and after_part <= recto
    assert "s1-ch002" not in recto, "a chapter that follows a chapter only turns the page"


def test_blank_pages_are_truly_blank(books):
    blanks = 0
    for name, (_, data) in books.items():
        for n, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
            text = (page.extract_text() or "").strip()
            if text.isdigit():
                pytest.fail(f"{name}: page {n} prints only its folio")
            blanks += not text
    assert blanks, "some books need a blank verso before a recto opening"


# ---- small capitals only where a scene opens ---------------------------------------

_ASCENDERS = "bdfhkl"
"""Lower-case letters taller than a small capital."""
_SHORT = "acemnruvwxz"
"""Lower-case letters of x-height, shorter than a small capital."""
_SMALL_CAP = (0.405, 0.49)
"""Glyph height over font size of a small capital in Source Serif (~0.42-0.44); a
normal x-height letter is ~0.38, an ascender ~0.56."""


def _is_small_cap(ch: str, ratio: float) -> bool:
    low, high = _SMALL_CAP
    return (ch in _ASCENDERS and ratio < high) or (ch in _SHORT and low < ratio < high)


def _lines_with_small_caps(data: bytes, index: int, body: tuple[float, ...]) -> list[bool]:
    """For each body line of page ``index``, top first: does it hold small capitals?"""
    top, bottom = body[0], body[1]
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        height = page.get_height()
        text = page.get_textpage()
        lines: dict[int, bool] = {}
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            left, low, right, high = text.get_charbox(i)
            if not (bottom - 4 <= low <= height - top + 4):
                continue
            key = round(low / 3)
            small = False
            if ch in _ASCENDERS or ch in _SHORT:
                size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
                small = size > 0 and _is_small_cap(ch, (high - low) / size)
            lines[key] = lines.get(key, False) or small
        return [lines[k] for k in sorted(lines, reverse=True)]
    finally:
        document.close()


def test_small_caps_only_open_a_scene(books):
    """The lead-in is in small capitals; the top line of the page after an opening is not
    (WeasyPrint's ::first-line carried them there when the paragraph broke)."""
    checked = 0
    for name, (book, data) in books.items():
        body = parse_trim(book.options.trim).margins
        view = layout_book(book)
        pages = _start_pages(data)
        count = len(page_texts(data, body))
        for s in view.sections:
            if s.kind != "chapter" or pages.get(s.id, count) >= count:
                continue
            opening = pages[s.id] - 1
            assert any(_lines_with_small_caps(data, opening, body)), f"{name}: {s.id} lead-in"
            following = _lines_with_small_caps(data, opening + 1, body)
            if following:
                assert not following[0], f"{name}: small caps atop page {opening + 2}"
                checked += 1
    assert checked >= 10


def test_one_heading_design_single_and_anthology():
    """A chapter heading prints at one size and depth wherever the story is bound."""
    def heading_line(book) -> tuple[float, float]:
        data = render_pdf(book)
        reader = pypdf.PdfReader(io.BytesIO(data))
        page = reader.pages[_start_pages(data)["s1-ch001"] - 1]
        found: list[tuple[float, float]] = []

        def keep(text, cm, tm, font, size):
            if text.strip().startswith("CHAPTER"):
                found.append((round(tm[5] * cm[3] + cm[5], 1), round(size * tm[0] * cm[0], 2)))

        page.extract_text(visitor_text=keep)
        assert found, "the heading prints"
        return found[0]

    story = ANTHOLOGY.stories[1]
    options = BookOptions(trim="digest")
    alone = heading_line(single_book(story, options))
    bound = heading_line(anthology_book([story, ANTHOLOGY.stories[0]], "Two", options=options))
    assert alone == bound


# ---- lines ---------------------------------------------------------------------------

def test_names_the_text_shows_are_never_hyphenated(monkeypatch):
    from markupsafe import Markup

    from bookmaker.layout.printed import proper_names, protect_names
    from bookmaker.model import Book, Chapter, Story

    text = ("The hokage summoned Kakashi. Later that night Kakashi and Sakurako walked, "
            "and Sakurako laughed while Kakashi watched the lanterns. Lanterns swayed. "
            "Afterwards nobody spoke; afterwards the lanterns went out.")
    names = proper_names([text])
    assert names == {"Kakashi", "Sakurako"}, "sentence starts and words also lower-case are not"
    html = protect_names("Kakashi <b> & Sakurako", names)
    assert html == ('<span class="name">Kakashi</span> &lt;b&gt; &amp; '
                    '<span class="name">Sakurako</span>')
    assert protect_names(Markup('<em class="Kakashi">Kakashi</em>'), names).startswith(
        '<em class="Kakashi">'), "tags are left alone"
    words = (" Meanwhile Sakurakomaru answered Hatakemaru's question about the harbour"
             " while Sakurakomaru listened. ") * 60
    story = Story(title="Names", chapters=(Chapter("", None, None, ((words,),)),))
    book = Book(title="Names", stories=(story,), options=BookOptions(trim="pocket"))
    split = re.compile(r"(Sakura\w*|Hatake\w*)[-\u2010]\n")

    def text_of(data: bytes) -> str:
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)

    protected = text_of(render_pdf(book))
    assert "Sakurakomaru" in protected and not split.search(protected), "a name was split"
    monkeypatch.setattr("bookmaker.render.print_html.proper_names", lambda _p: frozenset())
    assert split.search(text_of(render_pdf(book))), "unprotected, the names do hyphenate"


def test_justified_spaces_stay_close_to_normal(books):
    from tests.wordspace import line_stretches

    _, data = books["anthology"]
    stretches = sorted(line_stretches(data))
    median = stretches[len(stretches) // 2]
    assert len(stretches) > 500 and median < 1.3, f"median space {median - 1:+.0%}"


def test_a_long_disclaimer_runs_on_from_the_imprint():
    """The imprint sits at the foot of its page, but a disclaimer longer than a page
    still prints every word (the imprint grows onto the next pages)."""
    from bookmaker.model import Block, Book, Chapter, Story
    from tests.textcheck import words

    legal = " ".join(f"Clause {n}: the characters belong to their owners." for n in range(120))
    story = Story(title="Owned", authors=("Ann",), chapters=(
        Chapter("", None, None, (("The story itself, short.",),)),),
        front_matter=(Block("disclaimer", "Disclaimer", (legal,)),))
    data = render_pdf(Book(title="Owned", stories=(story,), options=BookOptions(trim="pocket")))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert not words(legal) - words(text.replace("\u2010\n", "").replace("-\n", ""))
