"""Edge cases: empty and huge inputs, many chapters, sidecar hints, decisions."""

from __future__ import annotations

import pytest

from bookmaker.parse import ParseHints, parse
from bookmaker.parse.words import lost_words


def test_empty_text_gives_no_chapters_and_the_file_name():
    # The CLI layer (ingest) rejects empty files with a clear error; parse itself
    # returns a Story with zero chapters.
    story = parse("", "My Story")
    assert story.chapters == () and story.title == "My Story"
    assert any(d.what == "empty" for d in story.decisions)


def test_whitespace_only_is_empty():
    story = parse("\n\n   \n\t\n", "")
    assert story.chapters == () and story.title == "Untitled"


def test_five_megabyte_single_line():
    text = "word " * 1_000_000
    story = parse(text, "big")
    assert len(story.chapters) == 1
    assert story.word_count == 1_000_000
    assert story.title == "big"


def test_five_thousand_chapters():
    body = "\n\n".join(f"Chapter {i}\n\nShe walked {i} miles before dawn." for i in range(1, 5001))
    text = f"Many Roads\n\n{body}\n"
    story = parse(text, "x")
    assert story.title == "Many Roads"
    assert len(story.chapters) == 5000
    assert [c.number for c in story.chapters] == list(range(1, 5001))
    assert story.chapters[-1].scenes == (("She walked 5000 miles before dawn.",),)
    assert not lost_words(text, story)


def test_sidecar_heading_and_not_heading_win():
    text = "Start\n\nThe Storm\n\nRain fell.\n\nChapter 2\n\nSun.\n\nChapter 3\n\nMoon.\n"
    story = parse(text, "x", ParseHints(headings=frozenset({3}), not_headings=frozenset({7})))
    assert [c.label for c in story.chapters] == ["The Storm", "Chapter 3"]
    assert story.chapters[0].scenes == (("Rain fell.", "Chapter 2", "Sun."),)
    sidecar = [d for d in story.decisions if d.reason == "sidecar"]
    assert {d.line for d in sidecar} == {3, 7}


def test_sidecar_chapter_title_renames():
    text = "Chapter 1: Old\n\nText.\n\nChapter 2\n\nMore.\n"
    story = parse(text, "x", ParseHints(chapter_titles={1: "New", 2: "Second"}))
    assert [(c.label, c.title) for c in story.chapters] == [
        ("Chapter 1: New", "New"), ("Chapter 2", "Second")]


def test_every_heading_decision_has_its_line():
    text = "Title Here\n\nChapter 1\n\nA.\n\n* * *\n\nB.\n\nChapter 2\n\nC.\n"
    story = parse(text, "x")
    chapters = [(d.line, d.text) for d in story.decisions if d.what == "chapter"]
    assert chapters == [(3, "Chapter 1"), (11, "Chapter 2")]
    assert [(d.line, d.text) for d in story.decisions if d.what == "scene-break"] == [(7, "* * *")]


def test_preview_heading_at_the_end_is_end_matter():
    text = "Chapter 1\n\nShe ran.\n\nChapter 2\n\nHe ran.\n\nNext time: Chapter 3 - The Fall\n"
    story = parse(text, "x")
    assert len(story.chapters) == 2
    assert story.end_matter[-1].text == "Next time: Chapter 3 - The Fall"


@pytest.mark.parametrize("after", ["", "\n* * *\n"])
def test_a_last_heading_with_nothing_after_it_is_end_matter_once(after):
    text = ("Novel\n\nChapter 1\n\nThe walk was long and the road was dusty.\n\n"
            f"They went home.\n\nChapter 2\n{after}")
    story = parse(text, "x")
    assert [c.label for c in story.chapters] == ["Chapter 1"]
    assert [b.text for b in story.end_matter] == ["Chapter 2"]
    assert story.chapters[0].paragraphs[-1] == "They went home."
    assert not lost_words(text, story)


