"""Atomic writes: complete files or none, the previous good file kept on failure."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bookmaker.build.files import slugify, write_atomic
from bookmaker.errors import OutputError


def test_write_replaces_whole_file(tmp_path):
    target = tmp_path / "book.epub"
    write_atomic(target, b"old")
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_keeps_previous_output(tmp_path):
    target = tmp_path / "book.epub"
    write_atomic(target, b"good")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputError):
            write_atomic(target, b"new")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_bytes() == b"good"


def test_unwritable_target_is_output_error(tmp_path):
    (tmp_path / "book.epub").mkdir()  # a folder where the file should go
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "book.epub", b"data")
    assert "book.epub" in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_full_disk_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "book.epub"
    write_atomic(target, b"good")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"x" * 1000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert "No space left" in str(info.value)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]


def test_killed_writer_leaves_no_partial_file(tmp_path):
    target = tmp_path / "big.bin"
    target.write_bytes(b"previous")
    code = (
        "import sys, os\n"
        "from bookmaker.build.files import write_atomic\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); import time; time.sleep(30)\n"
        "os.fsync = slow\n"
        f"write_atomic({str(target)!r}, b'x' * 10_000_000)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.1)
    assert [p.name for p in tmp_path.iterdir()] == ["big.bin"]
    assert target.read_bytes() == b"previous"


@pytest.mark.parametrize("title", ["../../etc/passwd", "CON", "a/b", "x" * 300,
                                   "\U0001F600\U0001F389", "", "  ..  "])
def test_slug_is_a_safe_file_name(title):
    slug = slugify(title)
    assert slug and len(slug) <= 80
    assert "/" not in slug and "\\" not in slug and not slug.startswith(".")
    assert slug.upper() != "CON"
    assert slug.isascii()


def test_permission_denied_keeps_previous_output(tmp_path, monkeypatch):
    """As root cannot be refused by chmod, refuse the open itself."""
    target = tmp_path / "book.epub"
    write_atomic(target, b"good")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert "Permission denied" in str(info.value)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["book.epub"]
