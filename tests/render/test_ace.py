"""DAISY Ace on our EPUBs: no violation. Runs where Ace is installed (it needs Node and a
Chromium): set BOOKMAKER_ACE to the ``ace-cli`` command, e.g.
``npm install @daisy/ace-cli`` with ``PUPPETEER_SKIP_DOWNLOAD=1`` and
``PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bookmaker.cli import main

ACE = os.environ.get("BOOKMAKER_ACE", "")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not ACE or not shutil.which(ACE.split()[0]),
                                reason="set BOOKMAKER_ACE to DAISY Ace's ace-cli to run it")


@pytest.mark.parametrize("formats", ["epub", "kepub"])
def test_ace_finds_no_violation(tmp_path, formats):
    stories = sorted((ROOT / "stories").glob("*.txt"))[:2]
    assert main(["build", *map(str, stories), "-o", str(tmp_path), "-f", formats]) == 0
    assert main(["anthology", *map(str, stories), "-t", "Two", "-o", str(tmp_path),
                 "-f", formats]) == 0
    for epub in sorted(tmp_path.glob("*.epub")):
        out = tmp_path / f"ace-{epub.stem}"
        subprocess.run([*ACE.split(), "-s", "-f", "-o", str(out), str(epub)], check=True,
                       timeout=300)
        report = json.loads((out / "report.json").read_text())
        found = [(a["earl:testSubject"]["url"], x["earl:test"]["dct:title"])
                 for a in report["assertions"] for x in a.get("assertions", [])]
        assert report["earl:result"]["earl:outcome"] == "pass", found
