"""PDF output: page model, contents, outline, fonts, text, safety, determinism.

Each sample and each hand-built book is rendered once per session (fixtures);
tests then read the PDFs with pypdf.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from bookmaker.bind import single_book
from bookmaker.cli import main
from bookmaker.errors import ConfigError
from bookmaker.layout import layout_book
from bookmaker.load import load_story
from bookmaker.model import Block, Book, BookOptions, Chapter, Part, Story
from bookmaker.read.text import read_story_text
from bookmaker.render.pdf import SafeFetcher, render_pdf
from bookmaker.render.print_html import render_print_html, theme_path
from bookmaker.render.trim import PRESETS, parse_trim
from bookmaker.resources import fonts_dir, styles_dir
from tests.textcheck import words

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))


# ---- books built from the model ---------------------------------------------

_LOREM = ("river stone lantern harbour window quiet letter morning careful shadow "
          "garden silver promise winter thunder bright narrow candle distant").split()


def _para(seed: int, n: int) -> str:
    text = " ".join(_LOREM[(seed * 7 + i * 3) % len(_LOREM)] for i in range(n))
    return text[0].upper() + text[1:] + "."


def _story(title: str, chapter_titles: list[str], parts: bool = False) -> Story:
    chapters = []
    for i, name in enumerate(chapter_titles, 1):
        scenes = tuple(
            tuple(_para(i * 31 + s * 5 + k, 40 + (k * 13) % 60) for k in range(6))
            for s in range(2 + i % 2)
        )
        chapters.append(Chapter(
            label=f"Chapter {i}: {name}", title=name, number=i, scenes=scenes,
            notes_before=(Block("notes", "A/N", ("Thanks for the reviews.",)),) if i == 1 else (),
        ))
    return Story(
        title=title,
        authors=("Ann Quill",),
        front_matter=(
            Block("disclaimer", "Disclaimer", ("I own nothing of this world.",)),
            Block("summary", "Summary", (f"What happens in {title.lower()}.",)),
            Block("rating", "Rating", ("Teen",)),
            Block("fandom", "Fandom", ("Naruto",)),
        ),
        parts=(Part("Part One: Frost", 0), Part("Part Two: Thaw", 2)) if parts else (),
        chapters=tuple(chapters),
        end_matter=(Block("end-marker", "", ("-TBC-",)),
                    Block("notes", "A/N", ("Until next time.",))),
        meta={"language": "en"},
    )


ANTHOLOGY = Book(
    title="Harbour Lights",
    stories=(
        _story("Northern Crossing", ["Ferry", "Gulls", "Harbourmaster", "Tides"], parts=True),
        _story("Lantern Season", ["Wicks", "Festival", "Embers"]),
    ),
    subtitle="Two stories",
    language="en",
    options=BookOptions(trim="digest", style="classic"),
)
SINGLE = Book(title="Northern Crossing", stories=(ANTHOLOGY.stories[0],), language="en",
              options=BookOptions(trim="pocket", style="classic"))


@pytest.fixture(scope="module")
def anthology_pdf() -> bytes:
    return render_pdf(ANTHOLOGY)


@pytest.fixture(scope="module")
def single_pdf() -> bytes:
    return render_pdf(SINGLE)


@pytest.fixture(scope="module")
def sample_pdfs() -> dict[str, tuple[Book, bytes]]:
    out = {}
    for path in SAMPLES:
        book = single_book(load_story(path), BookOptions(trim="digest", style="classic"))
        out[path.name] = (book, render_pdf(book))
    return out


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _outline_titles(outline, depth: int = 0) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    last = depth
    for item in outline:
        if isinstance(item, list):
            found += _outline_titles(item, last + 1)
        else:
            found.append((depth, item.title))
    return found


# ---- trim and theme options --------------------------------------------------

@pytest.mark.parametrize("value, size", [
    ("digest", (396, 612)), ("pocket", (306, 494.64)), ("trade", (432, 648)),
    ("A5", (419.53, 595.28)), ("letter", (612, 792)), ("5x8in", (360, 576)),
    ("148x210mm", (419.53, 595.28)), ("12.7 x 20.32 cm", (360, 576)), ("400x600pt", (400, 600)),
    ("5in x 8in", (360, 576)),
])
def test_trim_sizes(value, size):
    trim = parse_trim(value)
    assert (round(trim.width, 2), round(trim.height, 2)) == size
    top, bottom, inner, outer = trim.margins
    assert inner > outer > 0 and top > 0 and bottom > 0
    assert trim.width - inner - outer <= 5 * 72 + 0.01  # a comfortable measure


@pytest.mark.parametrize("value", ["huge", "5x8", "5x8 furlongs", "0x0in", "100x100in", "x8in"])
def test_bad_trim_lists_presets(value):
    with pytest.raises(ConfigError) as err:
        parse_trim(value)
    assert all(name in str(err.value) for name in PRESETS)


def test_bad_trim_and_style_are_one_error_line(tmp_path, capsys):
    story = tmp_path / "s.txt"
    story.write_text("Some words here.\n", encoding="utf-8")
    for extra in (["--trim", "9x"], ["--style", "gothic"], ["--style", str(tmp_path / "no.css")]):
        code = main(["build", str(story), "-o", str(tmp_path / "out"), "-f", "pdf", *extra])
        err = capsys.readouterr().err
        assert code != 0 and "Traceback" not in err
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert any(ln.startswith("Error: ") for ln in lines), err
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


def test_themes_exist_and_unknown_is_refused(tmp_path):
    assert theme_path("classic").is_file() and theme_path("large-print").is_file()
    own = tmp_path / "mine.css"
    own.write_text("body { font-size: 9pt; }", encoding="utf-8")
    assert theme_path(str(own)) == own
    with pytest.raises(ConfigError, match="large-print"):
        theme_path("gothic")


# ---- the page ----------------------------------------------------------------

def test_page_size_matches_trim(sample_pdfs, single_pdf):
    for _, data in sample_pdfs.values():
        for page in _reader(data).pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
                396, 612)
    for page in _reader(single_pdf).pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (
            306.0, 494.6)


def _fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Base font name -> embedded, over every page."""
    seen: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            desc = target.get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            seen[str(font["/BaseFont"])] = any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return seen


