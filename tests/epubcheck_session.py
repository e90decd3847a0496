"""One EPUBCheck run for the whole test session.

Tests that build EPUBs hand them to the session-wide :class:`EpubCheckSession`
(the ``epubcheck`` fixture) under a group name; tests marked ``epubcheck`` run
after every other test (see ``conftest.py``) and read their group's reports. The
first such test starts one JVM for every file handed in so far, instead of one JVM
per test module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.epubcheck_batch import epubcheck_many

__all__ = ["EpubCheckSession", "problems"]


def problems(report: dict) -> list[str]:
    """Fatal errors, errors and warnings of one EPUBCheck JSON report."""
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[loc.get('path') for loc in m.get('locations', [])][:2]}"
            for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]


class EpubCheckSession:
    """EPUBs to validate, by group, and their reports once validated."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.files: dict[str, dict[str, Path]] = {}
        self.checked: dict[Path, dict] = {}

    def submit(self, group: str, name: str, epub: Path) -> None:
        """Keep a copy of ``epub`` to validate with ``group``."""
        folder = self.work / group
        folder.mkdir(parents=True, exist_ok=True)
        copy = folder / f"{len(self.files.get(group, {})):04d}-{Path(name).name}.epub"
        shutil.copyfile(epub, copy)
        self.files.setdefault(group, {})[name] = copy

    def reports(self, group: str) -> dict[str, dict]:
        """Each file of ``group`` with its report; skips when nothing was handed in."""
        files = self.files.get(group, {})
        if not files:
            pytest.skip(f"no {group} EPUB was built in this run")
        todo = [p for g in self.files.values() for p in g.values() if p not in self.checked]
        if todo:
            run = self.work / f"run{len(self.checked)}"
            run.mkdir()
            by_name = epubcheck_many(todo, run)
            for p in todo:
                self.checked[p] = by_name[p.name]
        return {name: self.checked[p] for name, p in files.items()}
