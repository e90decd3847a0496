"""`bookmaker review` from the command line: prints its address, serves, stops on Ctrl-C;
a bad argument is one `Error:` line."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from bookmaker.cli import main
from tests.review.conftest import STORY, Served

STARTUP = 30.0
"""Seconds the command may take to print its address."""


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(timeout=0.2):
            return proc.stdout.readline()
        if proc.poll() is not None:
            break
    return ""


def test_review_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    story = tmp_path / "lanterns.txt"
    story.write_text(STORY, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bookmaker", "review", str(story), "--no-browser",
         "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = _first_line(proc, STARTUP)
        m = re.search(r"(http://127\.0\.0\.1:(\d+)/[\w-]+/)", line)
        assert m, line + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        served = Served(m.group(1), int(m.group(2)), tmp_path)
        assert "Lanterns" in served.get("s/0").text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert proc.stderr is not None and "Error" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


def test_missing_story_is_an_error(tmp_path: Path, capsys) -> None:
    code = main(["review", str(tmp_path / "nope.txt"), "--no-browser"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("Error: ") and "nope.txt" in err and "Traceback" not in err


def test_project_folder_lists_its_stories(tmp_path: Path) -> None:
    from bookmaker.review.run import review_of

    (tmp_path / "stories").mkdir()
    for name in ("b.txt", "a.txt"):
        (tmp_path / "stories" / name).write_text(STORY, encoding="utf-8")
    review = review_of(tmp_path)
    assert [p.name for p in review.stories] == ["a.txt", "b.txt"]
    assert review.output == tmp_path / "out"
