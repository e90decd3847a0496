"""render_pdf runs the garbage collector less often while WeasyPrint lays out, then restores it."""

from __future__ import annotations

import gc

import pytest

from bookmaker.render import pdf


def test_thresholds_are_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with pdf._fewer_collections():
        inside = gc.get_threshold()
    assert inside[0] >= 100_000 and all(i >= b for i, b in zip(inside, before, strict=True))
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_rendering_fails(monkeypatch):
    before = gc.get_threshold()
    seen = []

    class Broken:
        def __init__(self, **_kw):
            seen.append(gc.get_threshold())

        def render(self, **_kw):  # laying out fails
            raise ValueError("boom")

    monkeypatch.setattr(pdf.weasyprint, "HTML", Broken)
    from bookmaker.errors import RenderError
    from bookmaker.model import Book, Chapter, Story

    story = Story(title="T", chapters=(Chapter(label="", title=None, number=None,
                                               scenes=(("Some words.",),)),))
    with pytest.raises(RenderError):
        pdf.render_pdf(Book(title="T", stories=(story,)))
    assert seen and seen[0][0] >= 100_000
    assert gc.get_threshold() == before
