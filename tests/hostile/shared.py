"""Helpers for the shared-project cases: small stories, a project folder, a timed CLI run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bookmaker.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE_SECONDS = 30
"""No case may take longer: a hang fails its test instead of stalling the suite."""

STORY = ("Chapter 1: Arrival\n\nThe train came in late, and {name} stepped down into the rain.\n\n"
         "Chapter 2: Leaving\n\nBy morning {name} had gone, and nobody asked where.\n")


def write_story(folder: Path, name: str = "story", title: str | None = None,
                sidecar: str = "") -> Path:
    """``folder/name.txt`` (two short chapters), with a sidecar when ``sidecar`` is given."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text((f"{title}\n\n\n" if title else "") + STORY.format(name=name.title()),
                    encoding="utf-8")
    if sidecar:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return path


def project(root: Path, toml: str, stories: tuple[str, ...] = ("a", "b")) -> Path:
    """A project folder with ``stories/<name>.txt`` and ``bookmaker.toml`` = ``toml``."""
    for name in stories:
        write_story(root / "stories", name)
    (root / "bookmaker.toml").write_text(toml, encoding="utf-8")
    return root


def run(args: list[str], capsys) -> tuple[int, str, str]:
    """``bookmaker ARGS`` in this process: exit code, stdout, stderr."""
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(args: list[str], cwd: Path, *, env: dict[str, str] | None = None,
                stdout=subprocess.PIPE, timeout: float = CASE_SECONDS
                ) -> subprocess.CompletedProcess:
    """``bookmaker ARGS`` in a child process (killed after ``timeout`` seconds)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bookmaker", *args], cwd=cwd, env=full,
                          stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, check=False)


def files_under(folder: Path) -> set[str]:
    """Every file below ``folder`` (relative, posix), hidden ones included."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
