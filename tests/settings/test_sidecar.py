"""Sidecar overrides: schema validation, error messages, and load_story integration."""

from __future__ import annotations

import tomllib

import pytest

from bookmaker.bind import single_book
from bookmaker.errors import ConfigError
from bookmaker.load import load_story
from bookmaker.model import Chapter, Story
from bookmaker.settings.sidecar import apply_sidecar, parse_sidecar, read_sidecar, sidecar_path
from bookmaker.typography import RULE_NAMES


def _tiny_png() -> bytes:
    """A real 2×3 PNG: covers are decoded when a book is bound."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 3), "white").save(out, "PNG")
    return out.getvalue()


PNG = _tiny_png()

FULL = """
title = "Bounty"
authors = ["Jo Writer", "Al Other"]
language = "en-GB"
rating = "T"
fandom = ["Naruto", "Bleach"]
pairing = "Kakashi/Iruka"
characters = ["Iruka", "Kakashi"]
warnings = "None"
series = "Konoha Nights"
series_index = 2
series_total = 3
summary = "After a mission--"
status = "Complete"
tags = "hurt/comfort"
genres = ["Romance", "Drama"]
published = 2008-05-01
updated = "2009"
cover = "art/cover.png"

[typography]
disable = ["dashes"]

[structure]
headings = [12, 40]
not_headings = [7]

[chapters]
2 = "New title"

