"""Fixture tests: small inputs with their expected structure (tests/fixtures/parse/*.txt).

Each fixture file holds cases::

    === case: NAME
    input text
    === expect
    {"chapters": [[label, title, number, scene count]], ...}

Only the keys given in the expectation are compared (see :func:`summary`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bookmaker.model import Story
from bookmaker.parse import parse
from bookmaker.parse.words import lost_words

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"


def load_cases() -> list:
    cases = []
    for path in sorted(FIXTURES.glob("*.txt")):
        chunks = path.read_text(encoding="utf-8").split("=== case: ")[1:]
        for chunk in chunks:
            head, expect = chunk.split("=== expect\n")
            name, text = head.split("\n", 1)
            cases.append(pytest.param(text, json.loads(expect), id=f"{path.stem}: {name}"))
    return cases


def summary(story: Story) -> dict:
    """A compact view of a Story to compare with fixture expectations."""

    def blocks(bs):
        return [[b.kind, b.label, b.text] for b in bs]

    return {
        "title": story.title,
        "authors": list(story.authors),
        "front": blocks(story.front_matter),
        "front_kinds": [b.kind for b in story.front_matter],
        "parts": [[p.title, p.first_chapter] for p in story.parts],
        "chapters": [[c.label, c.title, c.number, len(c.scenes)] for c in story.chapters],
        "scenes": [[list(s) for s in c.scenes] for c in story.chapters],
        "notes_before": [blocks(c.notes_before) for c in story.chapters],
        "notes_after": [blocks(c.notes_after) for c in story.chapters],
        "end": blocks(story.end_matter),
        "end_kinds": [b.kind for b in story.end_matter],
    }


@pytest.mark.parametrize(("text", "expected"), load_cases())
def test_fixture(text: str, expected: dict) -> None:
    story = parse(text, "file name")
    got = summary(story)
    for key, want in expected.items():
        assert got[key] == want, f"{key}: got {got[key]!r}"
    assert not lost_words(text, story)


def test_fixture_cases_exist() -> None:
    assert len(load_cases()) >= 40