def test_prose_before_the_first_heading_is_an_opening_chapter():
    text = ("The war had ended long ago.\n\nNobody remembered why.\n\n"
            "Except her.\n\nChapter 1\n\nShe woke.\n")
    story = parse(text, "x")
    assert [c.label for c in story.chapters] == ["", "Chapter 1"]
    assert story.chapters[0].scenes[0][0] == "The war had ended long ago."


def test_part_without_chapters_is_a_chapter():
    text = "Part 1\n\nSnow.\n\nPart 2\n\nRain.\n"
    story = parse(text, "x")
    assert story.parts == ()
    assert [c.label for c in story.chapters] == ["Part 1", "Part 2"]


@pytest.mark.parametrize("letter", ["ı", "K", "ıv"])  # dotless i, Kelvin sign
def test_letters_that_case_fold_to_roman_digits_are_not_numerals(letter):
    text = f"{letter}\n\nSome prose after it.\n"
    story = parse(text, "x")  # raised KeyError before
    assert not lost_words(text, story)


def _numbered(*headings: str) -> str:
    body = "The walk was long and the road was dusty and the sun was hot on their backs."
    return "Smith\n\n" + "".join(f"{h}\n\n{body}\n\n" for h in headings)


def test_a_heading_the_sequence_misses_is_taken_back_whatever_its_title():
    """Chapter 4's long title ends like a sentence; between 3 and 5 it is still Chapter 4."""
    text = _numbered("Chapter 3: Research",
                     "Chapter 4: 1320, from the letters of Jen Snuth. Modernized for clarity.",
                     "Chapter 5: Case Mod")
    story = parse(text, "x")
    assert [c.number for c in story.chapters] == [3, 4, 5]
    assert story.chapters[1].title == "1320, from the letters of Jen Snuth. Modernized for clarity"
    assert "heading.sequence-gap" in {d.code for d in story.decisions}


def test_a_sentence_is_no_heading_when_the_sequence_has_no_gap():
    text = _numbered("Chapter 3: Research", "Chapter 4: Home", "Chapter 5: Case Mod")
    text = text.replace("Chapter 4: Home\n\n",
                        "Chapter 4: Home\n\nChapter 4: 1320, from the letters of Jen Snuth. "
                        "Modernized for clarity.\n\n")
    story = parse(text, "x")
    assert [c.number for c in story.chapters] == [3, 4, 5]
    assert story.chapters[1].title == "Home"


def test_a_number_the_headings_skip_is_reported():
    story = parse(_numbered("Chapter 5: Five", "hapter 6: Six", "Chapter 7: Seven"), "x")
    assert [c.number for c in story.chapters] == [5, 7]
    missing = [d for d in story.decisions if d.code == "heading.sequence-missing"]
    assert len(missing) == 1 and "no heading numbered 6" in missing[0].reason


@pytest.mark.parametrize("note", [
    "(Author's note, find a way to say the witch is called Pepper.)",
    "A/N, thanks to everyone who read this far.",
    "**Author's note, find a way to say the witch is called Pepper.**"])
def test_an_authors_note_before_a_comma_is_a_note(note):
    text = ("Chapter 1\n\nPepper stirred the pot and the potion hissed and rose.\n\n"
            f"{note}\n\nChapter 2\n\nCarrot slept by the fire all the long afternoon.\n")
    story = parse(text, "x")
    assert [b.kind for b in story.chapters[0].notes_after] == ["notes"]
    assert story.chapters[0].paragraphs == ("Pepper stirred the pot and the potion hissed and "
                                            "rose.",)


def test_a_note_before_a_comma_is_prose():
    text = ("Chapter 1\n\nPepper stirred the pot.\n\nNote, however, that the potion was "
            "already boiling over.\n\nChapter 2\n\nCarrot slept by the fire.\n")
    assert len(parse(text, "x").chapters[0].paragraphs) == 2


