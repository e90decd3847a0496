"""EPUB output: validity (EPUBCheck), structure, metadata, no lost words, determinism."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from bookmaker.cli import main
from bookmaker.load import load_story
from bookmaker.model import Block, Book, Chapter, Part, Story, replace
from bookmaker.read.text import decode
from bookmaker.render.epub import render_epub
from tests.epubcheck_session import problems
from tests.textcheck import epub_text, html_text, missing_words

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))

MARKUP = "<script>alert(1)</script> </p> &nbsp; ]]> {{ 7*7 }} {% include %} <![CDATA[ x"

# --------------------------------------------------------------------------- fixtures


def _chapter(n: int, words: str, *, notes: bool = False) -> Chapter:
    return Chapter(
        label=f"Chapter {n}: The {words.title()}",
        title=f"The {words.title()}",
        number=n,
        scenes=((f"First {words} scene paragraph {n}.", f"Second {words} paragraph."),
                (f"After the {words} break.",)),
        notes_before=(Block("notes", "A/N", (f"Before {words} note.",)),) if notes else (),
        notes_after=(Block("notes", "", (f"After {words} note.",)),) if notes else (),
    )


def _story(title: str, author: str, word: str, *, parts: bool, lang: str = "en") -> Story:
    return Story(
        title=title,
        authors=(author,),
        front_matter=(
            Block("disclaimer", "Disclaimer", (f"{word} owns nothing.",)),
            Block("summary", "Summary", (f"A {word} summary.", "Second summary paragraph.")),
            Block("rating", "Rating", ("Teen",)),
            Block("pairing", "Pairing(s)", ("Kakashi/Iruka",)),
            Block("legend", "", ("Italics - thoughts",)),
        ),
        parts=(Part("Part One: Winter", 0), Part("Part Two: Spring", 2)) if parts else (),
        chapters=tuple(_chapter(i, f"{word}{i}", notes=i == 1) for i in range(1, 5)),
        end_matter=(Block("end-marker", "", ("-TBC-",)),
                    Block("notes", "A/N", (f"Thanks {word} readers.",))),
        meta={"language": lang, "source": f"{word}.txt"},
    )


def anthology() -> Book:
    """Two stories (one with parts and notes), as an anthology would bind them."""
    a = _story("Winter Roads", "Jane Doe", "alpha", parts=True)
    b = _story("Summer & Smoke", "pen_name42", "beta", parts=False, lang="fr")
    return Book(title="Seasons: An Anthology", stories=(a, b), subtitle="Four stories",
                editor="Ed Itor", description="Stories of seasons.",
                source_names=("alpha.txt", "beta.txt"))


def edge_cases() -> Book:
    """Odd but possible models: empty titles, a chapter without prose, parts sharing a
    chapter or past the end, blocks without text, two stories with no chapters."""
    odd = Story(
        title="",
        front_matter=(Block("other", "", ()), Block("notes", "", ("",))),
        parts=(Part("Part A", 0), Part("Part B", 0), Part("Part Z", 9), Part("", 1)),
        chapters=(Chapter("", None, None, ()), Chapter("", "Only a title", None, (("x",),)),
                  Chapter("Chapter 3", None, 3, ((), ("after an empty scene",)))),
        end_matter=(Block("end-marker", "", ()),),
    )
    return Book(title="", stories=(odd, Story(title="Empty")))


def single(story: Story, **kw) -> Book:
    kw.setdefault("language", story.meta.get("language", "en"))
    return Book(title=story.title, stories=(story,), source_names=(story.meta.get("source", ""),),
                **kw)


def _read(data: bytes) -> dict[str, str]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n).decode("utf-8", "replace") for n in zf.namelist()}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The five samples built through the CLI, the anthology, and a markup story."""
    out = tmp_path_factory.mktemp("epubs")
    code = main(["build", *map(str, SAMPLES), "-o", str(out), "--format", "epub"])
    assert code == 0
    books = {p.stem: p for p in sorted(out.glob("*.epub"))}
    (out / "anthology.epub").write_bytes(render_epub(anthology()))
    books["anthology"] = out / "anthology.epub"
    (out / "edge.epub").write_bytes(render_epub(edge_cases()))
    books["edge"] = out / "edge.epub"
    src = out / "markup.txt"
    src.write_text(f"Markup\n\nChapter 1\n\nShe typed {MARKUP} and smiled.\n", encoding="utf-8")
    assert main(["build", str(src), "-o", str(out / "m"), "--format", "epub"]) == 0
    books["markup"] = next((out / "m").glob("*.epub"))
    return books


