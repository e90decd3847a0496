"""Metadata from flags and the project's [defaults]: flags > sidecar > defaults > text."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from bookmaker.cli import cli
from bookmaker.errors import ConfigError
from bookmaker.load import load_story
from bookmaker.settings.overrides import MetadataLayers, Overrides, check_overrides
from bookmaker.settings.project import parse_project

STORY = """The Long Road

by Text Author

Chapter 1

Kakashi walked the long road home in the rain, thinking of nothing.

Chapter 2

Iruka waited at the gate with tea that had long gone cold.
"""


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "road.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


NONE = Overrides()
PROJECT_NONE = Overrides(source="bookmaker.toml [defaults]")


def _layers(defaults: Overrides = PROJECT_NONE, flags: Overrides = NONE) -> MetadataLayers:
    return MetadataLayers(defaults=defaults, flags=flags)


def _where(story, what: str) -> list[str]:
    return [d.reason for d in story.decisions if d.what == what]


def test_text_alone_keeps_its_author(story):
    assert load_story(story, layers=_layers()).authors == ("Text Author",)


def test_project_defaults_beat_the_text(story):
    under = Overrides(authors=("Project Author",), series="Saga", publisher="Jo's Press",
                      source="bookmaker.toml [defaults]")
    s = load_story(story, layers=_layers(defaults=under))
    assert s.authors == ("Project Author",)
    assert s.meta["series"] == "Saga" and s.meta["publisher"] == "Jo's Press"
    assert _where(s, "authors")[0] == "bookmaker.toml [defaults]"  # the winning one first


def test_sidecar_beats_project_defaults(story):
    story.with_suffix(".toml").write_text('authors = "Sidecar Author"\n', encoding="utf-8")
    under = Overrides(authors=("Project Author",), source="bookmaker.toml [defaults]")
    s = load_story(story, layers=_layers(defaults=under))
    assert s.authors == ("Sidecar Author",)


def test_flags_beat_the_sidecar(story):
    story.with_suffix(".toml").write_text('authors = "Sidecar Author"\nseries = "Old"\n',
                                          encoding="utf-8")
    flags = Overrides(authors=("Flag One", "Flag Two"), title="New Title", series="New",
                      series_index=3, language="de")
    s = load_story(story, layers=_layers(flags=flags))
    assert s.authors == ("Flag One", "Flag Two")
    assert s.title == "New Title"
    assert (s.meta["series"], s.meta["series_index"], s.meta["language"]) == ("New", "3", "de")
    assert _where(s, "meta:series")[0] == "flag --series"  # the newest decision comes first
    [beaten] = [d for d in s.decisions if d.what == "meta:series" and d.overridden]
    assert (beaten.reason, beaten.overridden) == ("sidecar road.toml", "Old")


@pytest.mark.parametrize("bad, key", [
    (Overrides(language="xx-!!"), "--language"),
    (Overrides(series_index=0), "--series-index"),
    (Overrides(authors=(" ",)), "--author"),
    (Overrides(title=""), "--title"),
])
def test_bad_flag_values_are_refused(bad, key):
    with pytest.raises(ConfigError, match=key):
        check_overrides(bad)


def test_a_cover_that_is_not_an_image_is_refused(tmp_path):
    fake = tmp_path / "cover.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50)
    with pytest.raises(ConfigError):
        check_overrides(Overrides(cover=str(fake)))


def test_project_defaults_keys_are_read():
    spec = parse_project({"defaults": {"authors": ["A", "B"], "series": "S",
                                       "publisher": "P"}})
    assert spec.defaults.authors == ("A", "B")
    assert (spec.defaults.series, spec.defaults.publisher) == ("S", "P")


def test_project_defaults_reject_a_wrong_type():
    with pytest.raises(ConfigError, match="defaults.authors"):
        parse_project({"defaults": {"authors": 3}})


# --- through the command line -------------------------------------------------------


def _opf(epub) -> str:
    with zipfile.ZipFile(epub) as z:
        return next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))


def test_build_flags_reach_the_epub(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "build", str(story), "-f", "epub", "-o", str(out), "--author", "Jo Writer",
        "--author", "Al Other", "--series", "Konoha", "--series-index", "2",
        "--language", "fr"])
    assert result.exit_code == 0, result.output
    [epub] = out.glob("*.epub")
    opf = _opf(epub)
    assert "Jo Writer</dc:creator>" in opf and "Al Other</dc:creator>" in opf
    assert "<dc:language>fr</dc:language>" in opf and "Konoha" in opf


def test_project_defaults_reach_the_epub(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bookmaker.toml").write_text(
        'stories = ["road.txt"]\n[defaults]\nformats = ["epub"]\nauthors = "Proj Author"\n'
        'publisher = "Jo\'s Press"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    [epub] = (tmp_path / "out").glob("*.epub")
    opf = _opf(epub)
    assert "Proj Author</dc:creator>" in opf and "Jo's Press</dc:publisher>" in opf
    again = CliRunner().invoke(cli, ["build", "--author", "Flag Author"])
    assert "up to date" not in again.output  # a flag changes the book: not a cache hit
    assert "Flag Author</dc:creator>" in _opf(epub)


@pytest.mark.parametrize("args", [
    ["--language", "xx-!!"], ["--cover", "missing.png"], ["--series-index", "0"],
])
def test_bad_flags_write_nothing(story, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(story), "-f", "epub", "-o", str(out), *args])
    assert result.exit_code in (2, 4), result.output
    assert not out.exists() or not list(out.iterdir())


def test_title_flag_needs_one_story(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(story), str(other), "--title", "X",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--title" in result.output


def test_cover_flag_is_the_books_cover(story, tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    buf = io.BytesIO()
    Image.new("RGB", (60, 90), (200, 30, 30)).save(buf, "PNG")
    (tmp_path / "c.png").write_bytes(buf.getvalue())
    result = CliRunner().invoke(cli, ["build", str(story), "-f", "epub", "--cover", "c.png",
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [epub] = (tmp_path / "out").glob("*.epub")
    with zipfile.ZipFile(epub) as z:
        covers = [n for n in z.namelist() if "cover" in n.lower() and n.endswith(".png")]
    assert covers


def test_inspect_shows_where_each_value_came_from(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bookmaker.toml").write_text('[defaults]\nseries = "Saga"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(story), "--author", "Jo Writer"])
    assert result.exit_code == 0, result.output
    [authors] = [ln for ln in result.output.splitlines() if ln.startswith("Authors")]
    assert "Jo Writer" in authors and "← flag" in authors
    assert "series: Saga  ← bookmaker.toml [defaults]" in result.output


def test_anthology_flags_apply_to_each_story(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(STORY.replace("The Long Road", "The Short Road"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["anthology", str(story), str(other), "-t", "Both",
                                      "-f", "epub", "--author", "Jo Writer", "--language",
                                      "de", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [epub] = (tmp_path / "out").glob("*.epub")
    opf = _opf(epub)
    assert "Jo Writer</dc:creator>" in opf and "Text Author" not in opf
    assert "<dc:language>de</dc:language>" in opf