_GUTENBERG = """The Project Gutenberg eBook of The Time Machine

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions.

Title: The Time Machine

Author: H. G. Wells

Language: English

*** START OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***



The Time Machine

An Invention

by H. G. Wells




 I.
 Introduction


The Time Traveller was expounding a recondite matter to us. His pale grey eyes shone.




 II.
 The Machine


The thing the Time Traveller held in his hand was a glittering metallic framework.

*** END OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***
"""


def test_the_title_the_publishers_header_names_is_the_title_line():
    """The header's 'The Project Gutenberg eBook of The Time Machine' names the title line;
    it does not rule it out as naming something else (the subtitle was taken)."""
    story = parse(_GUTENBERG, "pg35")
    assert story.title == "The Time Machine"
    assert story.authors == ("H. G. Wells",)


def test_a_number_with_a_heading_word_under_it_is_one_heading():
    """' I.' over ' Introduction': chapter I titled Introduction, like II over The Machine."""
    story = parse(_GUTENBERG, "pg35")
    assert [(c.label, c.title, c.number) for c in story.chapters] == [
        ("I. Introduction", "Introduction", 1), ("II. The Machine", "The Machine", 2)]


def test_a_letters_closing_signature_and_postscript_are_set_apart_not_scene_breaks():
    """Jekyll's letter: 'Your friend,', '"H.J.' and a '"P.S.—' paragraph, each set apart by
    two blank lines; then the story goes on. A real wide gap elsewhere is still a break."""
    prose = ("I rose accordingly from table, got into a hansom, and drove straight to his "
             "house, where the butler was awaiting my arrival.")
    many = "\n\n".join([prose] * 15)
    text = (f"Chapter 1\n\n{many}\n\n“Serve me, my dear Lanyon.\n\n“Your friend,"
            "\n\n\n“H.J.\n\n\n“P.S.—I had already sealed this up when a fresh terror struck "
            f"upon my soul.”\n\n\nUpon the reading of this letter, I made sure.\n\n{many}"
            f"\n\n\nNext day.\n\n{many}\n")
    story = parse(text, "x")
    assert [len(s) for s in story.chapters[0].scenes] == [35, 16]
    assert story.chapters[0].scenes[1][0] == "Next day."


@pytest.mark.parametrize("heading,number,kind", [
    ("CHAPTER THE FIRST", 1, "chapter"), ("Chapter the Twenty-Second", 22, "chapter"),
    ("Book the First—Recalled to Life", 1, "part"), ("SECOND ACT", 2, "part"),
    ("First Chapter", 1, "chapter"), ("The Third Part", 3, "part")])
def test_ordinal_headings(heading, number, kind):
    """Older books number in words: 'Chapter the First', 'Book the First', 'Second Act'."""
    from bookmaker.parse.headings import match_heading

    m = match_heading(heading)
    assert m is not None and (m.number, m.kind) == (number, kind)


def test_ordinal_words_in_a_sentence_are_no_heading():
    from bookmaker.parse.headings import match_heading

    assert match_heading("First chapter of my life was hard.") is None
    assert match_heading("The second act was worse than the first.") is None
    assert match_heading("The first chapter.") is None  # a sentence, not "The First Chapter"


def test_a_play_in_acts():
    body = "JACK. How are you, my dear Ernest? What brings you up to town?"
    text = "".join(f"\n\n\n\n{n} ACT\n\n{body}\n\n{body}\n" for n in ("FIRST", "SECOND", "THIRD"))
    story = parse("The Importance of Being Earnest\n" + text, "earnest")
    assert [c.number for c in story.chapters] == [1, 2, 3]


_SECTION = ("Do you sometimes forget and wound the hearts of your children with frowns and "
            "the dagger of cruel words, and sometimes with a blow? Then think of the day "
            "when the little ones are gone and the house is still, and the old cradle stands "
            "empty in the corner.")


def _capital_titled(titles: list[str], gap: str = "\n\n\n\n\n") -> str:
    body = f"{_SECTION}\n\n" * 5
    return "Tales\n\nby Robert Taylor\n\n" + "".join(f"{gap}{t}\n\n{body}" for t in titles)


