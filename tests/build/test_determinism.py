"""Same inputs and options give byte-identical books across runs, folders, zones and locales."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "stories" / "bounty.txt"

ENVIRONMENTS = [
    {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
    {"TZ": "America/St_Johns", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "123"},
]


def _build(tmp: Path, env_extra: dict[str, str], fmt: str) -> dict[str, str]:
    """Build in a fresh folder (story copied there) and hash what was written."""
    work = tmp / f"w{len(list(tmp.iterdir()))}"
    work.mkdir()
    story = Path(shutil.copy(SAMPLE, work / SAMPLE.name))
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH",)}
    env.update(env_extra)
    subprocess.run([sys.executable, "-m", "bookmaker", "build", str(story), "-o",
                    str(work / "out"), "--format", fmt], check=True, cwd=work, env=env,
                   capture_output=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((work / "out").iterdir()) if p.suffix in (".epub", ".pdf")}


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_rebuilds_are_byte_identical(tmp_path, fmt):
    hashes = [_build(tmp_path, env, fmt) for env in ENVIRONMENTS]
    assert hashes[0] and all(name.endswith(f".{fmt}") for name in hashes[0])
    assert hashes[1] == hashes[0]
    assert hashes[2] == hashes[0]
