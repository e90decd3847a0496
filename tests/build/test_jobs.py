"""``--jobs N``: books built in parallel processes, failures isolated, exit status honest."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookmaker.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The samples copied into tmp_path/stories, plus an empty story that must fail."""
    folder = tmp_path / "stories"
    folder.mkdir()
    copies = [Path(shutil.copy(p, folder / p.name)) for p in SAMPLES]
    (folder / "broken.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    return copies


def test_parallel_build_matches_serial_and_isolates_a_failure(stories, tmp_path, capsys):
    broken = tmp_path / "stories" / "broken.txt"
    args = ["build", "--format", "epub", str(broken), *map(str, stories)]
    assert main([*args, "--jobs", "2", "-o", "par"]) == 3, "an empty story is an input error"
    out, err = capsys.readouterr()
    assert "broken.txt: the file is empty" in err
    assert "Error: 1 of 6 books failed" in err
    wrote = [ln for ln in out.splitlines() if ln.startswith("wrote par/")]
    assert len(wrote) == len(stories), "a result line per good book"
    assert main([*args, "--jobs", "1", "-o", "ser"]) == 3
    capsys.readouterr()
    par, ser = digests(tmp_path / "par"), digests(tmp_path / "ser")
    assert len(par) == len(stories) and par == ser, "same files, same bytes"


def test_same_titles_get_the_same_names_whatever_finishes_first(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    big = (SAMPLES[-1].read_text(encoding="utf-8") + "\n") * 3
    (tmp_path / "a.txt").write_text("Same\n\n" + big, encoding="utf-8")  # slow, first
    (tmp_path / "b.txt").write_text("Same\n\nA short one.\n", encoding="utf-8")
    for n in ("1", "2"):
        assert main(["build", "-f", "epub", "--jobs", n, "--force", "-o", f"o{n}",
                     "--name-from", "title", "a.txt", "b.txt"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [ln.split(" (")[0] for ln in out if ln.startswith("wrote o2")] == [
        "wrote o2/same.epub", "wrote o2/same-2.epub"], "results in job order"
    assert digests(tmp_path / "o1") == digests(tmp_path / "o2")


def test_project_with_anthology_in_parallel(stories, tmp_path, capsys):
    (tmp_path / "stories" / "broken.txt").unlink()
    (tmp_path / "bookmaker.toml").write_text(
        '[defaults]\nformats = ["epub"]\n'
        '[[anthology]]\ntitle = "All Of Them"\nstories = ["stories/*.txt"]\n', encoding="utf-8")
    assert main(["build", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([*(p.stem + ".epub" for p in stories), "all-of-them.epub"])
    assert "All Of Them" in out.split("Book ", 1)[1], "the anthology is in the summary"
    assert main(["build", "--jobs", "2"]) == 0
    again = capsys.readouterr().out
    assert again.count("up to date: ") == len(names) and "wrote " not in again


def test_jobs_must_be_positive(capsys):
    assert main(["build", "--jobs", "0", "x.txt"]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_progress_bar_on_a_terminal(stories, tmp_path):
    """Under a pseudo-terminal the bar is drawn on stderr and result lines still print."""
    import os
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # child: stdout and stderr are the terminal
        os.execv(sys.executable, [sys.executable, "-m", "bookmaker", "build", "-f", "epub",
                                  "--jobs", "2", *map(str, stories)])
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert f"Building [{'#' * 30}] {len(stories)}/{len(stories)}" in text
    assert text.count("wrote out/") == len(stories)


def test_a_killed_worker_fails_its_book_only(tmp_path, monkeypatch):
    """A worker process that dies is reported as that book's failure, not a traceback."""
    monkeypatch.chdir(tmp_path)
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text(f"{name.title()}\n\nSome text.\n", encoding="utf-8")
    script = (  # the worker dies on the first book it takes; this process waits for that
        "import os, sys, time\n"
        "import bookmaker.load as a\n"
        "real, here = a.load_story, os.getpid()\n"
        "def load(path, **kw):\n"
        "    if os.getpid() != here:\n"
        "        open('died', 'w').close()\n"
        "        os._exit(9)\n"
        "    for _ in range(600):\n"
        "        if os.path.exists('died'):\n"
        "            break\n"
        "        time.sleep(0.1)\n"
        "    return real(path, **kw)\n"
        "a.load_story = load\n"
        "from bookmaker.cli import main\n"
        "sys.exit(main(['build', '-f', 'epub', '--jobs', '2', 'one.txt', 'two.txt',"
        " 'three.txt']))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "worker failed: its process died" in proc.stderr
    assert "Error: 1 of 3 books failed" in proc.stderr
    assert len(list((tmp_path / "out").glob("*.epub"))) == 2, "the other books are built"


def test_with_two_jobs_this_process_builds_beside_one_worker(tmp_path, monkeypatch, forks):
    """``--jobs 2`` is one forked worker and the coordinating process, both taking the next
    job in turn: every book once, in job order, the same bytes as ``--jobs 1``."""

    from bookmaker.build import run
    from bookmaker.build.plan import single_jobs
    from bookmaker.settings.project import Defaults

    stories = []
    for i in range(12):
        p = tmp_path / f"s{i:02d}.txt"
        shutil.copy(SAMPLES[i % len(SAMPLES)], p)
        stories.append(p)
    jobs = single_jobs(stories, Defaults(), formats=("epub",))
    here: list[int] = []  # what this process built (a worker appends to its own copy)
    builder = run._in_process_builder

    def watched(staging: str):
        build = builder(staging)

        def counted(index, job):
            here.append(index)
            return build(index, job)
        return counted

    monkeypatch.setattr(run, "_in_process_builder", watched)
    results = list(run.run_parallel(jobs, tmp_path / "two", workers=2, force=True))
    assert len(forks) == 1, "one forked worker beside this process"
    assert [r.job for r in results] == jobs and all(r.ok for r in results)
    assert here and len(here) < len(jobs), "this process built some books, the worker others"
    serial = list(run.run_parallel(jobs, tmp_path / "one", workers=1, force=True))
    assert all(r.ok for r in serial)
    assert digests(tmp_path / "two") == digests(tmp_path / "one")
