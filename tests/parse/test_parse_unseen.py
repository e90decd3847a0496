"""Stories of kinds the five samples do not cover, scored with the shared scorer.

Each ``tests/fixtures/unseen/NAME.txt`` has ``NAME.json``: its expected structure
in the format of ``../shared/expected`` (title, authors, chapters with labels,
titles, first and last words and scene breaks, parts, front and end matter
kinds, summary start), written by hand as a careful reader would see it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bookmaker.load import load_story
from bookmaker.parse import parse
from bookmaker.parse.words import lost_words
from bookmaker.read.text import read_story_text
from tests.conftest import SHARED

SCORER = SHARED / "tools" / "score_structure.py"
UNSEEN = Path(__file__).parents[1] / "fixtures" / "unseen"
EXPECTED = sorted(UNSEEN.glob("*.json"))
# Known failures: fixture stem -> why (the expectation stays the right answer).
XFAIL: dict[str, str] = {}

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared scorer not present")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_structure", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _params():
    return [pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(strict=True, reason=XFAIL[p.stem])]
                         if p.stem in XFAIL else []) for p in EXPECTED]


@pytest.mark.parametrize("expected", _params())
def test_unseen_structure(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    story = load_story(UNSEEN / want["file"])
    checks = _scorer().score_story(story.as_dict(), want)
    failed = [(name, detail) for name, ok, detail in checks if not ok]
    assert not failed
    assert len(checks) >= 10


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_unseen_loses_no_word(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    text = read_story_text(UNSEEN / want["file"]).text
    assert not lost_words(text, parse(text, expected.stem))


def test_unseen_fixtures_exist() -> None:
    assert len(EXPECTED) >= 8
    for p in EXPECTED:
        assert (UNSEEN / json.loads(p.read_text(encoding="utf-8"))["file"]).exists()
