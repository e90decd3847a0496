"""The HTML readers: any HTML by its structure, AO3 downloads and FanFicFare output mapped
in full, and the rich corpus files scored like the plain-text ones."""

from __future__ import annotations

import importlib.util
import json

import pytest

from bookmaker.load import load_story
from bookmaker.model import Text
from bookmaker.parse.words import lost_words
from bookmaker.read.choose import read_source
from bookmaker.read.html import Walker, parse_html, read_html
from tests.conftest import SHARED
from tests.read import stories

RICH = ("d01", "d02", "d03", "d04", "d08")
"""The corpus files in HTML and Markdown (AO3 downloads, AO3 Markdown, FanFicFare HTML)."""
SCORER = SHARED / "tools" / "score_structure.py"
TRUTH = sorted(p for p in (SHARED / "corpus" / "truth").glob("*.json") if p.name[:3] in RICH)


def _marked(story) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for c in story.chapters:
        for p in c.paragraphs:
            for r in getattr(p, "runs", ()):
                for m in r.marks:
                    found.setdefault(m, set()).add(r.text)
    return found


def test_walker_reads_blocks_breaks_and_marks():
    root = parse_html("<body><h2>One</h2><p>a <i>b</i> <span style='font-weight:bold'>c</span>"
                      "</p>loose<br/>line<br/><br/>next<hr/><pre>x  y</pre></body>")
    blocks = Walker().walk(root.find("body"))
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "One"), ("paragraph", "a b c"), ("paragraph", "loose\nline"),
        ("paragraph", "next"), ("rule", ""), ("pre", "x  y")]
    assert [r.marks for r in blocks[1].runs if r.marks] == [("i",), ("b",)]


