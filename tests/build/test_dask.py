"""``--scheduler``: the same per-book work on a Dask cluster of two worker processes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from bookmaker.cli import main

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_on_a_local_cluster_of_two_workers(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    stories = [Path(shutil.copy(p, tmp_path / p.name)) for p in SAMPLES]
    (tmp_path / "empty.txt").write_bytes(b"")
    args = ["build", "-f", "epub", *(p.name for p in stories), "empty.txt"]
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            code = main([*args, "--scheduler", cluster.scheduler_address, "-o", "dask"])
            # which worker built which book: each worker ran build_one at least once
            ran = client.run(lambda dask_worker: len(dask_worker.data) + sum(
                1 for _ in dask_worker.state.log))
    out, err = capsys.readouterr()
    assert code == 3, err
    assert "empty.txt: the file is empty" in err and "1 of 6 books failed" in err
    assert len(ran) == 2 and all(n > 0 for n in ran.values()), ran
    assert out.count("wrote dask/") == len(stories)
    assert main([*args, "--jobs", "1", "-o", "local"]) == 3
    assert digests(tmp_path / "dask") == digests(tmp_path / "local"), "same bytes as local"
    capsys.readouterr()
    args.remove("empty.txt")
    assert main([*args, "--scheduler", "tcp://127.0.0.1:9", "-o", "dask"]) == 0, \
        "nothing to rebuild: the cache answers without a cluster"
    assert capsys.readouterr().out.count("up to date: dask/") == len(stories)


def test_unreachable_scheduler_is_one_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLES[0], tmp_path / "s.txt")
    code = main(["build", "-f", "epub", "s.txt", "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.startswith("Error: cannot reach the Dask scheduler tcp://127.0.0.1:9")
    assert len(err.strip().splitlines()) == 1


def test_a_local_cluster_says_nothing_of_its_own_without_v(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    story = Path(shutil.copy(SAMPLES[0], tmp_path / SAMPLES[0].name))
    cmd = [sys.executable, "-m", "bookmaker", "build", "-f", "epub", story.name,
           "--scheduler", "local", "--jobs", "1", "-o", "out"]
    quiet = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert quiet.returncode == 0, quiet.stderr
    assert "INFO" not in quiet.stderr and "Scheduler at" not in quiet.stderr, quiet.stderr
