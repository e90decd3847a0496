"""Shared fixtures: paths to the samples and the shared expected structure."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_CACHE = tempfile.mkdtemp(prefix="bookmaker-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
"""The suite's compiled tables, covers and build records go to a folder of its own (its
subprocesses inherit it), never the user's cache: tests define classes and patterns of
their own, which a user's table has no use for."""

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "stories"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The five sample stories in stories/."""
    return sorted(STORIES.glob("*.txt"))


@pytest.fixture(scope="session")
def epubcheck(tmp_path_factory):
    """The session's one EPUBCheck run (see :mod:`tests.epubcheck_session`)."""
    from tests.epubcheck_session import EpubCheckSession

    return EpubCheckSession(tmp_path_factory.mktemp("epubcheck"))


def pytest_collection_modifyitems(config, items):
    """Tests marked ``epubcheck`` run last, so one JVM validates every EPUB built."""
    items.sort(key=lambda item: item.get_closest_marker("epubcheck") is not None)


def pytest_terminal_summary(terminalreporter):
    """Say so when ../shared is absent, rather than letting its tests vanish."""
    if not (SHARED / "tools" / "score_structure.py").exists():
        terminalreporter.write_line(
            f"note: {SHARED} is absent: the sample-structure and corpus tests were skipped "
            "(put the shared folder beside the checkout to run them)")


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
