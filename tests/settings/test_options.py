"""Options are values checked before anything is written: trim, style, formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bookmaker.cli import cli
from bookmaker.errors import ConfigError
from bookmaker.settings.options import check_formats, check_style, check_trim

STORY = "A Title\n\nSome prose that is the whole story.\n"


def _project(tmp_path: Path, defaults: str) -> Path:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "one.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "bookmaker.toml").write_text(f"[defaults]\n{defaults}\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("defaults", "key"), [
    ('trim = "bogus"', "defaults.trim"),
    ('style = "no-such-theme"', "defaults.style"),
    ('style = "missing.css"', "defaults.style"),
])
def test_a_bad_project_value_stops_the_build_before_any_file(tmp_path, monkeypatch, defaults,
                                                              key):
    root = _project(tmp_path, f'{defaults}\nformats = ["epub", "pdf"]')
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 4, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines == [lines[0]] and lines[0].startswith("Error: bookmaker.toml: " + key + ": ")
    assert "(" in lines[0]  # a hint
    assert not (root / "out").exists() or not any((root / "out").iterdir())


@pytest.mark.parametrize(("flag", "value"), [("--trim", "bogus"), ("--style", "no-such-theme")])
def test_a_bad_flag_stops_even_an_epub_build(tmp_path, flag, value):
    story = tmp_path / "one.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(story), "-o", str(out), "-f", "epub",
                                      flag, value])
    assert result.exit_code == 4, result.output
    assert result.output.startswith(f"Error: {flag}: ")
    assert not out.exists()


def test_validators_accept_what_renderers_accept(tmp_path):
    assert check_trim("5x8in") == "5x8in"
    assert check_style("large-print") == "large-print"
    css = tmp_path / "mine.css"
    css.write_text("p { color: black }", encoding="utf-8")
    assert check_style("mine.css", root=tmp_path) == str(css.resolve())
    assert check_formats(["pdf", "epub", "epub"]) == ("pdf", "epub")
    with pytest.raises(ConfigError, match='defaults.formats: unknown format "mobi"'):
        check_formats(["mobi"], key="defaults.formats")


def test_a_format_given_twice_is_built_once(tmp_path):
    story = tmp_path / "one.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(story), "-o", str(tmp_path / "o"),
                                      "-f", "epub,epub"])
    assert result.exit_code == 0, result.output
    assert [p.suffix for p in (tmp_path / "o").iterdir() if not p.name.startswith(".")] == [
        ".epub"]


def test_one_language_check_a_tag_the_sidecar_accepts_tags_the_book(tmp_path):
    from bookmaker.bind import single_book
    from bookmaker.layout import layout_book
    from bookmaker.load import load_story

    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "s.toml").write_text('language = "de-x-foo"\n', encoding="utf-8")
    assert layout_book(single_book(load_story(tmp_path / "s.txt"))).lang == "de-x-foo"
    (tmp_path / "s.toml").write_text('language = "not a tag"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="language: .* is not a language tag"):
        load_story(tmp_path / "s.txt")
