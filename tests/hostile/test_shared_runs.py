"""A build survives a broken terminal, hostile names, a killed parent and an unwritable cache,
and its PDFs are reproducible without libharfbuzz-subset0 (issue 13)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bookmaker.report import Progress, terminal_safe
from tests.hostile.shared import CASE_SECONDS, ROOT, files_under, run, run_process, write_story

pytestmark = pytest.mark.timeout(CASE_SECONDS * 2)

HOSTILE_TITLE = "Clear\x1b[2J\x1b]0;owned\x07 \u202eevil\u202c \x9b31m"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b")


def _stories(folder: Path, n: int) -> list[str]:
    return [str(write_story(folder, f"s{i}", title=f"Story {i}")) for i in range(n)]


# -- broken or full stdout --------------------------------------------------------------


def test_broken_pipe_still_builds_every_book(tmp_path):
    stories = _stories(tmp_path, 6)
    proc = subprocess.Popen([sys.executable, "-m", "bookmaker", "build", *stories, "-o", "out",
                             "-f", "epub", "--jobs", "1"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=CASE_SECONDS)
    assert first.startswith(b"wrote ")
    assert code == 0, err
    assert err == ""
    assert len(list((tmp_path / "out").glob("*.epub"))) == 6


def test_full_stdout_still_builds_every_book(tmp_path):
    stories = _stories(tmp_path, 6)
    with open("/dev/full", "wb") as full:
        result = run_process(["build", *stories, "-o", "out", "-f", "epub", "--jobs", "2"],
                             tmp_path, stdout=full)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert len(list((tmp_path / "out").glob("*.epub"))) == 6


def test_inspect_into_a_closed_pipe_is_quiet(tmp_path):
    story = write_story(tmp_path, "s")
    proc = subprocess.Popen([sys.executable, "-m", "bookmaker", "inspect", "--json", str(story)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=CASE_SECONDS) == 0
    assert "Traceback" not in err and "internal error" not in err


# -- terminal escapes -------------------------------------------------------------------


def test_titles_and_names_cannot_drive_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    good = write_story(tmp_path, "good", sidecar=f"title = {json.dumps(HOSTILE_TITLE)}\n")
    bad = tmp_path / "bad\x1b[2J\u202e.txt"
    bad.write_bytes(b"")
    code, out, err = run(["build", str(good), str(bad), "-o", "out", "-f", "epub"], capsys)
    assert code == 3, err
    for raw in RAW:
        assert raw not in out and raw not in err, repr(raw)
    assert "\\u001b[2J" in out and "\\u202e" in out  # shown, not obeyed
    assert "bad\\u001b[2J\\u202e.txt" in err
    code, out, err = run(["inspect", str(good)], capsys)
    assert code == 0 and not any(raw in out for raw in RAW)
    code, out, err = run(["inspect", "--json", str(good)], capsys)
    assert json.loads(out)["title"] == HOSTILE_TITLE  # escaped, yet the same JSON value


def test_progress_bar_shows_names_escaped(capsys):
    class Job:
        name = HOSTILE_TITLE

    bar = Progress(2)
    bar.advance(Job())
    bar.clear()
    err = capsys.readouterr().err.replace("\r\x1b[K", "")  # the bar's own control codes
    assert not any(raw in err for raw in RAW), repr(err)
    assert terminal_safe("a\u202eb\nc") == "a\\u202eb\nc"
    assert terminal_safe("a\nb", newlines=False) == "a\\u000ab"


# -- workers die with their parent; staging folders are unique and cleaned ---------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie no one reaps has stopped running


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_killed_parent_takes_its_workers_along(tmp_path):
    sample = (ROOT / "stories" / "bounty.txt").read_text("utf-8")
    stories = []
    for i in range(8):
        path = tmp_path / f"long{i}.txt"
        path.write_text(f"Long Story {i}\n\n\n" + sample * 3, encoding="utf-8")
        stories.append(str(path))
    proc = subprocess.Popen([sys.executable, "-m", "bookmaker", "build", *stories, "-o", "out",
                             "-f", "pdf", "--jobs", "3"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + CASE_SECONDS
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=CASE_SECONDS)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = [w for w in workers if _alive(w)]
    for w in orphans:  # never leave them running, even when the test fails
        os.kill(w, signal.SIGKILL)
    assert not orphans, "workers outlived their parent"
    staged = list((tmp_path / "out").glob(".bookmaker-staging-*"))
    result = run_process(["build", stories[0], "-o", "out", "-f", "epub"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "out").glob(".bookmaker-staging-*")), staged


def test_staging_folders_are_unique_and_stale_ones_cleaned(tmp_path):
    from bookmaker.build.publish import _host, clean_stale_staging, staging_folder

    first, second = staging_folder(tmp_path), staging_folder(tmp_path)
    assert first != second and first.parent == second.parent == tmp_path.resolve()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".bookmaker-staging-{_host()}-{dead.pid}-0123abcd"
    mine = tmp_path / f".bookmaker-staging-{_host()}-{os.getpid()}-0123abcd"
    foreign = tmp_path / ".bookmaker-staging-otherhost-1-0123abcd"
    for folder in (stale, mine, foreign):
        folder.mkdir()
    clean_stale_staging(tmp_path)
    assert not stale.exists() and mine.exists() and foreign.exists()
    os.utime(foreign, (time.time() - 2 * 86400,) * 2)
    clean_stale_staging(tmp_path)
    assert not foreign.exists()


# -- the cache only ever saves time ------------------------------------------------------


def test_unwritable_cache_does_not_fail_the_build(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    stories = _stories(tmp_path, 2)
    result = run_process(["build", *stories, "-o", "out", "-f", "epub"], tmp_path,
                         env={"XDG_CACHE_HOME": str(blocker)})
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert [ln for ln in err.splitlines() if ln.strip()] == [
        ln for ln in err.splitlines() if ln.startswith("WARNING: the build cache was not saved")]
    assert len(err.splitlines()) == 1
    assert b"Story 1" in result.stdout  # the summary
    assert files_under(tmp_path / "out") == {"s0.epub", "s1.epub"}


def test_cache_lives_in_the_cache_folder_not_the_working_folder(tmp_path):
    stories = _stories(tmp_path / "w", 1)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for expect in (b"wrote ", b"up to date: "):
        result = run_process(["build", *stories, "-o", "out", "-f", "epub"], tmp_path / "w",
                             env=env)
        assert result.returncode == 0 and result.stdout.startswith(expect), result
    assert files_under(tmp_path / "w") == {"s0.txt", "out/s0.epub"}
    assert list((tmp_path / "cache" / "bookmaker" / "builds").glob("out-*.json"))


# -- reproducible PDFs without libharfbuzz-subset0; library chatter only with -v ---------

FORCE_FONTTOOLS = ("import sys, weasyprint.pdf.fonts as f; f.harfbuzz_subset = None; "
                   "from bookmaker.command import run; sys.argv[0] = 'bookmaker'; run()")


def _pdf_build(folder: Path, story: str, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", FORCE_FONTTOOLS, *extra, "build", story,
                           "-o", str(folder), "-f", "pdf"], env=env, capture_output=True,
                          timeout=CASE_SECONDS, check=False)


def test_pdf_is_byte_identical_with_the_fonttools_fallback(tmp_path):
    story = write_story(tmp_path, "s")
    first = _pdf_build(tmp_path / "a", str(story))
    time.sleep(1.1)  # fontTools stamps seconds: a second later an unpinned font differs
    second = _pdf_build(tmp_path / "b", str(story))
    assert first.returncode == second.returncode == 0, first.stderr
    assert (tmp_path / "a" / "s.pdf").read_bytes() == (tmp_path / "b" / "s.pdf").read_bytes()
    assert first.stderr == b"", first.stderr  # no "Using fontTools instead of ..." lines
    verbose = _pdf_build(tmp_path / "c", str(story), "-v")
    assert b"Using fontTools instead of HarfBuzz-Subset" in verbose.stderr


def test_errors_name_the_output_folder_not_the_staging_folder(tmp_path):
    from bookmaker.build.book import Outcome, Staged
    from bookmaker.build.plan import Job
    from bookmaker.build.publish import publish, staging_folder
    from bookmaker.errors import OutputError

    staging = staging_folder(tmp_path)
    error = OutputError("cannot write: No space left on device", path=staging / "000000.epub")
    outcome = Outcome(0, stem="s", staged=(Staged("epub", str(staging / "gone.epub"), 1, "x"),),
                      error=error)
    result, entry = publish(Job("s.txt", (Path("s.txt"),), ("epub",)), outcome, tmp_path, set())
    assert entry is None and result.error is not None
    assert ".bookmaker-staging-" not in str(result.error)
    assert str(tmp_path) in str(result.error) and "No space left" in str(result.error)
