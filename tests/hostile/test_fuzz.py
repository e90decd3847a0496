"""Fuzzing: generated stories (random text and mutated samples) never crash the
parser, never lose a word, and a sample of them build EPUBs that EPUBCheck passes.

Bounded for CI; ``FUZZ_EXAMPLES=2000 FUZZ_EPUBS=100`` runs a longer search.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookmaker.bind import single_book
from bookmaker.build.book import render
from bookmaker.errors import InputError
from bookmaker.load import load_story
from bookmaker.parse.words import lost_words
from bookmaker.read.text import normalize
from tests.epubcheck_session import problems
from tests.hostile.corpus import SAMPLES
from tests.parse.test_parse_properties import PIECES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
EPUBS = int(os.environ.get("FUZZ_EPUBS", "12"))
WORK = Path(tempfile.mkdtemp(prefix="bookmaker-fuzz-"))
SAMPLE_LINES = [p.read_text(encoding="utf-8").splitlines() for p in SAMPLES]
STATS = {"stories": 0, "epubs": 0}

_line = st.one_of(
    st.sampled_from(PIECES),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=80),
    st.sampled_from(["<script>x</script>", "]]>", "{{ 7*7 }}", "{% raw %}", "&amp; &nbsp;",
                     "url(http://127.0.0.1:9/x)", '<img src="file:///etc/passwd">',
                     "\U0001F600 \u05e9\u05dc\u05d5\u05dd \u4f60\u597d", "\u202e\u200b\ufeff"]),
)


@st.composite
def stories(draw) -> str:
    """Random lines, or a sample with lines dropped, duplicated, shuffled or replaced."""
    if draw(st.booleans()):
        lines = draw(st.lists(_line, min_size=1, max_size=40))
        return "\n".join(lines) + "\n"
    rnd = random.Random(draw(st.integers(0, 2**32)))
    lines = list(rnd.choice(SAMPLE_LINES))
    for _ in range(draw(st.integers(1, 12))):
        i = rnd.randrange(len(lines))
        how = rnd.choice(["drop", "dup", "swap", "insert"])
        if how == "drop":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, draw(_line))
        if not lines:
            lines = ["x"]
    return "\n".join(lines) + "\n"


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(stories())
def test_fuzzed_story_parses_without_loss_and_renders(epubcheck, text):
    path = WORK / f"story{STATS['stories']}.txt"
    path.write_text(text, encoding="utf-8")
    STATS["stories"] += 1
    clean = normalize(text)[0]
    if not clean.strip():  # an empty story is a clear error, not a book
        with pytest.raises(InputError, match="empty"):
            load_story(path)
        return
    story = load_story(path, typography=False)
    assert not lost_words(clean, story)
    epub = render(single_book(load_story(path)), "epub")
    if STATS["epubs"] < EPUBS:
        out = WORK / f"book{STATS['epubs']}.epub"
        out.write_bytes(epub)
        epubcheck.submit("fuzz", out.name, out)
        STATS["epubs"] += 1


@pytest.mark.epubcheck
def test_sampled_fuzzed_epubs_pass_epubcheck(epubcheck):
    reports = epubcheck.reports("fuzz")
    bad = {n: problems(r)[:3] for n, r in reports.items() if problems(r)}
    print(f"fuzz: {STATS['stories']} stories, {len(reports)} EPUBs validated, {len(bad)} invalid")
    assert len(reports) == STATS["epubs"]
    assert not bad, bad
