"""Shared fixtures: paths to the samples and the shared expected structure."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "stories"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The five sample stories in stories/."""
    return sorted(STORIES.glob("*.txt"))
