"""Decision codes: one catalogue, documented in docs/decisions.md, used by every decision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookmaker.parse import parse
from bookmaker.parse.codes import CODES, decision
from bookmaker.read.text import read_story_text

DOC = Path(__file__).resolve().parents[2] / "docs" / "decisions.md"
FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_catalogue_and_doc_agree() -> None:
    documented = re.findall(r"^\| `([a-z][a-z0-9._-]*)` \|", DOC.read_text(encoding="utf-8"), re.M)
    assert len(documented) == len(set(documented)), "a code listed twice"
    assert set(documented) == set(CODES)


def test_unknown_code_is_an_error() -> None:
    with pytest.raises(KeyError):
        decision("heading.no-such-code", 1, "why")


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/*.txt")), ids=lambda p: p.stem)
def test_every_parse_decision_has_a_catalogued_code(path: Path) -> None:
    story = parse(read_story_text(path).text, path.stem)  # decoded (a fixture is Shift_JIS)
    assert story.decisions
    assert all(d.code in CODES for d in story.decisions), [
        (d.what, d.code) for d in story.decisions if d.code not in CODES]


def test_codes_name_the_evidence() -> None:
    text = "Title: Lanterns\n\n1.\n\nThe first.\n\n* * *\n\nMore.\n\n2.\n\nThe second.\n"
    codes = [d.code for d in parse(text, "x").decisions]
    assert "heading.bare-sequence" in codes
    assert "break.ornament" in codes
    assert "title.label" in codes
