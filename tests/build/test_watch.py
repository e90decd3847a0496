"""`bookmaker watch`: a save rebuilds the edited book only; a bad edit is one line."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bookmaker.build.plan import single_jobs
from bookmaker.build.watch import Plan, rebuild_line, snapshot, watch, watched_files
from bookmaker.cli import main
from bookmaker.settings.project import Defaults
from tests.build.stories import STORY


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two stories and a private build cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "other.txt").write_text(STORY.replace("Small Hours", "Other Hours"),
                                        encoding="utf-8")
    return tmp_path


def _planner(folder: Path) -> Callable[[], Plan]:
    stories = [folder / "small.txt", folder / "other.txt"]
    return lambda: Plan(tuple(single_jobs(stories, Defaults(), formats=["epub"])),
                        folder / "out")


def _edits(*steps: Callable[[], None]) -> Callable[[float], None]:
    """A sleep that makes one edit per poll (then none), so each round sees one save."""
    todo = list(steps)

    def sleep(_seconds: float) -> None:
        if todo:
            todo.pop(0)()
    return sleep


def _text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith("html"))


def _append(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_save_rebuilds_only_the_edited_book(folder: Path) -> None:
    lines: list[str] = []
    built = watch(_planner(folder), rounds=4, say=lambda t, err=False: lines.append(t),
                  sleep=_edits(lambda: None, _append(folder / "small.txt", "\nA cat came in.\n")))
    assert built == 2  # the first build, then the one save; idle polls build nothing
    assert len(lines) == 2
    assert "small.epub" in lines[0] and "other.epub" in lines[0]
    assert "small.epub" in lines[1] and "other.epub" not in lines[1]
    assert lines[1].endswith(" ms")
    assert "A cat came in." in _text(folder / "out" / "small.epub")


def test_a_bad_edit_is_one_error_line_and_the_watch_goes_on(folder: Path) -> None:
    out: list[tuple[str, bool]] = []
    sidecar = folder / "small.toml"
    watch(_planner(folder), rounds=4, say=lambda t, err=False: out.append((t, err)),
          sleep=_edits(lambda: sidecar.write_text("title = [\n", encoding="utf-8"),
                       lambda: sidecar.write_text('title = "Fixed Title"\n', encoding="utf-8")))
    errors = [t for t, err in out if err]
    assert len(errors) == 1 and errors[0].startswith("Error: ") and "small.toml" in errors[0]
    assert "Traceback" not in "".join(t for t, _ in out)
    assert any("Fixed Title" in _text(p) for p in (folder / "out").glob("*.epub"))
    assert "rebuilt" in out[-1][0]


def test_a_failing_planner_is_reported_and_watched_until_fixed(folder: Path) -> None:
    from bookmaker.errors import ConfigError

    flag = folder / "ok"
    good = _planner(folder)

    def planner() -> Plan:
        if not flag.exists():
            raise ConfigError("not yet", path=flag)
        return good()

    out: list[tuple[str, bool]] = []
    built = watch(planner, fixed=[flag], rounds=3, say=lambda t, err=False: out.append((t, err)),
                  sleep=_edits(lambda: flag.write_text("x", encoding="utf-8")))
    assert out[0][1] and out[0][0].startswith("Error: ") and "not yet" in out[0][0]
    assert built == 1 and (folder / "out" / "small.epub").is_file()


def test_watched_files_cover_every_input(folder: Path) -> None:
    (folder / "small.toml").write_text('cover = "art.png"\n', encoding="utf-8")
    styles = folder / "mystyles"
    (styles / "sub").mkdir(parents=True)
    (styles / "sub" / "a.css").write_text("p{}", encoding="utf-8")
    defaults = Defaults(styles=str(styles))
    jobs = single_jobs([folder / "small.txt"], defaults, formats=["epub"], style="my.css")
    files = watched_files(Plan(tuple(jobs), folder / "out", (folder / "bookmaker.toml",)))
    for expected in ("small.txt", "small.toml", "art.png", "my.css", "bookmaker.toml",
                     "mystyles/sub/a.css"):
        assert folder / expected in files or Path(expected) in files, expected
    assert folder in files  # a story added to the folder is noticed
    assert "other.txt" not in {p.name for p in files}


def test_snapshot_sees_a_change_and_a_removal(folder: Path) -> None:
    story = folder / "small.txt"
    before = snapshot([story, folder / "none.txt"])
    assert before[folder / "none.txt"] is None
    story.write_text(STORY + "\nMore.\n", encoding="utf-8")
    assert snapshot([story]) != {story: before[story]}
    story.unlink()
    assert snapshot([story]) == {story: None}


def test_rebuild_line_is_silent_when_nothing_was_rebuilt(folder: Path) -> None:
    assert rebuild_line([], 0.01) is None


def test_cli_watch_builds_and_stops_on_ctrl_c(folder: Path, capsys, monkeypatch) -> None:
    import bookmaker.build.watch as w

    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(w, "_pause", interrupt)
    code = main(["watch", "small.txt", "-f", "epub"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "rebuilt out/small.epub" in captured.out
    assert captured.out.rstrip().endswith("watch stopped")
    assert (folder / "out" / "small.epub").is_file()


def test_cli_watch_of_a_project_folder(folder: Path, capsys) -> None:
    (folder / "stories").mkdir()
    (folder / "small.txt").rename(folder / "stories" / "small.txt")
    (folder / "bookmaker.toml").write_text('[defaults]\nformats = ["epub"]\n', encoding="utf-8")
    code = main(["watch", str(folder), "--max-rounds", "1"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "small.epub" in captured.out


@pytest.mark.parametrize("args", [["nope.txt"], ["nope.toml"]])
def test_cli_watch_of_a_missing_target_is_one_error(folder: Path, capsys, args) -> None:
    code = main(["watch", *args, "--max-rounds", "1"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("Error: ") and "nope" in err and "Traceback" not in err


def test_a_template_edited_under_the_watch_is_read_again(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates are read once per process, except under a watch, where a saved template
    rebuilds the books with the new text."""
    import shutil

    from bookmaker.render import templating
    from bookmaker.resources import data_dir

    monkeypatch.setattr(templating, "_reload", False)  # as in a process that never watched
    templating._environment.cache_clear()

    templates = folder / "mine"
    shutil.copytree(data_dir("templates"), templates)
    colophon = templates / "epub" / "colophon.xhtml"
    stories = [folder / "small.txt"]

    def planner() -> Plan:
        jobs = single_jobs(stories, Defaults(templates=str(templates)), formats=["epub"])
        return Plan(tuple(jobs), folder / "out")

    def edit() -> None:
        colophon.write_text(colophon.read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}<p>Edited under the watch</p>", 1),
            encoding="utf-8")

    assert "{% block content %}" in colophon.read_text(encoding="utf-8")
    built = watch(planner, fixed=[templates], rounds=3, say=lambda t, err=False: None,
                  sleep=_edits(edit))
    assert built == 2
    assert "Edited under the watch" in _text(folder / "out" / "small.epub")
