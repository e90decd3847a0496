"""Anthologies end to end: assembly, the CLI, and the books `make book` writes.

The expensive part runs once per session: ``bookmaker build`` in a copy of the
repository's project (what ``make book`` does), then every check reads its output.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from bookmaker.bind import anthology_book, single_book
from bookmaker.build.files import slugify
from bookmaker.cli import cli, main
from bookmaker.model import Block, BookOptions, Chapter, Story
from bookmaker.read.text import decode
from bookmaker.settings.project import load_project
from tests.conftest import ROOT
from tests.epubcheck_session import problems
from tests.textcheck import epub_text, missing_words, words

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ocf": "urn:oasis:names:tc:opendocument:xmlns:container",
}


def _story(title: str, authors: tuple[str, ...], fandom: str = "", chapters: int = 2) -> Story:
    front = (Block("fandom", "Fandom", (fandom,)),) if fandom else ()
    return Story(
        title=title, authors=authors, front_matter=front,
        chapters=tuple(Chapter(f"Chapter {n}", None, n, ((f"{title} words {n}.",),))
                       for n in range(1, chapters + 1)),
        meta={"source": f"{slugify(title)}.txt"},
    )


# -- assembly ---------------------------------------------------------------------


def test_anthology_book_combines_metadata():
    a = _story("Alpha", ("Ann", "Bob"), "Naruto")
    b = _story("Beta", ("Bob",), "Bleach")
    c = _story("Gamma", ())
    book = anthology_book([b, a, c], "  All  ", "Sub", "Ed", "Three tales.", b"img",
                          BookOptions(style="large-print", trim="trade"))
    assert book.title == "All" and (book.subtitle, book.editor) == ("Sub", "Ed")
    assert [s.title for s in book.stories] == ["Beta", "Alpha", "Gamma"], "order given"
    assert book.authors == ("Bob", "Ann"), "authors de-duplicated, in order"
    assert book.description.split("\n\n") == [
        "Three tales.", "Beta by Bob", "Alpha by Ann, Bob", "Gamma"]
    assert book.source_names == ("beta.txt", "alpha.txt", "gamma.txt")
    assert book.cover == b"img" and book.is_anthology
    assert (book.options.style, book.options.trim) == ("large-print", "trade")


def test_one_story_anthology_is_still_an_anthology():
    story = _story("Solo", ("Ann",))
    assert anthology_book([story], "One").is_anthology
    assert not single_book(story).is_anthology


def test_anthology_language_defaults():
    fr = Story("Fr", chapters=(Chapter("", None, None, (("x",),)),), meta={"language": "fr"})
    assert anthology_book([fr], "T").language == "fr"
    assert anthology_book([fr], "T", language="de").language == "de"


@pytest.mark.parametrize(("stories", "title", "needle"), [([], "T", "no stories"),
                                                           (None, " ", "needs a title")])
def test_anthology_book_refuses_nonsense(stories, title, needle):
    from bookmaker.errors import ConfigError

    with pytest.raises(ConfigError, match=needle):
        anthology_book(stories if stories is not None else [_story("A", ())], title)


# -- orchestration (renderers stubbed: fast, and independent of their progress) ---------


@pytest.fixture
def fake_render(monkeypatch):
    """Replace the renderers by a stub writing the book's title and story count."""
    import bookmaker.build.book

    calls = []

    def render(book, fmt):
        calls.append((book, fmt))
        return f"{fmt}:{book.title}:{len(book.stories)}".encode()

    monkeypatch.setattr(bookmaker.build.book, "render", render)
    monkeypatch.setattr("bookmaker.build.run.default_jobs", lambda: 1)  # calls seen here
    return calls


def _mini_project(root: Path, toml: str) -> None:
    (root / "stories").mkdir(parents=True)
    for name in ("one", "two"):
        (root / "stories" / f"{name}.txt").write_text(f"{name.title()}\n\nSome text of {name}.\n")
    (root / "bookmaker.toml").write_text(toml)