def test_scripts_styles_comments_and_navigation_never_reach_the_book(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(stories.page(), encoding="utf-8")
    story = load_story(path)
    words = json.dumps(story.as_dict())
    for hidden in ("SCRIPTWORD", "NAVWORD", "COMMENTWORD", "color: red", "tracker"):
        assert hidden not in words
    assert story.meta["reader"] == "html"
    assert not lost_words(stories.plain_words(), story)


def test_generic_html_by_its_structure():
    doc = read_html(stories.page())
    assert doc.title == stories.TITLE and doc.authors == (stories.AUTHOR,)
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("heading") == 3 and kinds.count("rule") == 1


def test_ao3_download_is_mapped_in_full(tmp_path):
    path = tmp_path / "work.html"
    path.write_text(stories.ao3(), encoding="utf-8")
    story = load_story(path)
    assert story.meta["reader"] == "ao3"
    assert story.title == stories.TITLE and story.authors == (stories.AUTHOR,)
    front = {b.kind: b for b in story.front_matter}
    for kind in ("rating", "warnings", "fandom", "pairing", "characters", "tags", "series",
                 "word_count", "summary", "notes"):
        assert kind in front, kind
    assert front["pairing"].text == "Wren/Tamsin"
    assert story.meta["language"] == "en" and story.meta["words"] == "120"
    assert (story.meta["series"], story.meta["series_index"]) == ("Harbour Lights", "2")
    assert story.meta["published"] == "2024-01-02"
    assert story.meta["ao3_relationship"] == "Wren/Tamsin"
    assert story.meta["url"] == "http://archiveofourown.org/works/123456"
    summary = front["summary"].paragraphs[0]
    assert isinstance(summary, Text) and ("i",) in [r.marks for r in summary.runs]
    first, second = story.chapters
    assert (first.label, first.title, first.number) == ("Chapter 1: Embers", "Embers", 1)
    assert [b.kind for b in first.notes_before] == ["summary", "notes"]
    assert [b.text for b in first.notes_after] == ["More soon."]
    assert len(first.scenes) == 2 and len(second.scenes) == 1
    assert story.end_matter[0].kind == "notes"
    assert story.end_matter[0].text == "Thank you for reading!"
    codes = {d.what for d in story.decisions}
    assert {"read.ao3.title", "read.ao3.author", "read.ao3.chapter",
            "read.ao3.scene-break", "read.ao3.meta"} <= codes
    assert not any(c.endswith("lost-words") for c in codes)
    assert _marked(story)["em"] == set(stories.ITALIC)


@pytest.mark.parametrize("count,status", [
    ("2/2", "Complete"), ("2/?", "In progress"), ("2/5", "In progress")])
def test_ao3_chapter_count_gives_the_status_the_title_page_shows(tmp_path, count, status):
    """A work in progress (``Chapters: 2/?``) is not called complete on its title page."""
    from bookmaker.layout.metadata import title_fields

    path = tmp_path / "work.html"
    path.write_text(stories.ao3().replace("Chapters: 2/2", f"Chapters: {count}"),
                    encoding="utf-8")
    story = load_story(path)
    assert story.meta["status"] == status
    assert ("Status", status) in title_fields(story, "en")


def test_fanficfare_output_is_mapped(tmp_path):
    path = tmp_path / "fff.html"
    path.write_text(stories.fff(), encoding="utf-8")
    story = load_story(path)
    assert story.meta["reader"] == "fff"
    assert story.title == stories.TITLE and story.authors == (stories.AUTHOR,)
    assert {b.kind for b in story.front_matter} >= {"fandom", "genres", "status", "rating",
                                                    "word_count", "summary", "contents"}
    assert [c.label for c in story.chapters] == ["Chapter 1: Embers", "Chapter 2: Ashes"]
    assert [len(c.scenes) for c in story.chapters] == [2, 1]
    assert _marked(story)["i"] == set(stories.ITALIC)
    assert _marked(story)["b"] == set(stories.BOLD)


def test_reader_is_chosen_by_content_not_name(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(stories.ao3(), encoding="utf-8")
    reading = read_source(path)
    assert reading.reader == "ao3" and "AO3" in reading.why


def _scorer():
    spec = importlib.util.spec_from_file_location("score_structure", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SCORER.exists() or not TRUTH,
                    reason="../shared/corpus (truth files and scorer) not present")
@pytest.mark.parametrize("truth", TRUTH, ids=[p.stem[:3] for p in TRUTH])
def test_rich_corpus_file_scores_fully(truth):
    want = json.loads(truth.read_text(encoding="utf-8"))
    story = load_story(SHARED / "corpus" / "stories" / want["file"])
    checks = _scorer().score_story(json.loads(json.dumps(story.as_dict())), want)
    failed = [(name, detail) for name, ok, detail in checks if not ok]
    assert not failed
    assert not any(d.what.endswith("lost-words") for d in story.decisions)


def test_inspect_shows_the_reader_and_why(tmp_path, capsys):
    from bookmaker.cli import main

    path = tmp_path / "work.html"
    path.write_text(stories.ao3(), encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    reader = [line for line in out.splitlines() if line.startswith("Reader")]
    assert reader and "ao3" in reader[0] and "AO3's download markup" in reader[0]
    assert "AO3's chapter heading" in out


def test_an_html_name_with_only_a_script_is_html_and_shows_nothing(tmp_path):
    path = tmp_path / "x.html"
    path.write_text("<script>HIDDENWORD</script>Visible words here.", encoding="utf-8")
    story = load_story(path)
    assert story.meta["reader"] == "html"
    assert "HIDDENWORD" not in json.dumps(story.as_dict())


def test_a_script_inside_preformatted_text_stays_out(tmp_path):
    # Found by fuzzing: <pre> was read with text_content(), scripts and comments included.
    path = tmp_path / "pre.html"
    path.write_text("<p>Before the code.</p><pre>kept line\n<script>HIDDENWORD</script>"
                    "<!-- HIDDENCOMMENT -->second line</pre>", encoding="utf-8")
    dump = json.dumps(load_story(path).as_dict())
    assert "HIDDENWORD" not in dump and "HIDDENCOMMENT" not in dump
    assert "kept line" in dump and "second line" in dump


def test_saved_fanfiction_net_page_is_the_story_without_the_site(tmp_path):
    path = tmp_path / "ffnet.html"
    path.write_text(stories.ffnet(), encoding="utf-8")
    story = load_story(path)
    assert story.meta["reader"] == "ffnet"
    assert story.title == stories.TITLE and story.authors == (stories.AUTHOR,)
    (chapter,) = story.chapters
    assert (chapter.label, chapter.title, chapter.number) == ("Embers", "Embers", 1)
    assert len(chapter.scenes) == 2
    front = {b.kind: b.text for b in story.front_matter}
    assert front["summary"] == "A keeper, a storm, a light."
    assert front["rating"] == "Fiction K+" and front["genres"] == "Drama"
    assert front["characters"] == "Wren, Tamsin" and front["word_count"] == "120"
    assert story.meta["language"] == "en" and story.meta["published"] == "2024-01-02"
    assert "SITEWORD" not in json.dumps(story.as_dict())
    assert _marked(story)["em"] == {"cold", "Nobody"}
    assert not any(d.what.endswith("lost-words") for d in story.decisions)


def _page(paragraphs: list[str], title: str = "Unknown") -> str:
    body = "".join(paragraphs)
    return (f"<html><head><title>{title}</title></head><body><h1>Chapter 1</h1>{body}"
            "</body></html>")


_SENTENCES = [f"Harry walked to the castle for the {n}th time, thinking of nothing at all."
              for n in range(12)]
_PROSE = [f"<p>{s}</p>" for s in _SENTENCES]


def test_spacer_paragraphs_are_blank_lines_and_a_rare_wide_gap_a_scene_break(tmp_path):
    """calibre's output marks a scene change with empty paragraphs only."""
    spaced = [*_PROSE[:4], '<p class="block_2"></p>', "<p>\u00a0</p>", *_PROSE[4:8],
              "<p> </p>", "<p></p>", *_PROSE[8:]]
    path = tmp_path / "story.html"
    path.write_text(_page(spaced), encoding="utf-8")
    story = load_story(path)
    assert [len(s) for s in story.chapters[0].scenes] == [4, 4, 4]
    assert story.title == "story", "calibre's placeholder title is no title"
    assert [c.label for c in story.chapters] == ["Chapter 1"]


def test_a_spacer_after_every_paragraph_is_only_spacing(tmp_path):
    double = [p + "<p>\u00a0</p>" for p in _PROSE]
    path = tmp_path / "story.html"
    path.write_text(_page(double, "A Walk"), encoding="utf-8")
    story = load_story(path)
    assert len(story.chapters[0].scenes) == 1
    assert story.title == "A Walk"
    assert not lost_words("\n\n".join(_SENTENCES), story)


def test_markup_line_breaks_do_not_leave_a_space_before_punctuation_or_after_a_quote():
    """Pasted-from-a-word-processor AO3 markup: "<em>\\n<span>Hamlet</span>\\n</em>\\n<span>."
    reads "Hamlet ." in a browser; the book closes it up (not a decimal, not an ellipsis)."""
    w = Walker()
    root = parse_html("<html><body><p>Read <em>\n<span>Hamlet</span>\n</em>\n<span>. The "
                      "</span><em>\n<span>Register</span>\n</em>\n<span>, and </span><span>“"
                      "</span>\n<em>\n<span>Do</span>\n</em> they?” A .45, so ... on; <b>end"
                      "</b> .</p></body></html>", "x")
    (block,) = w.walk(root.find("body"))
    assert block.text == "Read Hamlet. The Register, and “Do they?” A .45, so ... on; end ."
    assert ("em",) in [r.marks for r in block.runs if r.text == "Hamlet"]


def test_a_first_line_is_not_lost_when_the_page_states_another_title(tmp_path):
    """The parser takes a short first line for the title; the page's <title> wins, and the
    line stays the story's text (it was dropped). A line that is the stated title is not
    repeated."""
    prose = "<p>The walk was long and the road was dusty and the sun was hot all day.</p>"
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>T</title></head><body><p>Read Hamlet then</p>{prose}"
                    "</body></html>", encoding="utf-8")
    story = load_story(path, typography=False)
    assert story.title == "T"
    assert story.chapters[0].paragraphs[0] == "Read Hamlet then"
    path.write_text(f"<html><head><title>My Story - Site</title></head><body><p>My Story</p>"
                    f"{prose}</body></html>", encoding="utf-8")
    story = load_story(path, typography=False)
    assert story.title == "My Story - Site"
    assert "My Story" not in [p for c in story.chapters for p in c.paragraphs]