[meta]
source_url = "https://example.com/s/1"
"""


def _parse(text: str, path: str = "stories/x.toml", **kw):
    return parse_sidecar(tomllib.loads(text), path, **kw)


def test_full_schema_parses(tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "cover.png").write_bytes(PNG)
    s = _parse(FULL, tmp_path / "x.toml")
    assert s.title == "Bounty" and s.authors == ("Jo Writer", "Al Other")
    assert s.language == "en-GB"
    assert s.meta == {
        "rating": "T", "series": "Konoha Nights", "summary": "After a mission--",
        "status": "Complete", "fandom": "Naruto, Bleach", "pairing": "Kakashi/Iruka",
        "characters": "Iruka, Kakashi", "warnings": "None", "tags": "hurt/comfort",
        "genres": "Romance, Drama", "series_index": "2", "series_total": "3",
        "published": "2008-05-01", "updated": "2009", "source_url": "https://example.com/s/1",
    }
    assert s.cover == str(tmp_path / "art" / "cover.png")
    assert s.disabled_rules == frozenset({"dashes"})
    assert s.hints.headings == frozenset({12, 40}) and s.hints.not_headings == frozenset({7})
    assert s.hints.chapter_titles == {2: "New title"}


def test_empty_sidecar_changes_nothing():
    s = _parse("")
    story = Story(title="T", chapters=(Chapter("", None, None, (("p",),)),), meta={"a": "b"})
    assert apply_sidecar(story, s) == story


def test_disable_all():
    assert _parse('[typography]\ndisable = "all"').disabled_rules == RULE_NAMES


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('titel = "x"', 'x.toml: titel: unknown key "titel" (did you mean "title"?)'),
        ("title = 3", "x.toml: title: expected a string, got an integer"),
        ('title = "  "', "x.toml: title: must not be empty"),
        ("authors = [1]", "x.toml: authors: item 1 is an integer, expected a string"),
        ("authors = {a = 1}",
         "x.toml: authors: expected a string or a list of strings, got a table"),
        ('language = "English language"',
         'x.toml: language: "English language" is not a language tag'),
        ('series_index = "two"', "x.toml: series_index: expected an integer from 1, got 'two'"),
        ("series_index = 0", "x.toml: series_index: expected an integer from 1, got 0"),
        ("published = 3.5", "x.toml: published: expected a date (2008-05-01), got a number"),
        ('[typography]\ndisable = ["smart"]', 'x.toml: typography.disable: unknown rule "smart"'),
        ('[typography]\nenable = ["dashes"]', 'x.toml: typography.enable: unknown key "enable"'),
        ('typography = "off"', "x.toml: typography: expected a table, got a string"),
        ("[structure]\nheadings = [0]", "x.toml: structure.headings: item 1 is 0, expected a line"),
        ('[structure]\nheadings = ["12"]', "x.toml: structure.headings: item 1 is '12'"),
        ("[structure]\nheadings = 12",
         "x.toml: structure.headings: expected a list of line numbers"),
        ("[structure]\nheadings = [3]\nnot_headings = [3]",
         "x.toml: structure: line 3 is in both headings and not_headings"),
        ("[structure]\nheading = [3]",
         'x.toml: structure.heading: unknown key "heading" (did you mean "headings"?)'),
        ('[chapters]\ntwo = "x"', "x.toml: chapters.two: expected a chapter number from 1"),
        ('[chapters]\n0 = "x"', "x.toml: chapters.0: expected a chapter number from 1"),
        ("[chapters]\n2 = 5", "x.toml: chapters.2: expected a string, got an integer"),
        ('[meta]\ntitle = "x"', 'x.toml: meta.title: "title" is not free metadata'),
        ("[meta]\nx = [1]", "x.toml: meta.x: expected a string, got a list"),
        ('cover = "nope.jpg"', 'x.toml: cover: cannot read "'),
    ],
)
def test_invalid_sidecars_name_the_file_and_key(toml, expected, tmp_path):
    with pytest.raises(ConfigError) as info:
        _parse(toml, tmp_path / "x.toml")
    assert str(info.value).replace(str(tmp_path) + "/", "").startswith(expected)
    assert info.value.exit_code == 4


def test_cover_must_be_an_image(tmp_path):
    (tmp_path / "c.jpg").write_text("not an image")
    with pytest.raises(ConfigError, match="not a PNG, JPEG or GIF"):
        _parse('cover = "c.jpg"', tmp_path / "x.toml")


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ('title = "a"\nauthors = ["b"]\nrating = T\n', "line 3, column 10: Invalid value"),
        ('title = "unterminated\n', "line 1, column 22: Illegal character"),
        ("[chapters]\n[chapters]\n", "line 2, column 10: Cannot declare"),
        ("authors = [\n", "at the end of the file: "),
    ],
)
def test_bad_toml_gives_line_and_column(toml, where, tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        read_sidecar(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}"), message
    assert message.endswith(")")  # a hint in parentheses


def test_non_utf8_sidecar(tmp_path):
    path = tmp_path / "x.toml"
    path.write_bytes(b'title = "ok"\nsummary = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="line 2: not UTF-8"):
        read_sidecar(path)


def test_sidecar_path():
    assert str(sidecar_path("stories/bounty.txt")) == "stories/bounty.toml"


def _story_file(tmp_path, text: str, sidecar: str | None = None):
    story = tmp_path / "my-story.txt"
    story.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "my-story.toml").write_text(sidecar, encoding="utf-8")
    return story


TEXT = "Some Title\n\nShe said \"no\" -- twice...\n\nIt was 1990-1995.\n"


def test_load_story_without_sidecar_typesets_and_detects_language(tmp_path):
    story = load_story(_story_file(tmp_path, TEXT))
    words = " ".join(story.chapters[0].paragraphs) + story.title
    assert "\u201cno\u201d \u2014 twice\u2026" in words
    assert "1990-1995" in words
    assert story.meta["source"] == "my-story.txt" and story.meta["encoding"] == "utf-8"
    assert story.meta["language"] == "en"


def test_load_story_sidecar_wins_and_is_recorded(tmp_path):
    sidecar = ('title = "Proper Title"\nauthors = "Jo"\nlanguage = "fr"\nrating = "M"\n'
               'summary = "A summary"\n[typography]\ndisable = ["dashes"]\n'
               '[chapters]\n1 = "The Start"\n')
    story = load_story(_story_file(tmp_path, TEXT, sidecar))
    assert story.title == "Proper Title" and story.authors == ("Jo",)
    assert story.meta["language"] == "fr" and story.meta["rating"] == "M"
    assert story.meta["summary"] == "A summary"
    assert story.chapters[0].title == "The Start"
    text = " ".join(story.chapters[0].paragraphs)
    # the sidecar's language drives the quotes: French guillemets with narrow spaces
    assert " -- " in text and "\u2026" in text and "\u00ab\u202fno\u202f\u00bb" in text
    sidecar_decisions = {d.what: d for d in story.decisions if "sidecar" in d.reason}
    assert {"title", "authors", "meta:language", "meta:rating", "chapter-title"} <= set(
        sidecar_decisions)
    assert sidecar_decisions["title"].text == "Proper Title"
    renames = [d for d in story.decisions if d.text == "The Start"]
    assert len(renames) == 1, "one rename, one decision"


def test_load_story_without_typography_keeps_straight_text(tmp_path):
    story = load_story(_story_file(tmp_path, TEXT), typography=False)
    assert any('"no" -- twice...' in p for p in story.chapters[0].paragraphs)


def test_rename_past_the_last_chapter_is_an_error(tmp_path):
    path = _story_file(tmp_path, TEXT, '[chapters]\n9 = "Nine"\n')
    with pytest.raises(ConfigError, match=r"chapters\.9: the story has only 1 chapter"):
        load_story(path)


def test_structure_line_past_the_end_is_an_error(tmp_path):
    path = _story_file(tmp_path, TEXT, "[structure]\nheadings = [500]\n")
    with pytest.raises(ConfigError, match=r"structure\.headings: line 500 is past the end"):
        load_story(path)


def test_structure_hints_reach_the_parser(tmp_path, monkeypatch):
    import bookmaker.load as assemble

    seen = {}

    def fake_parse(text, name="", hints=None, lang=None):
        seen["hints"] = hints
        return Story(title=name, chapters=(Chapter("", None, None, (("x",),)),))

    monkeypatch.setattr(assemble, "parse", fake_parse)
    load_story(_story_file(tmp_path, TEXT, "[structure]\nheadings = [3]\nnot_headings = [1]\n"))
    assert seen["hints"].headings == frozenset({3})
    assert seen["hints"].not_headings == frozenset({1})


def test_single_book_reads_the_sidecar_cover(tmp_path):
    (tmp_path / "cover.png").write_bytes(PNG)
    story = load_story(_story_file(tmp_path, TEXT, 'cover = "cover.png"\n'))
    book = single_book(story)
    assert book.cover == PNG
    assert book.language == "en"
