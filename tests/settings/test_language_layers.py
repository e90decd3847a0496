"""The story's language is decided once, before parsing and typography:
flag > sidecar > project ``[defaults] language`` > what the text names or shows."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from bookmaker.cli import cli

FRENCH = """Le Long Chemin

Chapitre 1

"Bonjour," dit-il. Il était une fois un homme qui marchait sur le chemin avec son chien,
et il ne savait pas où il allait. C'est la vie, dit-elle : on ne sait jamais.

Chapitre 2

Le chien était fatigué et il voulait dormir dans la maison de sa mère, mais il n'y avait
pas de maison pour lui.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A French-looking story in a project whose defaults say German."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conte.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "bookmaker.toml").write_text(
        '[defaults]\nformats = ["epub"]\nlanguage = "de"\n', encoding="utf-8")
    return tmp_path


def _built(args: list[str]) -> tuple[str, str]:
    """The EPUB's dc:language and its chapters' text, built with ``args``."""
    result = CliRunner().invoke(cli, ["build", "conte.txt", "-o", "out", *args])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile("out/conte.epub") as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
        pages = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    lang = opf.split("<dc:language>")[1].split("<")[0]
    return lang, pages


def test_project_default_beats_the_text_and_sets_the_quotes(project):
    lang, pages = _built([])
    assert lang == "de"
    assert "„Bonjour,“" in pages and "« Bonjour" not in pages


def test_sidecar_language_beats_the_project_default(project):
    (project / "conte.toml").write_text('language = "fr"\n', encoding="utf-8")
    lang, pages = _built([])
    assert lang == "fr"
    assert "«\u202fBonjour,\u202f»" in pages


def test_language_flag_beats_sidecar_and_default(project):
    (project / "conte.toml").write_text('language = "fr"\n', encoding="utf-8")
    lang, pages = _built(["--language", "en"])
    assert lang == "en"
    assert "“Bonjour,”" in pages


def test_the_texts_own_headings_stay_headings_under_another_language(project):
    result = CliRunner().invoke(cli, ["inspect", "conte.txt"])
    assert result.exit_code == 0, result.output
    assert "Chapters (2 chapters" in result.output
    assert "language: de  ← bookmaker.toml [defaults]" in result.output


def test_without_a_default_the_text_shows_its_language(project):
    (project / "bookmaker.toml").write_text('[defaults]\nformats = ["epub"]\n', encoding="utf-8")
    lang, pages = _built([])
    assert lang == "fr"
    assert "«\u202fBonjour,\u202f»" in pages


ENGLISH_UNDER_GERMAN_HEADINGS = """The Long Road

Vorwort

The walk was long and the road was dusty and the sun was hot on their backs all day.

Kapitel 1

They had walked for hours and the house was nowhere to be seen, though the map said so.

Nachwort

The end of the road came at last, and the house was there waiting for them that evening.
"""


@pytest.mark.parametrize("args,chapters", [
    (["--language", "de"], "Chapters (3 chapters"), ([], "Chapters (1 chapter,")])
def test_the_declared_languages_headings_join_the_texts_own(tmp_path, monkeypatch, args,
                                                             chapters):
    """An English-looking text declared German: German heading words (Vorwort, Nachwort)
    are headings too, not only the words of the language the text shows."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "road.txt").write_text(ENGLISH_UNDER_GERMAN_HEADINGS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "road.txt", *args])
    assert result.exit_code == 0, result.output
    assert chapters in result.output
