"""WeasyPrint's layout runs at one frame-stack depth, whoever calls the PDF renderer."""

from __future__ import annotations

import contextvars
import resource
import threading
from pathlib import Path

import pytest

from bookmaker.bind import single_book
from bookmaker.errors import RenderError
from bookmaker.load import load_story
from bookmaker.model import BookOptions
from bookmaker.render.frame_stack import steady
from bookmaker.render.pdf import render_pdf

SAMPLE = Path(__file__).resolve().parents[2] / "stories" / "please-dont.txt"


def test_a_render_touches_as_many_fresh_pages_from_any_call_depth():
    """At some depths CPython 3.11 maps and unmaps a frame-stack chunk on each of millions
    of calls: fresh pages faulted in each time. Called from six depths, the old renderer
    faulted 749 to 2,898 pages on this book; one depth for the layout gives the same count."""
    book = single_book(load_story(SAMPLE), BookOptions())

    def faults_at(depth: int) -> int:
        if depth:
            return faults_at(depth - 1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        render_pdf(book)
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    faults_at(0)  # fonts and style sheets loaded once
    counts = [faults_at(depth) for depth in (0, 3, 7, 11, 19, 29)]
    assert max(counts) <= 1.25 * min(counts), counts


def test_the_run_has_a_thread_of_its_own_and_the_callers_context():
    where = contextvars.ContextVar("where", default="unset")
    where.set("the caller's")

    def run() -> tuple[str, str]:
        return threading.current_thread().name, where.get()

    name, seen = steady(run)
    assert name != threading.current_thread().name and seen == "the caller's"


def test_the_runs_error_is_raised_to_the_caller():
    def run() -> None:
        raise RenderError("no room on the page", path="book")

    with pytest.raises(RenderError, match="no room on the page"):
        steady(run)
