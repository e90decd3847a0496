"""Typography rules: a fixture table of input -> expected output, traps included."""

from __future__ import annotations

import pytest

from bookmaker import typography
from bookmaker.model import Block, Chapter, Part, Story
from bookmaker.typography import RULE_NAMES, RULES, smarten, typeset

# (input, expected) with straight quotes in, curly out. “ ” ‘ ’ — – …
CASES: list[tuple[str, str]] = [
    # double quotes
    ('"Hello," she said.', "\u201cHello,\u201d she said."),
    ('He said "no" and left.', "He said \u201cno\u201d and left."),
    ('"Take them out!"', "\u201cTake them out!\u201d"),
    ('"Wait—" "What?"', "\u201cWait\u2014\u2060\u201d \u201cWhat?\u201d"),  # word joiner
    ('She said,"Hi."', "She said,\u201cHi.\u201d"),
    ('("quoted")', "(\u201cquoted\u201d)"),
    ('*"Italic speech"*', "*\u201cItalic speech\u201d*"),
    ('""', "\u201c\u201d"),
    # multi-paragraph speech: the paragraph opens a quote and does not close it
    ('"I walked for miles.', "\u201cI walked for miles."),
    ('"And then I stopped."', "\u201cAnd then I stopped.\u201d"),
    # apostrophes and elisions
    ("don't can't it's", "don\u2019t can\u2019t it\u2019s"),
    ("Naruto's desk and the dogs' bones", "Naruto\u2019s desk and the dogs\u2019 bones"),
    ("Get 'em!", "Get \u2019em!"),
    ("Wait 'til morning", "Wait \u2019til morning"),
    ("'Tis the season", "\u2019Tis the season"),
    ("back in the '90s", "back in the \u201990s"),
    ("the class of '99.", "the class of \u201999."),
    ("rock 'n' roll", "rock \u2019n\u2019 roll"),
    ("'Cause I said so", "\u2019Cause I said so"),
    ("runnin' late", "runnin\u2019 late"),
    # single-quoted thoughts, nested quotes
    ("'Oh Kami\u2026that plan went swimmingly.'",
     "\u2018Oh Kami\u2026that plan went swimmingly.\u2019"),
    ("'I'd rather walk all the way home.'", "\u2018I\u2019d rather walk all the way home.\u2019"),
    ("'Is it possible?' she thought.", "\u2018Is it possible?\u2019 she thought."),
    ('"He said \'hi\' to me."', "\u201cHe said \u2018hi\u2019 to me.\u201d"),
    ('"\'Hi,\' he said," she told me.', "\u201c\u2018Hi,\u2019 he said,\u201d she told me."),
    ("She whispered, 'no.'", "She whispered, \u2018no.\u2019"),
    # dashes
    ("I was--", "I was\u2014"),
    ("word--word", "word\u2014word"),
    ("word -- word", "word \u2014 word"),
    ("word --- word", "word \u2014 word"),
    ("Wait - what?", "Wait \u2014 what?"),
    ("pages 10--20", "pages 10\u201320"),
    ("a well-known ten-fold copy-nin", "a well-known ten-fold copy-nin"),
    ("from 1990-1995", "from 1990-1995"),
    ("5 - 3 = 2", "5 - 3 = 2"),
    ("- a list item", "- a list item"),
    ("----------", "----------"),
    ("-o-o-o-", "-o-o-o-"),
    # ellipses
    ("Well...", "Well\u2026"),
    ("Yea...yeah", "Yea\u2026yeah"),
    ("So . . . what?", "So \u2026 what?"),
    ("The end....", "The end\u2026."),
    ("version 1.2.3 costs $4.50", "version 1.2.3 costs $4.50"),
    # protected: URLs, e-mail, feet and inches, inches
    ("see http://a--b.com/x...y for more", "see http://a--b.com/x...y for more"),
    ('"Go to https://example.com/a--b..." he said',
     "\u201cGo to https://example.com/a--b\u2026\u201d he said"),
    ("visit www.some-site.com/it's--here.", "visit www.some-site.com/it's--here."),
    ("mail jo--e.o'neil@mail-host.co.uk...", "mail jo--e.o'neil@mail-host.co.uk\u2026"),
    ("He is 5'10\" tall.", "He is 5'10\" tall."),
    ("a 12\" ruler", "a 12\" ruler"),
    ('"I counted to 10" she said', "\u201cI counted to 10\u201d she said"),
    # plain text untouched
    ("Nothing to do here.", "Nothing to do here."),
    ("", ""),
]


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_smarten(source, expected):
    assert smarten(source) == expected