def test_build_runs_a_project(tmp_path, fake_render, monkeypatch):
    _mini_project(tmp_path, '[defaults]\noutput = "books"\nformats = ["epub"]\n'
                            '[[anthology]]\ntitle = "Both"\nstories = ["stories/two.txt", '
                            '"stories/one.txt"]\nformats = ["epub", "pdf"]\n'
                            'style = "large-print"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "books").iterdir())
    assert written == ["both.epub", "both.pdf", "one.epub", "two.epub"]
    assert (tmp_path / "books" / "both.epub").read_bytes() == b"epub:Both:2"
    anthology = [b for b, f in fake_render if b.title == "Both"][0]
    assert [s.meta["source"] for s in anthology.stories] == ["two.txt", "one.txt"]
    assert anthology.options.style == "large-print"
    lines = result.stdout.splitlines()
    assert sum(ln.startswith("wrote ") for ln in lines) == 4, "a line per file written"
    table = lines[lines.index(next(ln for ln in lines if ln.startswith("Book "))):]
    assert table[0].split()[:4] == ["Book", "Chapters", "Words", "Pages"]
    assert len(table) == 2 + 3, "header, rule, a row per book"
    assert any(line.startswith("Both") and "books/both.*" in line for line in table)


def test_command_line_options_override_the_project(tmp_path, fake_render, monkeypatch):
    _mini_project(tmp_path, '[defaults]\nstyle = "large-print"\n'
                            '[[anthology]]\ntitle = "Both"\nstories = ["stories/*.txt"]\n')
    monkeypatch.chdir(tmp_path)
    code = main(["-q", "build", "--format", "print-html", "--trim", "a5", "-o", "elsewhere"])
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == [
        "both.print.html", "one.print.html", "two.print.html"]
    assert {(b.options.trim, b.options.style) for b, _ in fake_render} == {
        ("a5", "large-print")}


def test_project_templates_and_styles_reach_book_options(tmp_path, fake_render, monkeypatch):
    assert main(["new", str(tmp_path / "p")]) == 0
    monkeypatch.chdir(tmp_path / "p")
    assert main(["-q", "build"]) == 0
    for book, _ in fake_render:
        assert book.options.templates_dir == str((tmp_path / "p" / "templates").resolve())
        assert book.options.styles_dir == str((tmp_path / "p" / "styles").resolve())
    assert len({b.title for b, _ in fake_render}) == 2, "the example story and the anthology"


def test_one_failing_book_does_not_stop_the_others(tmp_path, fake_render, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Good\n\nFine text.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    also = tmp_path / "also.txt"
    also.write_text("Also\n\nMore text.\n")
    out = tmp_path / "out"
    code = main(["build", str(good), str(bad), str(also), "-o", str(out), "--format", "epub"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3, "the failing book's exit code"
    assert len(err) == 2 and "bad.txt" in err[0] and err[0].startswith("Error: ")
    assert err[1] == "Error: 1 of 3 books failed"
    assert sorted(p.name for p in out.iterdir()) == ["also.epub", "good.epub"]


def test_anthology_command_checks_its_input(tmp_path, fake_render, capsys):
    story = tmp_path / "a.txt"
    story.write_text("A\n\nText.\n")
    assert main(["anthology", str(story), str(story), "-t", "T", "-o", str(tmp_path)]) == 4
    assert "given twice" in capsys.readouterr().err
    assert main(["anthology", str(story), "-t", "T", "--cover", str(story)]) == 4
    assert "not a PNG, JPEG or GIF" in capsys.readouterr().err
    result = CliRunner().invoke(cli, ["anthology", str(story)])
    assert result.exit_code == 2 and "--title" in result.output
    assert not fake_render


def test_same_titles_get_distinct_files(tmp_path, fake_render):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("Same\n\nText.\n")
    out = tmp_path / "out"
    assert main(["-q", "build", str(tmp_path / "x" / "same.txt"),
                 str(tmp_path / "y" / "same.txt"), "-o", str(out), "-f", "epub"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["same-2.epub", "same.epub"]


def test_build_without_project_or_stories_explains(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    assert "bookmaker new" in capsys.readouterr().err


# -- the real thing: `make book` in a fresh copy of the project -------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory, epubcheck):
    """``bookmaker build`` run in a fresh copy of the repository's project; its EPUBs go to
    the session's EPUBCheck run."""
    root = tmp_path_factory.mktemp("book")
    shutil.copy(ROOT / "bookmaker.toml", root / "bookmaker.toml")
    shutil.copytree(ROOT / "stories", root / "stories")
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["build"])
        project = load_project("bookmaker.toml")
    assert result.exit_code == 0, result.output
    (anthology,) = project.anthologies
    stem = anthology.file or slugify(anthology.title)
    for epub in sorted((root / "out").glob("*.epub")):
        epubcheck.submit("make-book", epub.name, epub)
    return {"root": root, "out": root / "out", "output": result.stdout,
            "anthology": anthology, "epub": root / "out" / f"{stem}.epub",
            "pdf": root / "out" / f"{stem}.pdf",
            "sources": [root / p for p in anthology.stories]}


def test_make_book_writes_every_book(made):
    out = sorted(p.name for p in made["out"].iterdir())
    assert len([n for n in out if n.endswith(".epub")]) == 6, out
    assert len([n for n in out if n.endswith(".pdf")]) == 6, out
    assert made["epub"].name in out and made["pdf"].name in out
    rows = [ln for ln in made["output"].splitlines() if re.search(r"\.\*$", ln)]
    assert len(rows) == 6, made["output"]


def test_makefile_book_target_runs_the_project_build():
    recipe = re.search(r"^book:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    assert recipe and re.search(r"bookmaker build\s*$", recipe.group(1), re.M)


def _zip_xml(zf: zipfile.ZipFile, name: str) -> ET.Element:
    return ET.fromstring(zf.read(name))


def _opf(zf: zipfile.ZipFile) -> tuple[str, ET.Element]:
    container = _zip_xml(zf, "META-INF/container.xml")
    path = container.find(".//ocf:rootfile", NS).get("full-path")
    return path, _zip_xml(zf, path)


def _titles(stories: list[Path]) -> list[str]:
    from bookmaker.load import load_story

    return [load_story(p).title for p in stories]


@pytest.mark.epubcheck
def test_anthology_epub_passes_epubcheck(epubcheck):
    reports = epubcheck.reports("make-book")
    (name,) = [n for n in reports if n == "konoha-nights.epub"]  # the anthology of bookmaker.toml
    assert problems(reports[name]) == []


def test_anthology_epub_has_two_level_toc_in_story_order(made):
    titles = _titles(made["sources"])
    with zipfile.ZipFile(made["epub"]) as zf:
        opf_path, opf = _opf(zf)
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        items = {i.get("id"): i for i in opf.find("opf:manifest", NS)}
        nav_item = next(i for i in items.values() if "nav" in (i.get("properties") or ""))
        nav = _zip_xml(zf, base + nav_item.get("href"))
        toc = next(n for n in nav.iter(f"{{{NS['x']}}}nav")
                   if "toc" in n.get("{http://www.idpf.org/2007/ops}type", ""))
        top = toc.findall("x:ol/x:li", NS)
        nav_titles = [" ".join("".join(li.find("x:a", NS).itertext()).split()) for li in top]
        story_items = [li for li, t in zip(top, nav_titles, strict=True) if t in titles]
        assert [" ".join(t.split()) for t in nav_titles if t in titles] == titles
        for li in story_items:
            assert li.findall("x:ol/x:li", NS), "each story lists its chapters"
        spine_toc = opf.find("opf:spine", NS).get("toc")
        ncx = _zip_xml(zf, base + items[spine_toc].get("href"))
        points = ncx.findall("ncx:navMap/ncx:navPoint", NS)
        ncx_titles = [" ".join(p.find("ncx:navLabel/ncx:text", NS).text.split())
                      for p in points]
        assert [t for t in ncx_titles if t in titles] == titles
        for p in points:
            if " ".join(p.find("ncx:navLabel/ncx:text", NS).text.split()) in titles:
                assert p.findall("ncx:navPoint", NS), "nested chapters in the NCX"


def test_anthology_epub_metadata_combines_the_stories(made):
    from bookmaker.load import load_story

    stories = [load_story(p) for p in made["sources"]]
    with zipfile.ZipFile(made["epub"]) as zf:
        _, opf = _opf(zf)
    meta = opf.find("opf:metadata", NS)
    assert meta.find("dc:title", NS).text == made["anthology"].title
    creators = [c.text for c in meta.findall("dc:creator", NS)]
    authors = list(dict.fromkeys(a for s in stories for a in s.authors))
    assert [c for c in creators if c in authors] == authors
    description = meta.find("dc:description", NS).text
    for s in stories:
        assert s.title in description


def test_anthology_epub_loses_no_word(made):
    text = epub_text(made["epub"])
    source = "\n".join(decode(p.read_bytes(), p.name).text for p in made["sources"])
    lost = missing_words(source, text)
    assert not lost, f"{sum(lost.values())} words lost, e.g. {list(lost)[:20]}"
    assert words(made["anthology"].title) <= words(text)


def _pdf(made):
    from pypdf import PdfReader

    return PdfReader(made["pdf"])


def _outline(reader, items, depth=0):
    """``(depth, title, 1-based page)`` for every bookmark, in order."""
    out = []
    for item in items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return out


_ENTRY = re.compile(r"^(?P<title>.+?)\s*(?:[.\u2024\u2026·]\s*){2,}(?P<page>\d+)$")


def _contents(pages: list[str]) -> list[tuple[str, int]]:
    """``(title, page number)`` entries of the printed contents, in order."""
    at = next(i for i, t in enumerate(pages) if "contents" in t[:200].lower())
    entries: list[tuple[str, int]] = []
    for text in pages[at:]:
        found = [m for m in map(_ENTRY.match, map(str.strip, text.splitlines())) if m]
        if not found and text.strip() and entries:
            break  # the first page after the contents
        entries += [(" ".join(m.group("title").split()), int(m.group("page"))) for m in found]
    return entries


def _opening(story: Story, chapter: int) -> Counter[str]:
    """The first words of a chapter's prose."""
    first = next(p for p in story.chapters[chapter].paragraphs if words(p))
    return Counter(dict(list(words(" ".join(first.split()[:4])).items())[:3]))


def test_anthology_pdf_contents_page_numbers_are_true(made):
    from bookmaker.layout.metadata import is_oneshot
    from bookmaker.load import load_story

    reader = _pdf(made)
    raw = [p.extract_text() or "" for p in reader.pages]
    pages = [" ".join(t.split()) for t in raw]
    stories = [load_story(p) for p in made["sources"]]
    entries = _contents(raw)
    outline = [(d, " ".join(t.split()), p) for d, t, p in _outline(reader, reader.outline)]
    # every contents entry is a bookmark, in the same order, to the same page
    i = 0
    for title, page in entries:
        while i < len(outline) and outline[i][1] != title:
            i += 1
        assert i < len(outline), f"contents entry {title!r} has no bookmark"
        assert outline[i][2] == page, f"{title!r}: contents says {page}, it is {outline[i][2]}"
        i += 1
    # stories are the top level, in the order given, each on the page the contents give
    tops = [(t, p) for d, t, p in outline if d == 0 and t in {s.title for s in stories}]
    assert [t for t, _ in tops] == [s.title for s in stories]
    listed: dict[str, int] = {}
    for title, page in entries:
        listed.setdefault(title, page)
    for story, (title, page) in zip(stories, tops, strict=True):
        assert listed.get(title) == page
        assert words(title) <= words(pages[page - 1]), f"{title!r} not on page {page}"
        # the chapters follow, each starting on its page: heading and first words there
        k = outline.index((0, title, page))
        end = next((j for j in range(k + 1, len(outline)) if outline[j][0] == 0), len(outline))
        marks = iter(outline[k + 1:end])
        if is_oneshot(story):  # the story's own entry stands for its one untitled chapter
            continue
        for n, ch in enumerate(story.chapters):
            name = words(ch.label or ch.title or story.title)
            # the chapter's bookmark (front matter and afterword bookmarks are skipped)
            cpage = next((p for d, t, p in marks if d >= 1 and name <= words(t)), None)
            assert cpage is not None, f"{title}: no bookmark for chapter {n + 1}"
            text = words(pages[cpage - 1])
            assert name <= text or not ch.label, f"{ch.label!r} not on page {cpage}"
            assert _opening(story, n) <= text, f"{title} chapter {n + 1} not on page {cpage}"


def test_anthology_pdf_stories_start_on_right_hand_pages_and_bookmarks_nest(made):
    reader = _pdf(made)
    outline = _outline(reader, reader.outline)
    titles = _titles(made["sources"])
    story_marks = [(d, t, p) for d, t, p in outline if d == 0 and t in titles]
    assert [t for _, t, _ in story_marks] == titles
    for depth, title, page in story_marks:
        assert page % 2 == 1, f"{title} starts on left-hand page {page}"
        i = outline.index((depth, title, page))
        assert outline[i + 1][0] == depth + 1, f"{title} has no nested chapter bookmarks"


def test_anthology_pdf_embeds_its_fonts(made):
    reader = _pdf(made)
    fonts = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            embedded = any(d is not None and any(k in d.get_object() for k in (
                "/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors)
            fonts[str(font.get("/BaseFont"))] = embedded
    assert fonts and all(fonts.values()), fonts


def test_anthology_title_page_names_title_and_subtitle(made):
    reader = _pdf(made)
    a = made["anthology"]
    head = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[:4])
    assert a.title in head and a.subtitle in head


@pytest.mark.epubcheck
def test_every_book_of_make_book_passes_epubcheck(epubcheck):
    reports = epubcheck.reports("make-book")
    assert len(reports) == 6
    assert not {n: problems(r) for n, r in reports.items() if problems(r)}


def test_project_templates_and_styles_are_used(tmp_path, monkeypatch):
    """Edits to a project's own templates/ and styles/ show in the books."""
    root = tmp_path / "p"
    assert main(["-q", "new", str(root)]) == 0
    colophon = root / "templates" / "colophon.html"
    colophon.write_text(colophon.read_text().replace("Made with", "Lovingly made with"))
    with (root / "styles" / "base.css").open("a") as css:
        css.write("\n.user-marker { color: #123456; }\n")
    (root / "templates" / "blocks.html").unlink()  # missing ones come from bookmaker's own
    monkeypatch.chdir(root)
    assert main(["-q", "build", "--format", "epub,html"]) == 0
    for epub in (root / "out").glob("*.epub"):
        assert "Lovingly made with" in epub_text(epub)
        with zipfile.ZipFile(epub) as zf:
            assert any(b"user-marker" in zf.read(n) for n in zf.namelist() if n.endswith(".css"))
    for html in (root / "out").glob("*.html"):
        text = html.read_text()
        assert "Lovingly made with" in text and "user-marker" in text
    # and bookmaker's own files are untouched for the next book
    monkeypatch.chdir(tmp_path)
    story = root / "stories" / "the-lighthouse-keeper.txt"
    assert main(["-q", "build", str(story), "-o", "plain", "--format", "html"]) == 0
    assert "Lovingly" not in next((tmp_path / "plain").glob("*.html")).read_text()


def test_build_in_a_bare_stories_folder(tmp_path, fake_render, monkeypatch):
    _mini_project(tmp_path, "")
    (tmp_path / "bookmaker.toml").unlink()
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "build"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "one.epub", "one.pdf", "two.epub", "two.pdf"]