def test_fonts_embedded_subset_and_source_serif(sample_pdfs, anthology_pdf):
    for data in [d for _, d in sample_pdfs.values()] + [anthology_pdf]:
        fonts = _fonts(_reader(data))
        assert fonts and all(fonts.values()), fonts
        assert all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts), "fonts are subset"
        names = " ".join(fonts)
        assert "Source-Serif" in names and "Italic" in names, names


def test_outline_lists_every_chapter(sample_pdfs):
    for book, data in sample_pdfs.values():
        titles = [t for _, t in _outline_titles(_reader(data).outline)]
        story = book.stories[0]
        for ch in story.chapters:
            assert (ch.label or ch.title or story.title) in titles


def test_anthology_outline_is_nested(anthology_pdf):
    items = _outline_titles(_reader(anthology_pdf).outline)
    assert (0, "Northern Crossing") in items and (0, "Lantern Season") in items
    # two levels, as the EPUB's contents: a part sits among its story's chapters
    assert (1, "Part One: Frost") in items and (1, "Chapter 1: Ferry") in items
    assert max(depth for depth, _ in items) == 1
    assert (1, "Chapter 1: Wicks") in items and (0, "Three Stories") not in items
    assert not any(t == "Contents" for _, t in items)  # the outline is the contents
    second = items.index((0, "Lantern Season"))
    assert (1, "Disclaimer") in items[second:]


def _page_texts(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in _reader(data).pages]


def _contents(texts: list[str]) -> list[tuple[str, int]]:
    page = next(t for t in texts if t.lstrip().startswith("CONTENTS"))
    entries = []
    for line in page.splitlines()[1:]:
        m = re.match(r"^(.*?\S)[\s.]*?\s(\d+)$", line.strip())
        if m:
            entries.append((m.group(1).rstrip(" ."), int(m.group(2))))
    return entries