def test_titles_in_capitals_set_apart_by_wide_gaps_are_the_chapters():
    """A collection whose sections open with a title in capitals after four blank lines,
    no word or number in them (a real Gutenberg book had its 45 in one chapter)."""
    titles = ["CHERISH THE LITTLE ONES.", "THE CANDY PULLING", "BUNK CITY.",
              "THE DREAM OF GOD."]
    story = parse(_capital_titled(titles), "tales")
    assert [c.title for c in story.chapters] == ["CHERISH THE LITTLE ONES", "THE CANDY PULLING",
                                                 "BUNK CITY", "THE DREAM OF GOD"]
    assert {d.code for d in story.decisions} >= {"heading.capitals"}


def test_capital_lines_are_no_headings_without_the_wide_gap_or_beside_worded_headings():
    titles = ["CHERISH THE LITTLE ONES.", "THE CANDY PULLING", "BUNK CITY.", "THE DREAM"]
    assert len(parse(_capital_titled(titles, gap=""), "tales").chapters) == 1
    worded = _capital_titled(titles).replace("THE CANDY PULLING", "Chapter 2")
    assert [c.label for c in parse(worded, "tales").chapters][-1] == "Chapter 2"


def test_a_produced_by_credit_over_several_short_lines_is_the_headers():
    text = _GUTENBERG.replace(
        "*** START OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***\n",
        "*** START OF THE PROJECT GUTENBERG EBOOK THE TIME MACHINE ***\n\n\n\n\n"
        "Produced by David Garcia and the Online Distributed\nProofreading Team at "
        "http://www.pgdp.net (This file was\nproduced from images generously made "
        "available by The\nKentuckiana Digital Library)\n")
    story = parse(text, "pg35")
    assert story.title == "The Time Machine"
    assert not any("Proofreading" in p for c in story.chapters for p in c.paragraphs)
    assert not any("Proofreading" in p for b in story.front_matter[1:] for p in b.paragraphs)


def test_an_ordinal_first_line_in_a_numbered_gap_is_no_crash_and_no_heading():
    story = parse(_numbered("Chapter 3: Research", "Second Chapter: a long title that ends "
                            "like a sentence of many words.", "Chapter 5: Case Mod"), "x")
    assert [c.number for c in story.chapters] == [3, 5]


@pytest.mark.parametrize("heading", ["PART ONE", "FIRST ACT", "BOOK THE FIRST"])
def test_a_parts_title_on_the_line_under_it_is_kept(heading):
    text = (f"{heading}\n\nTHE CANDY PULLING\n\nChapter 1\n\nThe walk was long and the road "
            "was dusty.\n\nChapter 2\n\nThe end came at last.\n")
    story = parse(text, "x")
    assert [p.title for p in story.parts] == [f"{heading} THE CANDY PULLING"]
    assert not lost_words(text, story)


_TWO_TITLES = """Title: The Lantern
Author: Someone

Title: {second}

Chapter 1

She walked to the harbour and looked at the water for a long time before speaking.

Chapter 2

The second chapter begins here with more words than before, and it goes on.
"""


def test_a_second_title_label_naming_another_title_is_kept_and_the_first_names_the_story():
    # the later 'Title:' line used to replace the first: "The Lantern" was lost
    story = parse(_TWO_TITLES.format(second="Another Name Entirely"), "two")
    assert story.title == "The Lantern"
    assert [b.paragraphs for b in story.front_matter] == [("Title: Another Name Entirely",)]
    assert any(d.code == "front.second-title" and d.line == 4 for d in story.decisions)
    assert not lost_words(_TWO_TITLES.format(second="Another Name Entirely"), story)


def test_a_title_label_repeating_the_first_is_dropped_with_a_decision():
    story = parse(_TWO_TITLES.format(second="the lantern."), "two")
    assert story.title == "The Lantern" and story.front_matter == ()
    assert any(d.code == "title.label-repeated" and d.line == 4 for d in story.decisions)
