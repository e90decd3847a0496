"""Incremental builds: a book is rebuilt exactly when something it depends on changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bookmaker.build.cache import Manifest, compute_key, job_ingredients, job_key
from bookmaker.build.plan import Job
from bookmaker.cli import main
from bookmaker.model import BookOptions
from tests.build.stories import STORY

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one story, its own styles and templates, building EPUB only."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "small.txt").write_text(STORY, encoding="utf-8")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "bookmaker.toml").write_text(
        '[defaults]\nformats = ["epub"]\nstyles = "styles"\ntemplates = "templates"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run ``bookmaker build`` in this process; 'built' or 'skipped' (and the exit status)."""
    code = main(["build", "--jobs", "1", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    built = [ln for ln in out.splitlines() if ln.startswith("wrote ")]
    skipped = [ln for ln in out.splitlines() if ln.startswith("up to date: ")]
    assert bool(built) != bool(skipped), out
    return "built" if built else "skipped"


def test_second_build_is_skipped_and_says_so(project: Path, capsys) -> None:
    assert build(capsys) == "built"
    first = (project / "out" / "small.epub").read_bytes()
    assert build(capsys) == "skipped"
    code = main(["build", "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0 and "up to date: out/small.epub" in out
    assert "Small Hours" in out, "the summary still lists the book"
    assert (project / "out" / "small.epub").read_bytes() == first
    assert sorted(p.name for p in (project / "out").iterdir()) == ["small.epub"]


def test_force_rebuilds(project: Path, capsys) -> None:
    assert build(capsys) == "built"
    assert build(capsys, "--force") == "built"
    assert build(capsys) == "skipped"


@pytest.mark.parametrize("change", [
    "story", "sidecar", "style option", "trim option", "format option", "css", "template",
    "version",
])
def test_any_ingredient_change_rebuilds(project: Path, capsys, monkeypatch, change: str) -> None:
    assert build(capsys) == "built"
    assert build(capsys) == "skipped"
    args: list[str] = []
    if change == "story":
        with open(project / "stories" / "small.txt", "a", encoding="utf-8") as fh:
            fh.write("\nOne more line.\n")
    elif change == "sidecar":
        (project / "stories" / "small.toml").write_text('rating = "T"\n', encoding="utf-8")
    elif change == "style option":
        args = ["--style", "large-print"]
    elif change == "trim option":
        args = ["--trim", "a5"]
    elif change == "format option":
        args = ["--format", "epub,html"]
    elif change == "css":
        with open(project / "styles" / "base.css", "a", encoding="utf-8") as fh:
            fh.write("\n/* a change */\n")
    elif change == "template":
        with open(project / "templates" / "chapter.html", "a", encoding="utf-8") as fh:
            fh.write("\n{# a change #}\n")
    elif change == "version":
        monkeypatch.setattr("bookmaker.build.cache.__version__", "999.0")
    assert build(capsys, *args) == "built", change
    assert build(capsys, *args) == "skipped", change


def test_changed_or_missing_output_is_rebuilt(project: Path, capsys) -> None:
    assert build(capsys) == "built"
    epub = project / "out" / "small.epub"
    good = epub.read_bytes()
    epub.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))  # same size, different bytes
    assert build(capsys) == "built"
    assert epub.read_bytes() == good
    epub.unlink()
    assert build(capsys) == "built"
    assert epub.read_bytes() == good


def test_failed_book_is_retried(project: Path, capsys) -> None:
    story = project / "stories" / "small.txt"
    story.write_text("", encoding="utf-8")
    assert main(["build", "--jobs", "1"]) != 0
    assert main(["build", "--jobs", "1"]) != 0, "a failure is not cached"
    capsys.readouterr()
    story.write_text(STORY, encoding="utf-8")
    assert build(capsys) == "built"


def test_anthology_rebuilds_when_a_bound_story_changes(project: Path, capsys) -> None:
    (project / "stories" / "other.txt").write_text(STORY.replace("Small Hours", "Other"),
                                                   encoding="utf-8")
    with open(project / "bookmaker.toml", "a", encoding="utf-8") as fh:
        fh.write('[[anthology]]\ntitle = "Both"\nstories = ["stories/*.txt"]\n'
                 'formats = ["epub"]\n')
    assert build(capsys) == "built"
    assert build(capsys) == "skipped"
    with open(project / "stories" / "other.txt", "a", encoding="utf-8") as fh:
        fh.write("\nAn afterthought.\n")
    code = main(["build", "--jobs", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "up to date: out/small.epub" in lines
    assert any(ln.startswith("wrote out/other.epub") for ln in lines)
    assert any(ln.startswith("wrote out/both.epub") for ln in lines)


def test_key_is_a_pure_function_of_the_ingredients(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    job = Job(name="s", stories=(story,), formats=("epub",), options=BookOptions(style="classic"))
    ingredients = job_ingredients(job)
    assert compute_key(ingredients) == compute_key(dict(reversed(list(ingredients.items()))))
    assert job_key(job) == compute_key(ingredients)
    for name, value in [("formats", ["pdf"]), ("language", "de"), ("bookmaker", "x")]:
        assert compute_key({**ingredients, name: value}) != compute_key(ingredients), name
    other = Job(name="s", stories=(story,), formats=("epub",),
                options=BookOptions(style="large-print"))
    assert job_key(other) != job_key(job)


def test_a_damaged_manifest_is_ignored(project: Path, capsys) -> None:
    assert build(capsys) == "built"
    manifest = Manifest.load(project / "out")
    assert manifest.entries, "the build recorded the book"
    manifest.path.write_text("{not json", encoding="utf-8")
    assert build(capsys) == "built"
    assert build(capsys) == "skipped"
