"""The project file: schema, defaults, glob expansion, and clear errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bookmaker.cli import main
from bookmaker.errors import ConfigError
from bookmaker.settings.project import (
    Defaults,
    implied_project,
    load_project,
    parse_project,
)
from tests.conftest import ROOT

STORY = "Title\n\nChapter 1\n\nSome words here.\n"


def _project(tmp_path: Path, toml: str, stories: tuple[str, ...] = ("a.txt", "b.txt")) -> Path:
    for name in stories:
        p = tmp_path / "stories" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(STORY, encoding="utf-8")
    path = tmp_path / "bookmaker.toml"
    path.write_text(toml, encoding="utf-8")
    return path


def _error(tmp_path: Path, toml: str, **kw) -> str:
    path = _project(tmp_path, toml, **kw)
    with pytest.raises(ConfigError) as info:
        load_project(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    return message


def test_full_schema(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    path = _project(tmp_path, """
stories = ["stories/b.txt"]
[defaults]
output = "books"
formats = ["pdf", "EPUB"]
style = "large-print"
trim = "trade"
language = "fr"
templates = "tpl"
styles = "css"
[[anthology]]
title = " All "
subtitle = "Two"
editor = "Ed"
description = "Both."
cover = "cover.png"
stories = ["stories/b.txt", "stories/a.txt"]
trim = "pocket"
file = "all"
[[anthology]]
title = "Again"
stories = "stories/*.txt"
style = "classic"
formats = ["epub"]
language = "de"
""")
    project = load_project(path)
    assert project.output == tmp_path / "books"
    d = project.defaults
    assert (d.formats, d.style, d.trim, d.language) == (("pdf", "epub"), "large-print", "trade",
                                                        "fr")
    assert d.templates == str((tmp_path / "tpl").resolve())
    assert d.styles == str((tmp_path / "css").resolve())
    assert [p.name for p in project.stories] == ["b.txt"]
    first, second = project.anthologies
    assert first.title == "All" and first.subtitle == "Two" and first.editor == "Ed"
    assert [p.name for p in first.stories] == ["b.txt", "a.txt"], "the order given is kept"
    assert first.cover is not None and first.cover.name == "cover.png"
    assert (first.style, first.trim, first.language, first.formats, first.file) == (
        "large-print", "pocket", "fr", ("pdf", "epub"), "all")
    assert [p.name for p in second.stories] == ["a.txt", "b.txt"], "globs sort"
    assert (second.style, second.trim, second.language, second.formats) == (
        "classic", "trade", "de", ("epub",))


def test_empty_file_means_defaults_and_stories_folder(tmp_path):
    project = load_project(_project(tmp_path, ""))
    assert project.defaults == Defaults()
    assert [p.name for p in project.stories] == ["a.txt", "b.txt"]
    assert project.anthologies == ()


def test_no_stories_folder_is_fine_without_a_stories_key(tmp_path):
    path = tmp_path / "bookmaker.toml"
    path.write_text("[defaults]\nstyle = 'classic'\n")
    assert load_project(path).stories == ()


def test_implied_project_of_a_bare_folder(tmp_path):
    _project(tmp_path, "")
    (tmp_path / "bookmaker.toml").unlink()
    project = implied_project(tmp_path)
    assert project.path is None and len(project.stories) == 2


def test_parse_is_pure_and_keeps_patterns():
    spec = parse_project({"anthology": [{"title": "T", "stories": ["nowhere/*.txt"]}]})
    assert spec.anthologies[0].stories == ("nowhere/*.txt",)


@pytest.mark.parametrize(("toml", "needles"), [
    ("[defaults]\nstyle = 'classic'\ntrimm = 'a5'\n",
     ['defaults.trimm: unknown key "trimm"', 'did you mean "trim"']),
    ("[[anthology]]\ntitle = 'T'\nstories = ['stories/a.txt']\nzzz = 1\n",
     ['anthology[1].zzz: unknown key', "known keys: title"]),
    ("colour = 1\n", ['colour: unknown key']),
    ("[[anthology]]\ntitle = 'T'\nstories = ['x/*.txt']\n",
     ['anthology[1].stories: glob "x/*.txt" matches nothing']),
    ("[[anthology]]\ntitle = 'A'\nstories = ['stories/a.txt']\n"
     "[[anthology]]\ntitle = 'B'\nstories = ['stories/zz.txt']\n",
     ['anthology[2].stories: story "stories/zz.txt" does not exist']),
    ("stories = ['stories']\n", ['stories: "stories" is not a file', "glob"]),
    ("stories = ['nothing/*.txt']\n", ['stories: glob "nothing/*.txt" matches nothing']),
    ("[[anthology]]\ntitle = 'T'\nstories = ['stories/*.txt', 'stories/a.txt']\n",
     ['anthology[1].stories: story "stories/a.txt" is listed twice',
      '"stories/*.txt"']),
    ("[[anthology]]\ntitle = 'T'\nstories = ['stories/a.txt', './stories/a.txt']\n",
     ['anthology[1].stories', "listed twice"]),
    ("[defaults]\nformats = 'epub,pdf'\n", ['defaults.formats: unknown format "epub,pdf"']),
    ("[defaults]\nformats = ['mobi']\n", ['defaults.formats: unknown format "mobi"',
                                          "epub, pdf, html"]),
    ("[defaults]\nformats = 3\n",
     ["defaults.formats: expected a string or a list of strings, got an integer"]),
    ("[defaults]\nformats = ['epub', 2]\n", ["defaults.formats", "item 2 is an integer"]),
    ("[defaults]\nformats = []\n", ["defaults.formats: must list at least one"]),
    ("[defaults]\nstyle = 2\n", ["defaults.style: expected a string, got an integer"]),
    ("[defaults]\nlanguage = 'english please'\n", ["defaults.language", "not a language tag"]),
    ("[defaults]\ntemplates = 'mine'\n", ['defaults.templates: folder "mine" does not exist']),
    ("[defaults]\nstyle = 'mine.css'\n", ['defaults.style: style sheet "mine.css" does not']),
    ("defaults = 3\n", ["defaults: expected a table, got an integer"]),
    ("[anthology]\ntitle = 'T'\n", ["anthology: write each anthology as [[anthology]]"]),
    ("[[anthology]]\nstories = ['stories/a.txt']\n", ["anthology[1].title: missing"]),
    ("[[anthology]]\ntitle = 'T'\n", ["anthology[1].stories: missing"]),
    ("[[anthology]]\ntitle = '  '\nstories = ['stories/a.txt']\n",
     ["anthology[1].title: must not be empty"]),
    ("[[anthology]]\ntitle = 'T'\nstories = []\n", ["anthology[1].stories: must list at least"]),
    ("[[anthology]]\ntitle = 'T'\nstories = ['stories/a.txt']\ncover = 'stories/a.txt'\n",
     ['anthology[1].cover: cover "stories/a.txt" is not a PNG, JPEG or GIF']),
    ("[[anthology]]\ntitle = 'T'\nstories = ['stories/a.txt']\ncover = 'c.jpg'\n",
     ['anthology[1].cover: cannot read cover "c.jpg"']),
    ("[defaults]\nstyle = 'classic'\nstyle = 'x'\n", ["invalid TOML", "line 3"]),
    ("[[anthology]]\ntitle = = 'T'\n", ["invalid TOML", "line 2, column 9"]),
])
def test_bad_project_files_name_file_and_key(tmp_path, toml, needles):
    message = _error(tmp_path, toml)
    for needle in needles:
        assert needle in message, message


def test_not_utf8(tmp_path):
    path = tmp_path / "bookmaker.toml"
    path.write_bytes(b"[defaults]\nstyle = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_project(path)


def test_missing_project_file(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_project(tmp_path / "bookmaker.toml")


def test_cli_reports_bad_project_file_in_one_line(tmp_path, monkeypatch, capsys):
    _project(tmp_path, "[[anthology]]\ntitle = 'T'\nstories = ['x/*.txt']\n")
    monkeypatch.chdir(tmp_path)
    code = main(["build"])
    err = capsys.readouterr().err
    assert code == ConfigError.exit_code
    assert err.strip().splitlines() == [
        'Error: bookmaker.toml: anthology[1].stories: glob "x/*.txt" matches nothing '
        f"(paths are relative to {tmp_path.resolve()})"
    ]


def test_repository_project_file_binds_the_five_samples(sample_paths):
    project = load_project(ROOT / "bookmaker.toml")
    assert sorted(p.resolve() for p in project.stories) == [p.resolve() for p in sample_paths]
    (anthology,) = project.anthologies
    assert sorted(p.resolve() for p in anthology.stories) == [p.resolve() for p in sample_paths]
    assert set(project.defaults.formats) == {"epub", "pdf"}


def test_starter_project_is_a_valid_project(tmp_path, capsys):
    assert main(["new", str(tmp_path / "mine")]) == 0
    root = tmp_path / "mine"
    project = load_project(root / "bookmaker.toml")
    assert [p.name for p in project.stories] == ["the-lighthouse-keeper.txt"]
    assert project.defaults.templates == str((root / "templates").resolve())
    assert (root / "templates" / "chapter.html").is_file()
    assert (root / "styles" / "base.css").is_file()
    tomllib.loads((root / "bookmaker.toml").read_text())
    # a second `new` in the same folder changes nothing and says why
    before = (root / "bookmaker.toml").read_bytes()
    assert main(["init", str(root)]) != 0
    assert "already exists" in capsys.readouterr().err
    assert (root / "bookmaker.toml").read_bytes() == before


# -- found upwards, like git (issue 17) --------------------------------------------------


def test_project_is_found_from_a_subfolder(tmp_path, monkeypatch, capsys):
    from bookmaker.cli import main
    from bookmaker.settings.project import find_project

    (tmp_path / "stories" / "deep").mkdir(parents=True)
    (tmp_path / "stories" / "road.txt").write_text(
        "The Road\n\nChapter 1\n\nIt was a long road.\n", encoding="utf-8")
    (tmp_path / "bookmaker.toml").write_text(
        'stories = ["stories/*.txt"]\n[defaults]\nformats = ["epub"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "stories" / "deep")
    assert find_project(".") is None  # not upwards unless asked
    assert find_project(".", upwards=True).resolve() == (tmp_path / "bookmaker.toml").resolve()
    assert main(["build"]) == 0
    assert (tmp_path / "out" / "road.epub").is_file()  # the project's own output folder


def test_upward_search_stops_at_a_repository_root(tmp_path, monkeypatch):
    from bookmaker.settings.project import find_project

    (tmp_path / "bookmaker.toml").write_text("", encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    assert find_project(tmp_path / "repo" / "sub", upwards=True) is None
    assert find_project(tmp_path / "repo", upwards=True) is None
