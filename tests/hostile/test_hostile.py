"""Every broken or hostile input ends in a valid book or one clear error line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bookmaker.cli import main
from bookmaker.read.text import decode
from tests.epubcheck_batch import epubcheck_many
from tests.hostile.corpus import CASES, Case
from tests.textcheck import epub_text, missing_words

SLOW = bool(os.environ.get("BOOKMAKER_SLOW"))
BUILT: dict[str, Path] = {}


def _run(case: Case, tmp_path: Path, capsys) -> tuple[int, str, Path, Path]:
    src = tmp_path / case.name
    src.write_bytes(case.make())
    out = tmp_path / "out"
    code = main(["build", str(src), "-o", str(out), "--format", "epub"])
    return code, capsys.readouterr().err, src, out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path, capsys):
    code, err, src, out = _run(case, tmp_path, capsys)
    assert "Traceback" not in err
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    if case.outcome == "error":
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code != 0
        assert len(lines) == 1 and lines[0].startswith("Error: "), err
        assert case.name in lines[0] and case.match in lines[0].lower(), lines[0]
        assert leftovers == [], "an error must leave no file behind"
        return
    assert code == 0, err
    epubs = sorted(out.glob("*.epub"))
    assert [p.name for p in out.iterdir()] == [epubs[0].name], "exactly one book, no temp files"
    source = decode(src.read_bytes(), src.name).text
    lost = missing_words(source, epub_text(epubs[0]))
    assert not lost, f"words lost: {list(lost)[:20]}"
    keep = tmp_path.parent / "hostile-epubs"
    keep.mkdir(exist_ok=True)
    if SLOW or not case.slow:
        BUILT[case.name] = Path(shutil.copy(epubs[0], keep / f"{case.name}.epub"))


def test_hostile_books_pass_epubcheck(tmp_path):
    """The books built above (large ones only with BOOKMAKER_SLOW=1) pass EPUBCheck."""
    if not BUILT:
        pytest.skip("no hostile book was built in this run")
    reports = epubcheck_many(list(BUILT.values()), tmp_path)
    bad = {name: [m["message"] for m in r["messages"]][:5] for name, r in reports.items()
           if r["checker"]["nFatal"] or r["checker"]["nError"] or r["checker"]["nWarning"]}
    assert len(reports) == len(BUILT)
    assert not bad, bad
