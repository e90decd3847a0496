"""The compiled-pattern cache: the same patterns as ``re.compile``, whatever the file holds."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bookmaker import caches, patterns

ROOT = Path(__file__).resolve().parents[1]
CASES = [(r"(?P<a>\d+)-(?P<b>\w+)", 0), (r"^chapter\s+(?:one|two|[ivxlc]+|\d+)\b", re.I),
         (r"[\u4e00-\u9fff]+(?=。)", 0), (r"^(?:a|b)$", re.I | re.M), (r"(x)(y)?", re.S)]
PROBES = ["12-ab", "Chapter IV here", "CHAPTER two", "夜の桜。", "a\nB", "x", "xy", ""]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for table in (patterns.OURS, patterns.LIBRARIES):
        monkeypatch.setattr(table, "known", None)
        monkeypatch.setattr(table, "added", {})
    return tmp_path / "bookmaker" / "compiled"


def same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups,
                                                            b.groupindex)
    for s in PROBES:
        ma, mb = a.search(s), b.search(s)
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups()))


def test_compiled_and_cached_patterns_match_like_re(cache):
    first = [patterns.regex(p, f) for p, f in CASES]
    caches.save_tables()
    (path,) = cache.glob("patterns-*.marshal")
    table = marshal.loads(path.read_bytes())
    assert len(table) == len(CASES)
    assert all(isinstance(v, bytes) for v in table.values())  # packed: unpacked when asked
    patterns.OURS.known, patterns.OURS.added = None, {}
    again = [patterns.regex(p, f) for p, f in CASES]  # from the file this time
    assert not patterns.OURS.added
    for (p, f), a, b in zip(CASES, first, again, strict=True):
        same(a, re.compile(p, f))
        same(b, re.compile(p, f))


def test_a_damaged_file_or_entry_means_an_ordinary_compile(cache):
    cache.mkdir(parents=True)
    path = caches.table_file(str(patterns.TABLE))
    assert path is not None
    path.write_bytes(b"\x00not marshal")
    same(patterns.regex(*CASES[0]), re.compile(*CASES[0]))
    patterns.OURS.known = {CASES[1]: marshal.dumps((0, [999, 1, 2], 0, {}, (None,))),  # refused
                       CASES[3]: b"\xffdamaged"}  # not marshal
    same(patterns.regex(*CASES[3]), re.compile(*CASES[3]))
    same(patterns.regex(*CASES[1]), re.compile(*CASES[1]))
    with pytest.raises(re.error):
        patterns.regex("(unclosed")


def test_no_cache_folder_still_compiles(monkeypatch):
    monkeypatch.setattr(caches, "table_file", lambda name: None)
    monkeypatch.setattr(patterns.OURS, "known", None)
    same(patterns.regex(*CASES[2]), re.compile(*CASES[2]))
    caches.save_tables()  # nothing to write to: no error


def test_a_build_writes_the_cache_once_and_then_reads_it(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    story = ROOT / "stories" / "bounty.txt"
    cmd = [sys.executable, "-m", "bookmaker", "-q", "inspect", str(story)]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    paths = sorted((tmp_path / "cache" / "bookmaker" / "compiled").glob("patterns-*.marshal"))
    assert len(paths) == 2, "bookmaker's table and the libraries' table"
    stamps = [p.stat().st_mtime_ns for p in paths]
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert second.stdout == first.stdout
    assert [p.stat().st_mtime_ns for p in paths] == stamps  # nothing new: not rewritten
    libraries, ours = paths  # "…-libraries.packed" sorts before "….packed"
    assert len(marshal.loads(ours.read_bytes())) > 50
    assert len(marshal.loads(libraries.read_bytes())) > 10


def test_installed_the_patterns_modules_compile_on_import_go_through_the_table(
        cache, monkeypatch, tmp_path):
    import importlib
    from re import _compiler  # type: ignore[attr-defined]

    monkeypatch.setattr(_compiler, "compile", _compiler.compile)  # undone after the test
    patterns.install()
    patterns.install()  # once: not wrapped twice
    assert getattr(_compiler.compile, "_bookmaker", False)
    re.purge()  # past re's own in-process cache
    (tmp_path / "probe_module.py").write_text(
        "import re\n" + "".join(f"P{i} = re.compile({p!r}, {int(f)})\n"
                                 for i, (p, f) in enumerate(CASES))
        + "B = re.compile(rb'(\\d+)\\s')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = importlib.import_module("probe_module")
    for i, (p, f) in enumerate(CASES):
        assert (p, int(f)) in patterns.LIBRARIES.added, "compiled while its module was imported"
        same(getattr(probe, f"P{i}"), patterns.regex(p, f))
    assert (rb"(\d+)\s", 0) in patterns.LIBRARIES.added
    assert probe.B.match(b"12 ").group(1) == b"12"
    made = "".join(sorted({"x", "y", "z"}))  # a pattern made from data at run time
    assert re.compile(f"[{made}]+").match("zyx")
    assert (f"[{made}]+", 0) not in patterns.LIBRARIES.added, "run-time patterns stay out"
    with pytest.raises(re.error):
        re.compile("(unclosed")


def test_the_command_line_caches_the_libraries_patterns_too(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "bookmaker", "--help"], env=env,
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    (path,) = (tmp_path / "cache" / "bookmaker" / "compiled").glob("patterns-*-libraries.*")
    table = marshal.loads(path.read_bytes())
    import click._compat

    assert (click._compat._ansi_re.pattern, 0) in table  # compiled by click's import


def test_import_bookmaker_leaves_re_alone():
    code = ("import re._compiler as c; before = c.compile; "
            "import bookmaker, bookmaker.cli, bookmaker.load; print(c.compile is before)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "True", run.stderr


def test_a_table_starts_afresh_past_its_limit(cache):
    caches.merge_table("probe", {"a": 1, "b": 2}, limit=3)
    caches.merge_table("probe", {"c": 3}, limit=3)
    assert {k: caches.unpack(v) for k, v in caches.read_table("probe").items()} == {
        "a": 1, "b": 2, "c": 3}
    caches.merge_table("probe", {"d": 4}, limit=3)  # four: past the limit, only the new
    assert {k: caches.unpack(v) for k, v in caches.read_table("probe").items()} == {"d": 4}
    assert patterns.LIBRARIES.limit < patterns.OURS.limit


def test_writing_a_table_removes_its_unpacked_kind_from_earlier_versions(cache):
    cache.mkdir(parents=True)
    old = cache / "probe.marshal"  # read by no version since the packed kind
    other = cache / "someone-else.marshal"
    old.write_bytes(marshal.dumps({"a": 1}))
    other.write_bytes(b"kept")
    caches.merge_table("probe", {"b": 2})
    assert caches.table_file("probe").exists()
    assert not old.exists() and other.exists()
