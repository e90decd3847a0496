"""The five samples end to end against ../shared/expected, with the shared scorer."""

from __future__ import annotations

import importlib.util
import json

import pytest

from bookmaker.load import load_story
from bookmaker.parse import parse
from bookmaker.parse.words import lost_words
from bookmaker.read.text import read_story_text
from tests.conftest import SHARED

SCORER = SHARED / "tools" / "score_structure.py"
EXPECTED = sorted((SHARED / "expected").glob("*.json")) or [SHARED / "expected" / "absent.json"]

pytestmark = pytest.mark.skipif(not SCORER.exists() or not EXPECTED,
                                reason="../shared scorer or expected files not present")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_structure", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_sample_structure(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    story = load_story(SHARED / "stories" / want["file"])
    checks = _scorer().score_story(story.as_dict(), want)
    failed = [(name, detail) for name, ok, detail in checks if not ok]
    assert not failed
    assert len(checks) >= 10


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_sample_loses_no_word_and_explains_itself(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    text = read_story_text(SHARED / "stories" / want["file"]).text
    story = parse(text, "sample")
    assert not lost_words(text, story)
    whats = {d.what for d in story.decisions}
    assert "title" in whats
    assert all(d.reason for d in story.decisions)
    lines = [d.line for d in story.decisions]
    assert lines == sorted(lines), "decisions are in source order"
    breaks = [d for d in story.decisions if d.what == "scene-break"]
    assert len(breaks) == sum(len(c.scenes) - 1 for c in story.chapters)
    assert all(text.split("\n")[d.line - 1].strip() for d in breaks if d.line)


def test_sample_parse_is_deterministic():
    text = read_story_text(SHARED / "stories" / json.loads(
        EXPECTED[0].read_text(encoding="utf-8"))["file"]).text
    assert parse(text, "x") == parse(text, "x")


def test_shared_scorer_script_prints_full_marks():
    """The scorer run as a user runs it, through the real `inspect --json` command."""
    import shlex
    import subprocess
    import sys

    cmd = f"{shlex.quote(sys.executable)} -m bookmaker inspect --json"
    proc = subprocess.run([sys.executable, str(SCORER), "--stories", str(SHARED / "stories"),
                           "--expected", str(SHARED / "expected"), "--cmd", cmd],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "structure: 100.0%" in proc.stdout
