"""Dataclass methods from the compiled table behave as freshly compiled ones do."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookmaker import caches, classcode

ROOT = Path(__file__).resolve().parents[1]

DEFINE = """
from dataclasses import dataclass, field, FrozenInstanceError
@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
p = Point(1, 2)
assert p == Point(1, 2) and p != Point(2, 1) and hash(p) == hash(Point(1, 2))
assert repr(p) == "Point(x=1, y=2, tags=())"
try:
    p.x = 5
except FrozenInstanceError:
    pass
else:
    raise AssertionError("frozen")
"""


def test_installed_for_bookmaker():
    import bookmaker  # noqa: F401 - installs it

    assert dataclasses.exec is classcode._exec  # type: ignore[attr-defined]


def test_methods_from_the_table_behave_like_compiled_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(classcode.CODE, "added", {})
    exec(compile(DEFINE, "define", "exec"), {})  # compiled now, kept in CODE.added
    assert classcode.CODE.added
    caches.save_tables()
    table = caches.read_table(classcode.TABLE)
    assert table and all(isinstance(k, str) for k in table)
    monkeypatch.setattr(classcode.CODE, "known", table)
    exec(compile(DEFINE, "define", "exec"), {})  # every method from the table this time
    assert not classcode.CODE.added


def test_a_damaged_table_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = caches.table_file(classcode.TABLE)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xffdamaged")
    assert caches.read_table(classcode.TABLE) == {}


@pytest.mark.parametrize("runs", [2])
def test_a_second_run_compiles_no_dataclass_method(tmp_path, runs):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    probe = ("import bookmaker.load, bookmaker.build.plan\n"
             "from bookmaker import classcode\n"
             "print(len(classcode.CODE.added))")
    counts = [int(subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout) for _ in range(runs)]
    assert counts[0] > 30 and counts[1] == 0
