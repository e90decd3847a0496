"""The on-disk cache of generated covers: same bytes, never trusted blindly, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookmaker.render import cover


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cover.render_cover.cache_clear()
    yield tmp_path / "cache" / "bookmaker" / "covers"
    cover.render_cover.cache_clear()


def test_a_drawn_cover_is_stored_and_read_back(cache_home, monkeypatch):
    drawn = cover.render_cover("Cached Title", ("Ann Author",))
    files = list(cache_home.glob("*.jpg"))
    assert len(files) == 1 and files[0].read_bytes() == drawn
    assert not list(cache_home.glob(".*"))  # no temporary file left behind
    cover.render_cover.cache_clear()
    monkeypatch.setattr(cover, "draw_cover", lambda *a: pytest.fail("drew a cached cover"))
    assert cover.render_cover("Cached Title", ("Ann Author",)) == drawn


def test_every_input_is_part_of_the_key(cache_home):
    cover.render_cover("Same", ("A",))
    cover.render_cover("Same", ("B",))
    cover.render_cover("Same", ("A",), "Sub")
    cover.render_cover("Other", ("A",))
    assert len(list(cache_home.glob("*.jpg"))) == 4
    keys = {cover._cache_key("Same", ("A",), ""), cover._cache_key("Same", ("A", ""), "")}
    assert len(keys) == 2


def test_a_damaged_cache_file_is_redrawn(cache_home):
    drawn = cover.render_cover("Damaged", ())
    (path,) = cache_home.glob("*.jpg")
    path.write_bytes(drawn[: len(drawn) // 2])  # truncated
    cover.render_cover.cache_clear()
    assert cover.render_cover("Damaged", ()) == drawn
    assert path.read_bytes() == drawn


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(ro))
    cover.render_cover.cache_clear()
    assert cover.render_cover("Read Only", ()) == cover.draw_cover("Read Only", ())


def test_a_cache_path_that_is_a_file_is_ignored(tmp_path, monkeypatch):
    (tmp_path / "bookmaker").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cover.render_cover.cache_clear()
    assert cover.render_cover("File In The Way", ()) == cover.draw_cover("File In The Way", ())


def test_the_cache_is_kept_small(cache_home, monkeypatch):
    monkeypatch.setattr(cover, "_CACHE_LIMIT", 4)
    monkeypatch.setattr(cover, "draw_cover", lambda title, *a: b"\xff\xd8\xff" + title.encode()
                        + b"\xff\xd9")
    for i in range(9):
        cover.render_cover(f"Book {i}", ())
    assert 3 <= len(list(cache_home.glob("*.jpg"))) <= 4


def test_cache_folder_follows_xdg_then_home(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    assert cover.cache_folder() == Path("/x/cache/bookmaker/covers")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", "/home/me")
    assert cover.cache_folder() == Path("/home/me/.cache/bookmaker/covers")


def test_a_cached_cover_needs_no_pillow(cache_home):
    cover.render_cover("No Pillow Needed", ("Ann",))
    code = ("import sys; from bookmaker.render.cover import render_cover; "
            "data = render_cover('No Pillow Needed', ('Ann',)); "
            "print(len(data), 'PIL' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent.parent)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout.split()
    assert out == [str(len(cover.render_cover("No Pillow Needed", ("Ann",)))), "False"]
