"""Sidecar corrections: the keys a person would write, comments kept, never an invalid file;
and the new keys ([structure] breaks/not_breaks, [blocks]) honoured by the parser."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bookmaker.errors import ConfigError
from bookmaker.parse import parse
from bookmaker.parse.hints import ParseHints
from bookmaker.review import edits
from bookmaker.settings.sidecar import parse_sidecar

HAND_WRITTEN = """# corrections for lanterns.txt
title = "Lanterns"  # the site had it in capitals

[structure]
headings = [40]  # the heading the parser missed
"""


def test_comments_and_order_survive(tmp_path: Path) -> None:
    side = tmp_path / "s.toml"
    side.write_text(HAND_WRITTEN, encoding="utf-8")
    edits.set_heading(side, 12, True)
    edits.set_block_kind(side, 5, "summary")
    edits.set_fields(side, series="Lamps")
    text = side.read_text(encoding="utf-8")
    assert "# corrections for lanterns.txt" in text
    assert "# the site had it in capitals" in text
    data = tomllib.loads(text)
    assert data["structure"]["headings"] == [12, 40]
    assert data["blocks"] == {"5": "summary"}
    assert data["series"] == "Lamps" and data["title"] == "Lanterns"


def test_yes_and_no_exclude_each_other(tmp_path: Path) -> None:
    side = tmp_path / "s.toml"
    edits.set_break(side, 9, True)
    edits.set_break(side, 9, False)
    edits.set_heading(side, 3, False)
    assert tomllib.loads(side.read_text())["structure"] == {"not_breaks": [9],
                                                           "not_headings": [3]}


def test_empty_values_remove_keys(tmp_path: Path) -> None:
    side = tmp_path / "s.toml"
    edits.set_fields(side, title="X", authors=["A"])
    edits.rename_chapter(side, 1, "One")
    edits.set_fields(side, title="", authors=[])
    edits.rename_chapter(side, 1, "")
    assert tomllib.loads(side.read_text()) == {}


def test_an_edit_that_would_break_the_sidecar_is_not_written(tmp_path: Path) -> None:
    side = tmp_path / "s.toml"
    side.write_text(HAND_WRITTEN, encoding="utf-8")
    with pytest.raises(ConfigError):
        edits.set_block_kind(side, 5, "poem")
    with pytest.raises(ConfigError):
        edits.rename_chapter(side, 0, "Zero")
    assert side.read_text(encoding="utf-8") == HAND_WRITTEN


def test_sidecar_schema_of_the_new_keys() -> None:
    sc = parse_sidecar({"structure": {"breaks": [4], "not_breaks": [7]},
                        "blocks": {"5": "notes"}}, "s.toml")
    assert sc.hints.breaks == {4} and sc.hints.not_breaks == {7}
    assert sc.hints.block_kinds == {5: "notes"}
    for bad in ({"structure": {"breaks": [4], "not_breaks": [4]}},
                {"blocks": {"x": "notes"}}, {"blocks": {"5": "poem"}},
                {"structure": {"breaks": "4"}}):
        with pytest.raises(ConfigError):
            parse_sidecar(bad, "s.toml")


TEXT = """Title: Lanterns

A summary of the story that is long enough to be read as one.

Chapter 1

The first scene.

* * *

The second scene.

A third paragraph, which the sidecar says starts a scene.

Chapter 2

The end came slowly, as the lamps went out one by one along the river.
"""


def _scenes(hints: ParseHints) -> list[int]:
    return [len(ch.scenes) for ch in parse(TEXT, "x", hints).chapters]


def test_breaks_are_honoured() -> None:
    assert _scenes(ParseHints()) == [2, 1]
    assert _scenes(ParseHints(breaks=frozenset({13}))) == [3, 1]
    story = parse(TEXT, "x", ParseHints(not_breaks=frozenset({9})))
    assert [len(ch.scenes) for ch in story.chapters] == [1, 1]
    assert "* * *" in story.chapters[0].scenes[0]  # kept as text, not lost
    assert any(d.code == "break.not-sidecar" and d.line == 9 for d in story.decisions)


def test_block_kinds_are_honoured() -> None:
    plain = parse(TEXT, "x")
    assert [b.kind for b in plain.front_matter if b.line == 3] == ["summary"]
    story = parse(TEXT, "x", ParseHints(block_kinds={3: "notes"}))
    assert [b.kind for b in story.front_matter if b.line == 3] == ["notes"]
    assert any(d.code == "block.sidecar" and d.line == 3 for d in story.decisions)
    prose = parse(TEXT, "x", ParseHints(block_kinds={3: "prose"}))
    assert not [b for b in prose.front_matter if b.line == 3]
    assert prose.chapters[0].scenes[0][0].startswith("A summary of the story")


MARKDOWN = """# Lanterns

A summary of the story that is long enough to be read as one, surely.

## Chapter 1

The first scene is here, and it goes on for a while.

The second scene starts here.

## Chapter 2

The end came slowly, as the lamps went out one by one along the river.
"""


def test_breaks_reach_a_markdown_story_by_its_source_lines(tmp_path: Path) -> None:
    from bookmaker.load import load_story

    story = tmp_path / "lanterns.md"
    story.write_text(MARKDOWN, encoding="utf-8")
    assert [len(ch.scenes) for ch in load_story(story).chapters] == [1, 1]
    (tmp_path / "lanterns.toml").write_text("[structure]\nbreaks = [9]\n", encoding="utf-8")
    assert [len(ch.scenes) for ch in load_story(story).chapters] == [2, 1]