@pytest.mark.parametrize("which", ["anthology", "single"])
def test_contents_page_numbers_are_where_headings_print(which, anthology_pdf, single_pdf):
    book, data = (ANTHOLOGY, anthology_pdf) if which == "anthology" else (SINGLE, single_pdf)
    texts = _page_texts(data)
    entries = dict(_contents(texts))
    view = layout_book(book)  # the contents page lists the layout's tree, titles as there
    expected = [e.title for _, e in view.entries()
                if e.kind not in ("title", "book-title", "colophon")]
    assert expected and set(expected) <= set(entries), (expected, entries)
    # Check every chapter heading: its page index + 1 is the listed number, and
    # the page prints that folio.
    for story in book.stories:
        for ch in story.chapters:
            number = next(n for t, n in _contents(texts) if t == ch.label
                          and texts[n - 1].lstrip().startswith("CHAPTER"))
            page = texts[number - 1]
            assert page.lstrip().startswith(f"CHAPTER {ch.number}\n{ch.title}"), page[:80]
            assert re.search(rf"(^|\n){number}\s*$", page), "the drop folio is the page number"
            heading_pages = [i + 1 for i, t in enumerate(texts)
                             if t.lstrip().startswith(f"CHAPTER {ch.number}\n{ch.title}\n")]
            assert heading_pages == [number]
    if which == "anthology":
        for story in book.stories:
            number = entries[story.title]
            assert number % 2 == 1, "each story starts on a right-hand page"
            assert story.title in texts[number - 1]


def test_running_heads(anthology_pdf):
    texts = _page_texts(anthology_pdf)
    entries = _contents(texts)
    first = dict(entries)["Chapter 1: Ferry"]
    opening = texts[first - 1]
    assert "Northern Crossing" not in opening and not opening.rstrip().endswith("Ferry"), \
        "no running head on a chapter opening"
    following = texts[first]  # the page after the opening (a right or left page)
    number = first + 1
    head = "NORTHERN CROSSING" if number % 2 == 0 else "Ferry"
    assert re.search(rf"{head}\s*\n?\s*{number}\s*$|{number}\s*\n?\s*{head}", following) or (
        following.rstrip().endswith(f"{head} {number}")
        or f"{number}\n{head}" in following or f"{number} {head}" in following), following[-80:]
    # Left pages of the second story carry its title, right pages a chapter title.
    start = dict(entries)["Chapter 1: Wicks"]
    lefts = [t for i, t in enumerate(texts[start:], start + 1) if i % 2 == 0 and t.strip()
             and "Made with bookmaker" not in t]
    rights = [t for i, t in enumerate(texts[start:], start + 1) if i % 2 == 1 and t.strip()
              and not t.lstrip().startswith("CHAPTER")]
    assert lefts and all("LANTERN SEASON" in t for t in lefts)
    assert rights and all(any(n in t for n in ("Wicks", "Festival", "Embers", "Afterword"))
                          for t in rights)


def test_half_title_title_and_colophon(anthology_pdf):
    texts = _page_texts(anthology_pdf)
    assert texts[0].strip() == "Harbour Lights"
    assert "Two stories" in texts[2]
    assert "Made with bookmaker" in texts[-1]
    story_page = texts[dict(_contents(texts))["Northern Crossing"] - 1]
    for word in ("Rating", "Teen", "Fandom", "Naruto", "Summary", "Ann Quill"):
        assert word in story_page


# ---- text -----------------------------------------------------------------------

_HYPHEN_BREAK = re.compile(r"[-\u2010\u00ad]\s*\n\s*")


def _body_pages(data: bytes, trim: str = "digest") -> list[str]:
    """Text inside the page area of each page: running heads and folios left out."""
    top, bottom, _, _ = parse_trim(trim).margins
    pages = []
    for page in _reader(data).pages:
        height = float(page.mediabox.height)
        parts: list[str] = []

        def keep(text, cm, tm, font, size, parts=parts, height=height):
            y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            if bottom - 1 <= y <= height - top + 1:
                parts.append(text)

        page.extract_text(visitor_text=keep)
        pages.append("".join(parts))
    return pages


def _body_text(data: bytes, trim: str = "digest") -> str:
    return "\n".join(_body_pages(data, trim))


def _pdf_words(data: bytes, trim: str = "digest") -> Counter[str]:
    text = _body_text(data, trim)
    return words(text) | words(_HYPHEN_BREAK.sub("", text))


def test_body_text_leaves_out_heads(anthology_pdf):
    text = _body_text(anthology_pdf)
    assert "LANTERN SEASON" not in text and "Lantern Season" in text


