"""Progress within one book: stages (read, layout, each page) on a terminal only."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from bookmaker.build.book import build_one
from bookmaker.build.plan import single_jobs
from bookmaker.cli import main
from bookmaker.report import showing_stages, stage, weasyprint_stage
from bookmaker.settings.project import Defaults
from tests.build.stories import STORY


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "small.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.mark.parametrize(("message", "expected"), [
    ("Step 5 - Creating layout - Page 3", "pdf: laying out page 3"),
    ("Step 5 - Creating layout - Page 12 (up-to-date)", "pdf: laying out page 12"),
    ("Step 5 - Creating layout - Repagination #1", "pdf: laying out"),
    ("Step 6 - Creating PDF", "pdf: drawing pages"),
    ("Step 1 - Fetching and parsing HTML - <string>", "pdf: reading the print HTML"),
    ("something else", None),
])
def test_weasyprint_progress_in_a_readers_words(message: str, expected: str | None) -> None:
    assert weasyprint_stage(message) == expected


def test_a_pdf_build_reports_its_stages_and_pages(story: Path, tmp_path: Path) -> None:
    logger = logging.getLogger("weasyprint.progress")
    before = (logger.level, logger.propagate, list(logger.handlers))
    seen: list[str] = []
    [job] = single_jobs([story], Defaults(), formats=["epub", "pdf"])
    with showing_stages(seen.append):
        outcome = build_one(0, job, str(tmp_path / "staging"))
    assert outcome.error is None
    assert seen[0] == "read, parse, typeset small.txt"
    assert "epub: layout and render" in seen and "pdf: layout and render" in seen
    assert "pdf: laying out page 1" in seen and "pdf: drawing pages" in seen
    assert seen.index("pdf: laying out page 1") < seen.index("pdf: drawing pages")
    assert (logger.level, logger.propagate, list(logger.handlers)) == before
    stage("after the build")  # no sink: nothing happens, nothing fails
    assert seen[-1] != "after the build"


def test_an_anthology_counts_its_stories(story: Path, tmp_path: Path) -> None:
    from bookmaker.build.plan import anthology_job
    from bookmaker.settings.project import Anthology

    other = tmp_path / "other.txt"
    other.write_text(STORY.replace("Small", "Other"), encoding="utf-8")
    job = anthology_job(Anthology(title="Both", stories=(story, other)), Defaults(),
                        formats=["epub"])
    seen: list[str] = []
    with showing_stages(seen.append):
        build_one(0, job, str(tmp_path / "staging"))
    assert seen[:2] == ["read, parse, typeset small.txt (1/2)",
                        "read, parse, typeset other.txt (2/2)"]


def test_no_stages_when_not_a_terminal(story: Path, capsys) -> None:
    assert main(["build", str(story), "-f", "epub"]) == 0
    err = capsys.readouterr().err
    assert "\x1b[K" not in err and "read, parse" not in err


@pytest.mark.parametrize("quiet", [False, True])
def test_stages_on_a_terminal_unless_quiet(story: Path, capsys, monkeypatch, quiet) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    args = ["-q"] if quiet else []
    assert main([*args, "build", str(story), "-f", "epub"]) == 0
    captured = capsys.readouterr()
    if quiet:
        assert "\x1b[K" not in captured.err and "read, parse" not in captured.err
    else:
        assert "read, parse, typeset small.txt" in captured.err
        assert captured.err.endswith("\r\x1b[K")  # the line is cleared at the end
        assert "Small Hours" in captured.out  # the summary table as before
