"""Every broken or hostile input ends in a valid book or one clear error line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookmaker.cli import main
from bookmaker.read.text import decode
from tests.epubcheck_session import problems
from tests.hostile.corpus import CASES, Case
from tests.textcheck import epub_text, missing_words

SLOW = bool(os.environ.get("BOOKMAKER_SLOW"))


def _run(case: Case, tmp_path: Path, capsys) -> tuple[int, str, Path, Path]:
    src = tmp_path / case.name
    src.write_bytes(case.make())
    out = tmp_path / "out"
    code = main(["build", str(src), "-o", str(out), "--format", "epub"])
    return code, capsys.readouterr().err, src, out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path, capsys, epubcheck):
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
    if SLOW or not case.slow:
        epubcheck.submit("hostile", case.name, epubs[0])


@pytest.mark.epubcheck
def test_hostile_books_pass_epubcheck(epubcheck):
    """The books built above (large ones only with BOOKMAKER_SLOW=1) pass EPUBCheck."""
    reports = epubcheck.reports("hostile")
    bad = {name: problems(r)[:5] for name, r in reports.items() if problems(r)}
    built = [c for c in CASES if c.outcome != "error" and (SLOW or not c.slow)]
    assert len(reports) == len(built)
    assert not bad, bad
