"""Start-up stays light: ``--help``, ``inspect`` and EPUB-only builds import no PDF stack.

Each case runs ``python -X importtime -m bookmaker ...`` in a fresh process and reads
the names of the modules it imported from stderr.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "stories" / "bounty.txt"

PDF_STACK = ("weasyprint", "pypdfium2", "pydyf", "tinycss2", "cssselect2")
DECODERS = ("charset_normalizer", "ftfy")
MARKDOWN = ("markdown_it", "mdit_py_plugins", "yaml")
"""Only a Markdown story needs them (~25 ms of a plain-text build's start-up before)."""


def imported(*args: str, cwd: Path) -> set[str]:
    """Top-level names of every module ``bookmaker ARGS`` imports."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "bookmaker", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            names.add(name.split(".")[0])
    assert "bookmaker" in names and "click" in names, "importtime output was read"
    return names


@pytest.mark.parametrize("args", [["--help"], ["inspect", str(SAMPLE)],
                                  ["inspect", "--json", str(SAMPLE)]])
def test_help_and_inspect_import_no_renderer(args: list[str], tmp_path: Path) -> None:
    names = imported(*args, cwd=tmp_path)
    assert not names & {*PDF_STACK, *DECODERS, "PIL", "jinja2"}, sorted(names)


def test_epub_build_imports_no_pdf_stack(tmp_path: Path) -> None:
    names = imported("-q", "build", "--format", "epub", "--jobs", "1", "-o", str(tmp_path),
                     str(SAMPLE), cwd=tmp_path)
    assert (tmp_path / "bounty.epub").is_file()
    assert "jinja2" in names, "the EPUB renderer ran"
    assert not names & {*PDF_STACK, *DECODERS, *MARKDOWN, "distributed", "dask"}, sorted(names)


def test_markdown_story_imports_the_markdown_reader(tmp_path: Path) -> None:
    story = tmp_path / "small.md"
    story.write_text("---\ntitle: Small\n---\n\n# One\n\nIt was *late*.\n", encoding="utf-8")
    names = imported("inspect", str(story), cwd=tmp_path)
    assert {"markdown_it", "yaml"} <= names, "lazy imports still load when needed"


def test_up_to_date_build_imports_no_renderer(tmp_path: Path) -> None:
    args = ("-q", "build", "--format", "epub", "--jobs", "1", "-o", str(tmp_path), str(SAMPLE))
    imported(*args, cwd=tmp_path)
    names = imported(*args, cwd=tmp_path)
    assert not names & {*PDF_STACK, *DECODERS, "PIL", "jinja2"}, sorted(names)


def test_print_html_of_a_latin_book_imports_no_cjk_font(tmp_path: Path) -> None:
    names = imported("-q", "build", "--format", "print-html", "--jobs", "1", "-o",
                     str(tmp_path), str(SAMPLE), cwd=tmp_path)
    assert (tmp_path / "bounty.print.html").is_file()
    assert "noto_cjk_sans_jp_regular" not in names, "its package is only for CJK text"