# --------------------------------------------------------------------------- EPUBCheck

@pytest.fixture(scope="session")
def _submitted(built, epubcheck) -> dict[str, Path]:
    for name, path in built.items():
        epubcheck.submit("samples", name, path)
    return built


def test_built_books_go_to_epubcheck(_submitted):
    assert len(_submitted) >= 8


@pytest.mark.epubcheck
def test_epubcheck_reports_nothing(epubcheck):
    """The five samples, a two-story anthology and a markup story: 0 fatals/errors/warnings."""
    reports = epubcheck.reports("samples")
    assert len(reports) >= 8
    bad = {name: problems(r) for name, r in reports.items() if problems(r)}
    assert all(r["checker"]["nError"] == r["checker"]["nFatal"] == r["checker"]["nWarning"] == 0
               for r in reports.values()), bad


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_word_of_the_sample_is_in_the_book(built, sample):
    source = decode(sample.read_bytes(), sample.name).text
    text = epub_text(built[_slug(sample)])
    assert not missing_words(source, text)


def _slug(sample: Path) -> str:
    from bookmaker.build.files import slugify

    return slugify(load_story(sample).title)


def test_every_word_of_the_anthology_is_in_the_book():
    book = anthology()
    text = " ".join(html_text(v) for k, v in _read(render_epub(book)).items()
                    if k.endswith(".xhtml"))
    source = " ".join(
        " ".join([s.title, *s.authors,
                  *(f"{b.label} {b.text}" for b in (*s.front_matter, *s.end_matter)),
                  *(p.title for p in s.parts),
                  *(f"{c.label} {' '.join(c.paragraphs)} "
                    + " ".join(f"{n.label} {n.text}" for n in (*c.notes_before, *c.notes_after))
                    for c in s.chapters)])
        for s in book.stories)
    assert not missing_words(source, text)


def test_markup_in_the_story_stays_text(built):
    files = _read(built["markup"].read_bytes())
    chapter_text = " ".join(html_text(v) for k, v in files.items() if re.search(r"-ch\d+", k))
    for piece in ("<script>alert(1)</script>", "</p>", "&nbsp;", "]]>", "{{ 7*7 }}",
                  "{% include %}", "<![CDATA["):
        assert piece in chapter_text, piece
    raw = "".join(files.values())
    assert "<script" not in raw and "49" not in chapter_text


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    scenes = (("Ring\x07 the\x0b bell\ufffe.",),)
    story = Story("Bell\x07", chapters=(Chapter("", None, None, scenes),))
    files = _read(render_epub(single(story)))
    text = " ".join(v for k, v in files.items() if k.endswith((".xhtml", ".opf", ".ncx")))
    assert "\x07" not in text and "\x0b" not in text and "Ring the bell." in text


# --------------------------------------------------------------------------- structure


def test_parts_past_the_end_or_sharing_a_chapter_keep_their_headings():
    files = _read(render_epub(edge_cases()))
    text = " ".join(html_text(v) for k, v in files.items() if k.endswith(".xhtml"))
    for heading in ("Part A", "Part B", "Part Z", "Only a title", "after an empty scene"):
        assert heading in text
    tree = _toc_tree(files["OEBPS/nav.xhtml"])
    assert [t for t, _ in tree] == ["Title Page", "Untitled", "Empty", "Colophon"]