def test_scene_break_never_alone_at_top_or_bottom(anthology_pdf):
    pages = [[ln.strip() for ln in p.splitlines() if ln.strip()]
             for p in _body_pages(anthology_pdf)]
    breaks = sum(ln == "\u25c6" for lines in pages for ln in lines)
    assert breaks >= 5, "the book has scene breaks to check"
    for n, lines in enumerate(pages, 1):
        if lines:
            assert lines[0] != "\u25c6" and lines[-1] != "\u25c6", f"page {n}: {lines[:2]}"


def test_every_input_word_is_in_the_pdf(sample_pdfs):
    for name, (_, data) in sample_pdfs.items():
        source = read_story_text(ROOT / "stories" / name).text
        missing = words(source) - _pdf_words(data)
        assert not missing, f"{name}: {sorted(missing)[:20]}"


def test_model_text_is_in_the_pdf(anthology_pdf):
    expected = Counter[str]()
    for story in ANTHOLOGY.stories:
        for b in story.front_matter + story.end_matter:
            expected += words(b.text)
        for ch in story.chapters:
            expected += words(" ".join(ch.paragraphs))
            for n in ch.notes_before:
                expected += words(n.text)
    assert not expected - _pdf_words(anthology_pdf)


def test_hyphenation_and_language(sample_pdfs):
    reader = _reader(sample_pdfs["rhythm-of-the-heart.txt"][1])
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert re.search(r"[a-z][-\u2010]\n[a-z]", text), "justified text is hyphenated"


def test_metadata(anthology_pdf, monkeypatch):
    info = _reader(anthology_pdf).metadata
    assert info["/Title"] == "Harbour Lights"
    assert info["/Author"] == "Ann Quill"
    assert "Naruto" in info["/Keywords"]
    assert "/CreationDate" not in info, "no clock time unless a date is given"
    dated = Book(title="T", stories=(_story("T", ["One"]),),
                 options=BookOptions(date="2024-05-01T00:00:00Z"))
    meta = _reader(render_pdf(dated)).metadata
    assert meta["/CreationDate"].startswith("D:20240501")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    undated = Book(title="T", stories=(_story("T", ["One"]),))
    assert _reader(render_pdf(undated)).metadata["/ModDate"].startswith("D:20000101")
    assert meta["/Subject"] == "What happens in t."


def test_large_print_is_bigger(single_pdf):
    big = render_pdf(Book(title=SINGLE.title, stories=SINGLE.stories,
                          options=BookOptions(trim="pocket", style="large-print")))
    assert len(_reader(big).pages) > len(_reader(single_pdf).pages) * 1.4
    html = render_print_html(Book(title="T", stories=SINGLE.stories,
                                  options=BookOptions(style="large-print")))
    assert "text-align: left" in html and "15pt" in html


def test_own_style_sheet_applies(tmp_path):
    own = tmp_path / "huge.css"
    own.write_text("body { font-size: 24pt; line-height: 1.2; }", encoding="utf-8")
    book = Book(title=SINGLE.title, stories=SINGLE.stories, options=BookOptions(style=str(own)))
    plain = Book(title=SINGLE.title, stories=SINGLE.stories, options=BookOptions())
    assert len(_reader(render_pdf(book)).pages) > 1.5 * len(_reader(render_pdf(plain)).pages)


def test_story_language_reaches_the_html():
    story = Story(title="Le jour", chapters=(Chapter("", None, None, (("Bonjour.",),)),),
                  meta={"language": "fr"})
    html = render_print_html(Book(title="Le jour", stories=(story,), language="en"))
    assert 'lang="fr"' in html


# ---- safety ---------------------------------------------------------------------

