"""Property tests: on any text, parse never raises and loses no word."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookmaker.parse import ParseHints, parse
from bookmaker.parse.words import lost_words
from bookmaker.read.text import normalize
from tests.conftest import STORIES

SAMPLES = {p.name: normalize(p.read_text(encoding="utf-8"))[0]
           for p in sorted(STORIES.glob("*.txt"))}
# PARSE_EXAMPLES=5000 runs a longer search locally.
SETTINGS = settings(max_examples=int(os.environ.get("PARSE_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ingest turns these into LF; parse gets LF-only text
ODD_NEWLINES = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

# Lines that exercise the recognizers: headings, ornaments, labels, markers, prose.
PIECES = [
    "Chapter 1", "Chapter 2: The Fall", "*Chapter 3*", "Title: Chapter 4", "CHAPTER V.",
    "Prologue", "Epilogue", "~1~", "2.", "IV", "# Heading", "## Chapter 9", "Part One: Winter",
    "* * *", "***", "~~~", "#", "oOoOo", "xXx", "-o-o-o-", "-----", "_____", ":::::", "———",
    "Disclaimer: I don't own it.", "Summary:", "Full Summary- a tale", "A/N:", "A/N: thanks",
    "(A/N: hello)", "Rating: T", "Pairing(s): A/B", "kakashi x iruka", "Angst. Romance. PG.",
    "Italics – thoughts", "by Someone", "Author: Someone", "-TBC-", "The End", "[part one, end]",
    "to be continued", "Contents", "Chapter 5 of the manual said otherwise.", '"Two."', "Two.",
    "She walked home slowly, thinking about the rain and the day behind her.", "",
    "He smiled.", "Word Count: 500", "This is part 2 of a series.", "Clarity", "=====",
    # ordinal and capital headings, a number over its title, a letter's close, a credit
    "FIRST ACT", "Chapter the Third", "Second Chapter: x y.", "THE CANDY PULLING", "BUNK CITY.",
    " I.", " Introduction", "Chapter 4: a title that is long and ends in a full stop here.",
    "Your friend,", "“H.J.", "P.S.—more", "(Author's note, thanks.)", "COPYRIGHTED, 1896.",
    "Produced by A and B", "The Project Gutenberg eBook of X",
    "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
]


def _check(text: str, hints: ParseHints | None = None) -> None:
    story = parse(text, "fallback name", hints)
    if hints and hints.chapter_titles:  # renaming drops the old title on purpose
        assert story.chapters[0].title == hints.chapter_titles[1]
        return
    assert story.title
    if text.strip():
        assert story.chapters, "a non-empty text has at least one chapter"
    assert not lost_words(text, story), lost_words(text, story)
    for part in story.parts:
        assert 0 <= part.first_chapter < len(story.chapters)
    for chapter in story.chapters:
        assert all(scene for scene in chapter.scenes), "no empty scene"


@SETTINGS
@given(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters=ODD_NEWLINES),
               max_size=400))
def test_arbitrary_text_never_raises_and_loses_nothing(text):
    _check(text)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.lists(st.integers(0, 3), max_size=40))
def test_structured_lines_lose_nothing(pieces, gaps):
    text = "".join(p + "\n" * (1 + (gaps[i] if i < len(gaps) else 1))
                   for i, p in enumerate(pieces))
    _check(text)


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)), st.randoms(use_true_random=False),
       st.sampled_from(["shuffle", "drop", "duplicate", "blank"]))
def test_mutated_samples_lose_nothing(name, rnd: random.Random, how):
    lines = SAMPLES[name].split("\n")
    n = len(lines)
    a, b = sorted((rnd.randrange(n), rnd.randrange(n)))
    if how == "shuffle":
        chunk = lines[a:b + 1]
        rnd.shuffle(chunk)
        lines[a:b + 1] = chunk
    elif how == "drop":
        del lines[a:b + 1]
    elif how == "duplicate":
        lines[a:a] = lines[a:b + 1]
    else:
        lines[a:a] = [""] * rnd.randint(1, 4)
    _check("\n".join(lines))


@SETTINGS
@given(st.sampled_from(sorted(SAMPLES)), st.sets(st.integers(1, 700), max_size=8),
       st.sets(st.integers(1, 700), max_size=8))
def test_sidecar_hints_never_raise(name, heads, not_heads):
    hints = ParseHints(headings=frozenset(heads), not_headings=frozenset(not_heads),
                       chapter_titles={1: "Renamed"})
    _check(SAMPLES[name], hints)