def test_zip_layout_is_epub_ocf():
    data = render_epub(anthology())
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/epub+zip"
        assert not first.extra
        assert {i.date_time for i in zf.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert "META-INF/container.xml" in zf.namelist()


def test_one_file_per_chapter_with_unique_ids_across_stories():
    files = _read(render_epub(anthology()))
    chapters = sorted(k for k in files if re.search(r"/s\d+-ch\d+\.xhtml$", k))
    assert len(chapters) == 8
    ids = re.findall(r'\bid="([^"]+)"', " ".join(v for k, v in files.items() if k.endswith(".xhtml")
                                                and not k.endswith("nav.xhtml")))
    assert len(ids) == len(set(ids))
    for name in chapters:
        doc = files[name]
        assert doc.count('epub:type="chapter"') == 1
        assert 'epub:type="bodymatter z3998:fiction"' in doc
        assert doc.count('<section class="chapter"') == 1


def test_every_document_has_lang_and_xml_lang():
    files = _read(render_epub(anthology()))
    docs = {k: v for k, v in files.items() if k.endswith(".xhtml")}
    assert len(docs) > 10
    for name, doc in docs.items():
        m = re.search(r"<html[^>]*>", doc)
        assert m and ' lang="' in m.group(0) and ' xml:lang="' in m.group(0), name
    assert 'xml:lang="fr"' in files["OEBPS/s2-ch001.xhtml"]
    assert 'xml:lang="en"' in files["OEBPS/s1-ch001.xhtml"]


def test_chapter_has_heading_parts_notes_and_scene_breaks():
    files = _read(render_epub(anthology()))
    doc = files["OEBPS/s1-ch001.xhtml"]
    assert re.search(r'<span class="chapter-label">Chapter 1</span>\s*'
                     r'<span class="chapter-title">The Alpha1</span>', doc)
    before, after = doc.index("notes-before"), doc.index("notes-after")
    first, last = doc.index("First alpha1 scene"), doc.index("After the alpha1 break")
    assert before < first < doc.index('<hr class="scene-break"/>') < last < after
    assert '<p class="first after-break">After the alpha1 break.</p>' in doc
    assert "<aside" in doc and "A/N" in doc


def test_anthology_nav_and_ncx_are_two_levels_story_then_parts_and_chapters():
    files = _read(render_epub(anthology()))
    nav, ncx = files["OEBPS/nav.xhtml"], files["OEBPS/toc.ncx"]
    assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav
    for t in ("cover", "titlepage", "bodymatter", "toc"):
        assert f'epub:type="{t}"' in nav
    # story → (part, chapters) two levels, as Kindle and Kobo show them, in nav and NCX
    assert re.search(r'Winter Roads</a>\s*<ol>.*?Part One: Winter</a>\s*</li>\s*'
                     r'<li><a href="s1-ch001', nav, re.S)
    assert '<meta name="dtb:depth" content="2"/>' in ncx
    assert nav.count("<ol>") - 1 == len(anthology().stories) + 1  # toc, each story; landmarks
    orders = [int(x) for x in re.findall(r'playOrder="(\d+)"', ncx)]
    assert orders == list(range(1, len(orders) + 1))
    assert ncx.count("<navPoint") == nav.count("<li><a href")


def _toc_tree(nav: str) -> list[tuple[str, list]]:
    """The toc nav as nested ``(title, children)`` lists."""
    import xml.etree.ElementTree as ET

    ns = {"h": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(nav.encode())
    toc = next(n for n in root.iter("{http://www.w3.org/1999/xhtml}nav") if n.get("id") == "toc")

    def walk(ol) -> list[tuple[str, list]]:
        out = []
        for li in ol.findall("h:li", ns):
            sub = li.find("h:ol", ns)
            out.append((li.find("h:a", ns).text, walk(sub) if sub is not None else []))
        return out

    return walk(toc.find("h:ol", ns))


def test_single_story_toc_is_parts_then_chapters():
    story = _story("One", "A. Writer", "solo", parts=True)
    tree = _toc_tree(_read(render_epub(single(story)))["OEBPS/nav.xhtml"])
    assert [t for t, _ in tree] == ["Title Page", "Preface", "Part One: Winter",
                                    "Part Two: Spring", "Afterword", "Colophon"]
    assert [t for t, _ in tree[2][1]] == ["Chapter 1: The Solo1", "Chapter 2: The Solo2"]
    assert [t for t, _ in tree[3][1]] == ["Chapter 3: The Solo3", "Chapter 4: The Solo4"]


def test_anthology_toc_is_story_then_chapters():
    book = anthology()
    tree = _toc_tree(_read(render_epub(book))["OEBPS/nav.xhtml"])
    assert [t for t, _ in tree] == ["Seasons: An Anthology", "Winter Roads", "Summer & Smoke",
                                    "Colophon"]
    assert [t for t, _ in tree[2][1]] == ["Preface", "Chapter 1: The Beta1", "Chapter 2: The Beta2",
                                          "Chapter 3: The Beta3", "Chapter 4: The Beta4",
                                          "Afterword"]
    # a part sits among its story's entries, its chapters after it: two levels at most
    assert [t for t, _ in tree[1][1]][1:4] == ["Part One: Winter", "Chapter 1: The Alpha1",
                                               "Chapter 2: The Alpha2"]
    assert all(not kids for _, entries in tree for _, kids in entries)


def test_title_page_lists_metadata_and_summary_once():
    story = _story("Meta", "Jane Doe", "meta", parts=False)
    files = _read(render_epub(single(story)))
    title = files["OEBPS/s1-title.xhtml"]
    for label, value in (("Rating", "Teen"), ("Pairing(s)", "Kakashi/Iruka"),
                         ("Chapters", "4"), ("Status", "In progress"), ("Language", "English")):
        assert re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>{re.escape(value)}</dd>", title)
    assert "A meta summary." in title and "Warnings" not in title  # empty fields left out
    front = files["OEBPS/s1-front.xhtml"]
    assert "meta owns nothing." in front and "Legend" in front and "Disclaimer" in front
    assert "A meta summary." not in front and "Teen" not in front


def test_title_page_summary_keeps_its_marks_and_line_breaks(tmp_path):
    """A summary's italics and line breaks (a poem) reach the title page, in the EPUB and in
    print; a template written for plain text still gets the summary as one string."""
    from bookmaker.layout import layout_book
    from bookmaker.model import Run, Text
    from bookmaker.render.print_html import print_html

    poem = Text.of((Run("When I get off the wheel", ("i",)), Run("\n", br=True),
                    Run("And make amends", ("i",))))
    story = Story("Wheel", chapters=(Chapter("", None, None, (("Prose.",),)),),
                  front_matter=(Block("summary", "Summary", (poem, "Spoilers ahead.")),))
    expected = ("<p><i>When I get off the wheel</i><br/><i>And make amends</i></p>\n"
                "    <p>Spoilers ahead.</p>")
    title = _read(render_epub(single(story)))["OEBPS/s1-title.xhtml"]
    assert expected in title
    assert "<p><i>When I get off the wheel</i><br/>" in print_html(single(story))
    summary = layout_book(single(story)).stories[0].summary
    assert summary == "When I get off the wheel\nAnd make amends\n\nSpoilers ahead."


def test_status_complete_without_marker():
    story = Story("Done", chapters=(Chapter("", None, None, (("The end.",),)),))
    title = _read(render_epub(single(story)))["OEBPS/s1-title.xhtml"]
    assert re.search(r"<dt>Status</dt>\s*<dd>Complete</dd>", title)


def test_end_matter_and_colophon():
    files = _read(render_epub(anthology()))
    end = files["OEBPS/s1-end.xhtml"]
    assert '<p class="end-marker">-TBC-</p>' in end and "Thanks alpha readers." in end
    colophon = files["OEBPS/colophon.xhtml"]
    assert "bookmaker" in colophon
    assert "alpha.txt" not in colophon, "local file names are not the reader's business"
    assert 'epub:type="colophon"' in colophon


# --------------------------------------------------------------------------- metadata


def _opf(book: Book) -> str:
    return _read(render_epub(book))["OEBPS/content.opf"]


def test_package_metadata():
    opf = _opf(anthology())
    assert "<dc:title id=\"title\">Seasons: An Anthology</dc:title>" in opf
    creators = re.findall(r'<dc:creator id="([^"]+)">([^<]+)</dc:creator>', opf)
    assert [n for _, n in creators] == ["Jane Doe", "pen_name42"]
    assert len({i for i, _ in creators}) == 2
    assert '<meta refines="#creator1" property="file-as">Doe, Jane</meta>' in opf
    assert '<meta refines="#creator2" property="file-as">pen_name42</meta>' in opf
    assert "<dc:language>en</dc:language>" in opf
    assert "<dc:description>Stories of seasons.</dc:description>" in opf
    assert "<dc:subject>Kakashi/Iruka</dc:subject>" in opf
    assert 'properties="cover-image"' in opf and 'properties="nav"' in opf
    for prop in ("accessMode", "accessModeSufficient", "accessibilityFeature",
                 "accessibilityHazard", "accessibilitySummary"):
        assert f'property="schema:{prop}"' in opf
    assert re.search(r'<dc:identifier id="bookid">urn:uuid:[0-9a-f-]{36}</dc:identifier>', opf)
    for t in ("cover", "title-page", "text", "toc"):
        assert f'<reference type="{t}"' in opf


def test_identifier_is_stable_and_follows_the_text():
    ident = re.compile(r"urn:uuid:[0-9a-f-]+")
    a1 = ident.search(_opf(anthology())).group(0)
    a2 = ident.search(_opf(anthology())).group(0)
    other = Book(title="Seasons: An Anthology", stories=anthology().stories[:1])
    assert a1 == a2 != ident.search(_opf(other)).group(0)


def test_identifier_ignores_file_name_and_encoding():
    ident = re.compile(r"urn:uuid:[0-9a-f-]+")
    story = _story("Same", "A", "same", parts=False)
    moved = replace(story, meta={**story.meta, "source": "renamed.txt", "encoding": "cp1252"})
    changed = replace(story, chapters=story.chapters[:-1])
    ids = [ident.search(_opf(single(s))).group(0) for s in (story, moved, changed)]
    assert ids[0] == ids[1] != ids[2]


def test_modified_comes_from_source_date_epoch_never_the_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "<meta property=\"dcterms:modified\">2000-01-01T00:00:00Z</meta>" in _opf(anthology())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    opf = _opf(anthology())
    assert "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>" in opf
    colophon = _read(render_epub(anthology()))["OEBPS/colophon.xhtml"]
    assert "2023-11-14" in colophon


def test_series_and_language_fallback():
    story = _story("Please", "X", "ser", parts=False, lang="not a language!")
    story = replace(story, meta={"series": "Konoha Nights", "series_index": "1",
                                 "series_total": "2", "language": "??"})
    opf = _opf(single(story, language="also bad"))
    assert "<dc:language>en</dc:language>" in opf
    assert '<meta property="belongs-to-collection" id="series">Konoha Nights</meta>' in opf
    assert '<meta refines="#series" property="group-position">1</meta>' in opf
    assert '<meta name="calibre:series" content="Konoha Nights"/>' in opf
    assert '<meta name="calibre:series_index" content="1"/>' in opf
    title = _read(render_epub(single(story)))["OEBPS/s1-title.xhtml"]
    assert "<dd>Konoha Nights, part 1 of 2</dd>" in title


def test_a_series_sentence_without_a_name_is_shown_as_the_author_wrote_it():
    sentence = "This is PART 01 of a two part series. Part 02 is called Six years."
    story = Story("Please", front_matter=(Block("series", "", (sentence,)),),
                  chapters=(Chapter("", None, None, (("Text.",),)),))
    files = _read(render_epub(single(story)))
    title = files["OEBPS/s1-title.xhtml"]
    assert re.search(r"<dt>Series</dt>\s*<dd>This is PART 01 of a two part series", title)
    assert "s1-front.xhtml" not in files, "shown once, on the title page"
    assert "calibre:series" not in files["OEBPS/content.opf"]  # no name, no collection


def test_user_cover_replaces_the_generated_one():
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
           b"\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
           b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    files = _read(render_epub(single(_story("C", "Y", "cov", parts=False), cover=png)))
    assert "OEBPS/images/cover.png" in files and "OEBPS/images/cover.jpg" not in files
    assert 'href="images/cover.png" media-type="image/png" properties="cover-image"' in \
        files["OEBPS/content.opf"]
    assert 'src="images/cover.png"' in files["OEBPS/cover.xhtml"]


def test_bad_user_cover_is_a_clear_error():
    from bookmaker.errors import RenderError

    with pytest.raises(RenderError, match="cover"):
        render_epub(single(_story("C", "Y", "cov", parts=False), cover=b"not an image"))


# --------------------------------------------------------------------------- determinism


def _subprocess_build(work: Path, tz: str) -> bytes:
    work.mkdir(parents=True)
    story = Path(shutil.copy(SAMPLES[0], work / SAMPLES[0].name))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["TZ"] = tz
    subprocess.run([sys.executable, "-m", "bookmaker", "build", story.name, "-o", "out",
                    "--format", "epub"], cwd=work, env=env, check=True, capture_output=True)
    (book,) = (work / "out").glob("*.epub")
    return book.read_bytes()


def test_rebuilds_are_byte_identical_across_folders_times_and_zones(tmp_path):
    start = time.monotonic()
    first = _subprocess_build(tmp_path / "a", "Pacific/Kiritimati")
    time.sleep(max(0.0, 2.1 - (time.monotonic() - start)))  # past the zip's 2 s resolution
    second = _subprocess_build(tmp_path / "b" / "deeper", "America/St_Johns")
    assert first == second and len(first) > 1000


@pytest.mark.parametrize("marker, expected", [
    ("-TBC-", "In progress"), ("To be continued...", "In progress"), ("~tbc~", "In progress"),
    ("[part one, end]", "Complete"), ("The End", "Complete"), ("-fin-", "Complete"),
])
def test_status_follows_the_end_marker(marker, expected):
    from bookmaker.layout.metadata import status

    story = Story("S", chapters=(Chapter("", None, None, (("Text.",),)),),
                  end_matter=(Block("end-marker", "", (marker,)),))
    assert status(story) == expected


def test_a_run_of_unlabelled_blocks_shares_one_label():
    from bookmaker.layout.metadata import front_blocks

    story = Story("S", front_matter=(Block("disclaimer", "", ("Not mine.",)),
                                     Block("legend", "", ("Italics - thoughts",)),
                                     Block("legend", "", ("Bold - shouting",)),
                                     Block("summary", "", ("Sum.",))))
    assert [label for label, _ in front_blocks(story)] == ["Disclaimer", "Legend", ""]


# --------------------------------------------------------------------------- EbookLib


def _read_back(data: bytes, tmp_path: Path, name: str = "book.epub"):
    import warnings

    from ebooklib import epub

    path = tmp_path / name
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EbookLib's own FutureWarnings about its options
        return epub.read_epub(str(path))


def _xhtml_count(data: bytes) -> int:
    return sum(1 for k in _read(data) if k.endswith(".xhtml"))


def test_ebooklib_reads_the_package_back(built, tmp_path):
    """A well-formed EbookLib book: title, language, authors and spine as built."""
    book = anthology()
    data = render_epub(book)
    back = _read_back(data, tmp_path)
    assert [t for t, _ in back.get_metadata("DC", "title")] == [book.title, book.subtitle]
    assert [v for v, _ in back.get_metadata("DC", "language")] == ["en"]
    creators = back.get_metadata("DC", "creator")
    assert [v for v, _ in creators] == ["Jane Doe", "pen_name42"]
    assert len({attrs["id"] for _, attrs in creators}) == 2
    assert len(back.spine) == _xhtml_count(data)  # every document, nav included, is read
    assert back.get_item_with_href("s2-ch004.xhtml") is not None
    for sample in SAMPLES:
        story = load_story(sample)
        data = built[_slug(sample)].read_bytes()
        back = _read_back(data, tmp_path, sample.stem + ".epub")
        assert back.get_metadata("DC", "title")[0][0] == (story.title or "Untitled")
        assert [v for v, _ in back.get_metadata("DC", "creator")] == list(story.authors)
        assert len(back.spine) == _xhtml_count(data)
        chapters = [i for i, _ in back.spine if re.fullmatch(r"x-s1-ch\d+", i)]
        assert len(chapters) == len(story.chapters)


def test_package_keeps_our_heads_and_a_linear_cover_page():
    """Documents keep their own <head> (EbookLib's EpubHtml would rebuild it), and the
    cover page is the first, linear spine item (not set_cover's unlinked page)."""
    files = _read(render_epub(anthology()))
    chapter = files["OEBPS/s1-ch001.xhtml"]
    head = chapter[chapter.index("<head>"):chapter.index("</head>")]
    assert '<link rel="stylesheet" type="text/css" href="styles/base.css"/>' in head
    assert "<title>Chapter 1: The Alpha1</title>" in head
    opf = files["OEBPS/content.opf"]
    spine = re.findall(r"<itemref ([^>]*)/>", opf)
    assert spine[0] == 'idref="x-cover"' and not any("linear" in s for s in spine)
    assert '<img src="images/cover.jpg"' in files["OEBPS/cover.xhtml"]
    assert "Ebook-lib" in opf  # the package document is EbookLib's


def test_metadata_with_characters_xml_cannot_hold_is_kept():
    """EbookLib drops metadata lxml refuses; such characters are removed first instead."""
    story = Story("Bell\x07 Tower", authors=("Ann\x0b Bell",),
                  chapters=(Chapter("", None, None, (("Ring.",),)),),
                  meta={"fandom": "Bells\x07", "series": "Ring\x0c Cycle", "series_index": "2"})
    opf = _opf(single(story))
    assert '<dc:title id="title">Bell Tower</dc:title>' in opf
    assert '<dc:creator id="creator1">Ann Bell</dc:creator>' in opf
    assert "<dc:subject>Bells</dc:subject>" in opf
    assert '<meta name="calibre:series" content="Ring Cycle"/>' in opf


def test_ebooklib_write_failure_is_a_render_error(monkeypatch):
    from ebooklib import epub

    from bookmaker.errors import RenderError

    def broken(self):
        raise ValueError("cannot serialize the item")

    monkeypatch.setattr(epub.EpubWriter, "_write_items", broken)  # a step of its write
    with pytest.raises(RenderError, match="EbookLib could not write"):
        render_epub(anthology())


def test_anthology_oneshot_is_one_entry():
    """A story of one chapter without a heading is its own contents entry, not repeated."""
    oneshot = Story(title="Paper Boats", authors=("Ann",),
                    chapters=(Chapter("", None, None, (("They sailed.", "They sank."),)),))
    book = replace(anthology(), stories=(oneshot, anthology().stories[1]))
    tree = _toc_tree(_read(render_epub(book))["OEBPS/nav.xhtml"])
    assert [t for t, _ in tree] == ["Seasons: An Anthology", "Paper Boats", "Summer & Smoke",
                                    "Colophon"]
    assert tree[1][1] == []
    assert "Chapter 1: The Beta1" in [t for t, _ in tree[2][1]]
