"""The command's process: no collection while importing, no teardown at exit, nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUNTY = ROOT / "stories" / "bounty.txt"

PROBE = """
import sys, weakref
from bookmaker import command, process

process.prepare()  # as the command does first: what registers after must still run

class Loud:
    def __del__(self):
        print("torn down", flush=True)

class Quiet:
    pass

kept = Loud()  # freed only by the interpreter's teardown
holder = Quiet()
weakref.finalize(holder, print, "exit function ran", flush=True)  # runs as an exit function
sys.argv = ["bookmaker", *sys.argv[1:]]
command.run()
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, cwd=cwd, env=env)


def test_exit_functions_run_the_teardown_does_not_and_the_status_is_kept(tmp_path):
    done = run("-q", "build", "-f", "epub", "-o", "out", str(BOUNTY), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "exit function ran" in done.stdout, "functions registered after it still run"
    assert "torn down" not in done.stdout, "no teardown"
    assert (tmp_path / "out" / "bounty.epub").is_file()
    assert list((tmp_path / "cache" / "bookmaker" / "compiled").glob("patterns-*")), \
        "the compiled tables are written"
    failed = run("build", "-f", "epub", "-o", "out", str(tmp_path / "missing.txt"),
                 cwd=tmp_path)
    assert failed.returncode == 3 and "Error:" in failed.stderr
    assert "exit function ran" in failed.stdout


def test_a_piped_output_is_complete(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "bookmaker", "inspect", "--json", str(BOUNTY)]
    with open(tmp_path / "out.json", "w") as fh:  # a file: fully buffered, flushed at exit
        assert subprocess.run(cmd, stdout=fh, env=env).returncode == 0
    import json

    tree = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert tree["title"]


def test_import_bookmaker_leaves_the_exit_and_the_collector_alone():
    """Even its command line: tests and tools that embed it keep their own process."""
    code = ("import gc, bookmaker, bookmaker.cli, bookmaker.load, bookmaker.build.run as r; "
            "r._preload([]); import bookmaker.process as p; "
            "print(p._prepared, gc.isenabled(), gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True", "0"], out.stderr


FREEZE = """
import gc, sys
from bookmaker import command, process
command.start()
from bookmaker.build.run import _preload
assert gc.isenabled() and gc.get_freeze_count() > 0, "the command line's modules frozen"
assert gc.get_threshold()[0] == process.YOUNG, "young objects collected less often"
before = gc.get_freeze_count()
class Job:
    formats = ("epub",)
_preload([(0, Job())])
loaded = gc.get_freeze_count()
assert gc.isenabled() and loaded > before, "the renderers' modules frozen too"
cycle = []
cycle.append(cycle)
del cycle
_preload([(0, Job())])  # nothing new to import: nothing frozen, garbage stays collectable
assert gc.get_freeze_count() == loaded and gc.collect() >= 1
print("ok")
"""


def test_imports_run_without_collections_and_are_frozen_once():
    out = subprocess.run([sys.executable, "-c", FREEZE], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