def test_no_straight_quotes_left_in_ordinary_prose():
    text = smarten('"It\'s fine," Kakashi said. \'Is it?\' Iruka wondered... "Yes--really."')
    assert "'" not in text and '"' not in text and "--" not in text and "..." not in text


def test_rules_are_named_ordered_and_individually_switchable():
    assert [r.name for r in RULES] == ["ellipses", "dashes", "double-quotes", "single-quotes",
                                       "language-quotes", "dialogue-dashes", "word-joiners",
                                       "french-spacing"]
    source = "\"Don't--wait...\""
    assert smarten(source, frozenset({"dashes"})) == "\u201cDon\u2019t--wait\u2026\u201d"
    assert smarten(source, frozenset({"ellipses"})) == "\u201cDon\u2019t\u2014wait...\u201d"
    assert smarten(source, frozenset({"double-quotes"})) == "\"Don\u2019t\u2014wait\u2026\""
    assert smarten(source, frozenset({"single-quotes"})) == "\u201cDon't\u2014wait\u2026\u201d"
    assert smarten(source, RULE_NAMES) == source


def test_rule_apply_protects_urls_on_its_own():
    dashes = next(r for r in RULES if r.name == "dashes")
    assert dashes.apply("at http://a--b.com -- now") == "at http://a--b.com \u2014 now"


@pytest.mark.parametrize("text", [
    "mail jo--al@ex-ample.com -- now", "www.a--b.org -- now", "he is 5'11\" -- tall",
    "ftp://x/y--z -- now", "plain -- text 'with' \"quotes\" only",
    "odd \U000f0000 char -- and http://x.y/a--b", "caf\u00e9 -- 5'11 -- @home"])
def test_every_kind_of_protected_span_is_found_by_the_quick_check(text, monkeypatch):
    # The quick check only skips the full protection pattern: results must be the same.
    quick = smarten(text)
    monkeypatch.setattr(typography, "_may_protect", lambda text: True)
    assert smarten(text) == quick


def test_unknown_rule_name_is_an_error():
    with pytest.raises(ValueError, match="nonsense"):
        smarten("x", frozenset({"nonsense"}))


def test_placeholder_characters_in_the_text_survive():
    text = "odd \U000f0000 char -- and http://x.y/a--b"
    assert smarten(text) == "odd \U000f0000 char \u2014 and http://x.y/a--b"


def _story() -> Story:
    note = Block("notes", "A/N", ("Thanks--really...",), line=1)
    return Story(
        title="Don't Go",
        authors=("Jo O'Neil",),
        front_matter=(Block("summary", "Summary", ('"Hi," he said.',), line=2),),
        parts=(Part("Part 'One'", 0, line=3),),
        chapters=(Chapter("Chapter 1: 'Til Then", "'Til Then", 1, (("It's--", "Well..."),),
                          notes_before=(note,), notes_after=(note,), line=4),),
        end_matter=(Block("end-marker", "", ("-TBC-",)), note),
        meta={"source": "it's--file.txt"},
    )


def test_typeset_touches_every_text_field_and_returns_a_new_story():
    story = _story()
    out = typeset(story)
    assert story.title == "Don't Go"  # the input is untouched
    assert out.title == "Don\u2019t Go"
    assert out.authors == ("Jo O\u2019Neil",)
    assert out.front_matter[0].paragraphs == ("\u201cHi,\u201d he said.",)
    assert out.parts[0].title == "Part \u2018One\u2019"
    ch = out.chapters[0]
    assert ch.label == "Chapter 1: \u2019Til Then" and ch.title == "\u2019Til Then"
    assert ch.scenes == (("It\u2019s\u2014", "Well\u2026"),)
    assert ch.notes_before[0].paragraphs == ("Thanks\u2014really\u2026",)
    assert ch.notes_after[0].paragraphs == ("Thanks\u2014really\u2026",)
    assert out.end_matter[0].paragraphs == ("-TBC-",)
    assert out.end_matter[1].paragraphs == ("Thanks\u2014really\u2026",)
    assert out.meta == {"source": "it's--file.txt"}
    assert ch.line == 4 and out.front_matter[0].line == 2


def test_typeset_with_rules_disabled():
    out = typeset(_story(), frozenset({"single-quotes"}))
    assert out.title == "Don't Go"
    assert out.chapters[0].scenes[0] == ("It's\u2014", "Well\u2026")
    assert typeset(_story(), RULE_NAMES) == _story()