class RecordingFetcher(SafeFetcher):
    """Records every URL WeasyPrint asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def fetch(self, url, headers=None):
        self.urls.append(url)
        return super().fetch(url, headers)


HOSTILE = [
    '<img src="file:///etc/passwd"> and <link rel="stylesheet" href="http://example.com/x.css">',
    "<style>@import url(http://example.com/evil.css); body { background: "
    "url(file:///etc/hostname) }</style>",
    '<object data="file:///etc/shadow"></object> <iframe src="https://example.com"></iframe>',
    "{{ 7 * 7 }} {% include 'x' %} &amp; &lt;b&gt;",
]


def test_story_text_fetches_nothing(tmp_path):
    story = Story(
        title='<img src="http://example.com/t.png">',
        authors=('<a href="http://example.com">me</a>',),
        front_matter=(Block("summary", "Summary", (HOSTILE[1],)),),
        chapters=(Chapter(label="Chapter 1: <b>x</b>", title="<b>x</b>", number=1,
                          scenes=(tuple(HOSTILE),)),),
    )
    fetcher = RecordingFetcher()
    data = render_pdf(Book(title=story.title, stories=(story,)), fetcher=fetcher)
    roots = (styles_dir().resolve(), fonts_dir().resolve())
    assert fetcher.urls, "the fonts at least go through the fetcher"
    for url in fetcher.urls:
        assert fetcher.allowed(url) is not None and url.startswith("file:"), url
        assert any(str(root) in url for root in roots)
    text = "\n".join(_page_texts(data))
    assert "file:///etc/passwd" in text and "{{ 7 * 7 }}" in text and "&amp;" in text


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://example.com/a.css", "https://example.com/f.ttf",
    "data:text/css,body{}", "ftp://example.com/x", "file://example.com/etc/passwd",
])
def test_fetcher_refuses_everything_else(url):
    fetcher = SafeFetcher()
    assert fetcher.allowed(url) is None
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_fetcher_allows_only_its_folders():
    fetcher = SafeFetcher()
    font = fonts_dir() / "SourceSerifPro-Regular.ttf"
    assert fetcher.allowed(font.as_uri()) == font.resolve()
    assert fetcher.fetch(font.as_uri()).read(4) in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    sneaky = styles_dir().as_uri() + "/../../../../../../etc/passwd"
    assert fetcher.allowed(sneaky) is None
    assert fetcher.allowed(styles_dir().as_uri() + "/print.css") is not None


def test_html_output_is_self_contained_and_escaped():
    story = Story(title="A <b> & c", chapters=(Chapter("", None, None, ((HOSTILE[0],),)),))
    html = render_print_html(Book(title=story.title, stories=(story,)))
    assert '<html lang="en">' in html and "<style>" in html and "@font-face" in html
    assert "<img" not in html and "&lt;img src=" in html and "<link" not in html
    assert "@page" in html and "size: 396.00pt 612.00pt" in html


# ---- determinism and the CLI ------------------------------------------------------

def test_two_builds_are_byte_identical(tmp_path):
    story = SAMPLES[0]
    outs = []
    for i in range(2):  # separate processes: no shared caches
        out = tmp_path / str(i)
        subprocess.run([sys.executable, "-m", "bookmaker", "build", str(story), "-o", str(out),
                        "-f", "pdf", "--proof"], check=True, capture_output=True)
        outs.append(out)
    pdfs = [sorted(o.glob("*.pdf")) for o in outs]
    assert len(pdfs[0]) == 1
    assert pdfs[0][0].read_bytes() == pdfs[1][0].read_bytes()
    pngs = [sorted(o.glob("*-proof.png")) for o in outs]
    assert pngs[0] and pngs[0][0].read_bytes() == pngs[1][0].read_bytes()
    assert render_pdf(SINGLE) == render_pdf(SINGLE)


def test_cli_writes_pdf_html_and_proof(tmp_path):
    from PIL import Image

    code = main(["build", str(SAMPLES[1]), "-o", str(tmp_path), "-f", "pdf,html",
                 "--trim", "a5", "--style", "large-print", "--proof"])
    assert code == 0
    stem = SAMPLES[1].stem
    reader = pypdf.PdfReader(tmp_path / f"{stem}.pdf")
    assert round(float(reader.pages[0].mediabox.width)) == 420
    assert (tmp_path / f"{stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with Image.open(tmp_path / f"{stem}-proof.png") as image:
        assert image.width > 600 and image.height > 200


def test_anthology_contents_lists_a_oneshot_once():
    """A one-chapter story without a heading is one contents entry (and one bookmark)."""
    oneshot = Story(title="Paper Boats", authors=("Ann",),
                    chapters=(Chapter("", None, None, (("They sailed.", "They sank."),)),))
    other = Story(title="Two Rivers", chapters=(
        Chapter("Chapter 1", None, 1, (("One.",),)), Chapter("Chapter 2", None, 2, (("Two.",),))))
    html = render_print_html(Book(title="Boats", stories=(oneshot, other)))
    contents = html[html.index('id="contents"'):html.index("</nav>", html.index('id="contents"'))]
    assert contents.count("Paper Boats") == 1
    assert contents.count("Chapter 1") == 1 and contents.count("Chapter 2") == 1
