"""A long book is laid out once with the gutter its length needs, when the first guess of its
page count is right, and laid out again until the gutter matches when it is not."""

from __future__ import annotations

import pytest

from bookmaker.bind import single_book
from bookmaker.model import BookOptions, Chapter, Story
from bookmaker.render import pdf
from bookmaker.render.trim import gutter_for

SENTENCE = "The lantern swung over the harbour while the river ran quiet and slow. "


def _book(words: int, **options: str):
    per = 200  # words a paragraph: 12 words a sentence
    paragraphs = tuple((SENTENCE * (per // 12)).strip() for _ in range(words // per))
    story = Story(title="Long", authors=("A",), chapters=(
        Chapter(label="Chapter 1", title="", number=1, scenes=(paragraphs,)),))
    return single_book(story, BookOptions(**options))


@pytest.fixture
def layouts(monkeypatch):
    """Fake layouts: 171 pages with a thin book's gutter, 175 with a wider one."""
    asked: list[int] = []

    class Document:
        def __init__(self, pages: int) -> None:
            self.pages = [None] * pages

    class HTML:
        def __init__(self, **_: object) -> None:
            pass

        def render(self, **_: object) -> Document:
            return Document(171 if gutter_for(asked[-1]) == 0 else 175)

    def sheets(book, pages=0):
        asked.append(pages)
        return ()

    monkeypatch.setattr(pdf.weasyprint, "HTML", HTML)
    monkeypatch.setattr(pdf, "stylesheets", sheets)
    monkeypatch.setattr(pdf, "_css_objects", lambda *a: [])
    return asked


def test_a_right_guess_lays_a_long_book_out_once(layouts):
    book = _book(40_000)
    assert 150 < pdf.guess_pages(book) <= 300
    document = pdf._laid_out(book, "", None, None)
    assert len(document.pages) == 175 and len(layouts) == 1


def test_a_wrong_guess_is_laid_out_again_until_the_gutter_fits(layouts, monkeypatch):
    monkeypatch.setattr(pdf, "guess_pages", lambda book: 0)  # what every book started from
    document = pdf._laid_out(_book(40_000), "", None, None)
    assert layouts == [0, 171] and len(document.pages) == 175


@pytest.mark.parametrize(("words", "options", "low", "high"), [
    (40_000, {}, 150, 200),                        # measured: 171 pages
    (40_000, {"trim": "6x9"}, 140, 190),           # measured: 159
    (20_000, {"style": "large-print"}, 220, 290),  # measured: 256
    (150_000, {}, 500, 700),                       # measured: 569
    (2_000, {}, 1, 20),
])
def test_the_guess_falls_near_measured_counts(words, options, low, high):
    assert low <= pdf.guess_pages(_book(words, **options)) <= high
