"""The Markdown reader: front matter, headings, emphasis, escapes, HTML inside Markdown,
footnotes; and .txt files that are clearly Markdown."""

from __future__ import annotations

import json

from bookmaker.load import load_story
from bookmaker.model import Text
from bookmaker.parse.words import lost_words
from bookmaker.read.choose import read_source
from bookmaker.read.markdown import looks_like_markdown, read_markdown
from tests.read import stories

FERRY = """---
title: The Ferry
author:
  - Ann Reed
  - Bo Lind
fandom: Original Work
language: en
---

## Chapter 1: Fog

She *never* said **so**, not <i>once</i>\\! The fare was 5\\*3 coins[^1].
It was late.

***

The ferry left at `noon`.

## Chapter End Notes

Thanks for reading.

[^1]: Fifteen, then.
"""


def _runs(value) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.text, r.marks) for r in getattr(value, "runs", ()) if r.marks]


def test_front_matter_headings_emphasis_escapes_and_footnotes(tmp_path):
    path = tmp_path / "ferry.md"
    path.write_text(FERRY, encoding="utf-8")
    story = load_story(path)
    assert story.title == "The Ferry" and story.authors == ("Ann Reed", "Bo Lind")
    assert story.meta["fandom"] == "Original Work" and story.meta["reader"] == "markdown"
    (chapter,) = story.chapters
    assert (chapter.label, chapter.title) == ("Chapter 1: Fog", "Fog")
    first = chapter.scenes[0][0]
    assert isinstance(first, Text)
    assert str(first).startswith("She never said so, not once! The fare was 5*3 coins1.")
    assert _runs(first)[:3] == [("never", ("em",)), ("so", ("strong",)), ("once", ("i",))]
    assert ("1", ("footnote",)) in _runs(first)
    assert len(chapter.scenes) == 2
    assert ("noon", ("code",)) in _runs(chapter.scenes[1][0])
    notes = " ".join(b.text for b in story.end_matter if b.kind == "notes")
    assert "Thanks for reading." in notes and "[1] Fifteen, then." in notes
    text = json.dumps(story.as_dict())
    assert "\\\\!" not in text and "<i>" not in text and "**" not in text


def test_lone_opening_h1_is_the_title_and_not_a_chapter():
    doc = read_markdown("# Night Train\n\n*Somewhere, 1990*\n\nThe train was late.\n")
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1


def test_lone_h1_title_keeps_an_italic_dateline_in_the_prose(tmp_path):
    path = tmp_path / "train.md"
    path.write_text("# Night Train\n\n*Somewhere, 1990*\n\nThe train was late. It was "
                    "*always* late, and everyone on the platform knew it.\n", encoding="utf-8")
    story = load_story(path)
    assert story.title == "Night Train"
    assert story.chapters[0].scenes[0][0] == "Somewhere, 1990"
    assert _runs(story.chapters[0].scenes[0][0]) == [("Somewhere, 1990", ("em",))]


def test_a_txt_that_is_clearly_markdown_is_read_as_markdown(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(stories.markdown().replace("---\ntitle", "---\ntitle", 1), encoding="utf-8")
    assert looks_like_markdown(path.read_text(encoding="utf-8"))
    assert read_source(path).reader == "markdown"


def test_plain_prose_is_not_markdown():
    assert not looks_like_markdown("It was a dark night.\n\n- she said, and left.\n\nThe end.\n")


def test_a_by_heading_under_the_title_is_the_author_not_a_chapter(tmp_path):
    path = tmp_path / "novel.md"
    path.write_text("# For the Priceless Treasures\n## by Vicky Steeves\n\n### Chapter 1\n\n"
                    "The walk was long and the road was dusty.\n\n### Chapter 2\n\n"
                    "The end came at last, and the house was there.\n", encoding="utf-8")
    story = load_story(path)
    assert story.title == "For the Priceless Treasures"
    assert story.authors == ("Vicky Steeves",)
    assert [c.label for c in story.chapters] == ["Chapter 1", "Chapter 2"]


def test_headings_with_no_text_before_the_first_chapter_are_front_matter(tmp_path):
    """A credit line and a section heading over a note, as Markdown headings: front matter,
    not empty chapters; and a 'by' heading after the text has begun is no byline."""
    path = tmp_path / "novel.md"
    path.write_text("# Pepper and Carrot\n## by CJ\n## Original story by David Revoy.\n"
                    "### Acknowledgements\nThis is a derivative of David Revoy's webcomic. The "
                    "copyright to the characters falls to David Revoy.\n\n"
                    "### Chapter 1: The Potion of Flight\n\nPepper stirred the pot.\n\n"
                    "## by the river\n\nCarrot slept by the river all day long.\n",
                    encoding="utf-8")
    story = load_story(path)
    assert story.authors == ("CJ",)
    assert [c.label for c in story.chapters] == ["Chapter 1: The Potion of Flight",
                                                  "by the river"]
    front = [p for b in story.front_matter for p in b.paragraphs]
    assert "Original story by David Revoy." in front and "Acknowledgements" in front
    assert any("derivative" in p for p in front)
    codes = {d.code for d in story.decisions}
    assert "front.empty-heading" in codes


_LONG = ("The hall was full and loud, and everyone was holding a drink while the speeches "
         "went on and on about the programme, the courses, the credits and the years ahead.")


def test_a_paragraph_a_line_export_keeps_its_paragraphs(tmp_path):
    """A word processor's Markdown puts each paragraph on one long line with no blank line
    between; CommonMark would join them, even into the quotation above."""
    path = tmp_path / "novel.md"
    path.write_text(f"# Novel\n\n## Chapter 1\n\n> Directed research, which is defended.\n"
                    f"“If everyone could listen!” Jay shouted. {_LONG}\n“Oh wow,” said Ruth. "
                    f"{_LONG}\n\n{_LONG}\n", encoding="utf-8")
    paragraphs = load_story(path).chapters[0].paragraphs
    assert [p[:12] for p in paragraphs] == ["Directed res", "“If everyone", "“Oh wow,” sa",
                                            "The hall was"]


def test_hand_wrapped_markdown_is_still_joined(tmp_path):
    path = tmp_path / "novel.md"
    path.write_text("# Novel\n\n## Chapter 1\n\nThe hall was full and loud.\nEveryone was "
                    "holding a drink.\nThe speeches went on.\n\nNext.\n", encoding="utf-8")
    paragraphs = load_story(path).chapters[0].paragraphs
    assert paragraphs[0] == ("The hall was full and loud. Everyone was holding a drink. "
                             "The speeches went on.")


def test_text_between_two_rules_at_the_top_is_text_not_lost_front_matter(tmp_path):
    """'---', prose, '---' opens like YAML front matter; when it is no YAML mapping it is the
    story's own text (it was dropped)."""
    path = tmp_path / "story.md"
    text = ("---\nShe left at dawn: the road was long.\n\nHe stayed.\n---\n\n## Chapter 1\n\n"
            "The walk was long.\n")
    path.write_text(text, encoding="utf-8")
    story = load_story(path, typography=False)
    assert not lost_words(text, story)
    assert [b.line for b in story.front_matter] == [2, 4]
    stated = tmp_path / "stated.md"
    stated.write_text("---\ntitle: A Walk\nauthor: Jane Doe\n---\n\n## Chapter 1\n\nIt was long.\n",
                      encoding="utf-8")
    story = load_story(stated)
    assert (story.title, story.authors) == ("A Walk", ("Jane Doe",))
