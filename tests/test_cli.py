"""CLI behaviour through click's CliRunner."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from bookmaker.cli import cli, main


def test_help_explains_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "inspect" in result.output and "build" in result.output


def _commands(group: click.Group, prefix: str = "bookmaker"):
    for name, command in group.commands.items():
        if command.hidden:
            continue
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def test_help_documents_every_command_flag_and_argument():
    missing = []
    for name, command in [("bookmaker", cli), *_commands(cli)]:
        if not (command.help or command.short_help):
            missing.append(f"{name}: no help text")
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and not param.help:
                missing.append(f"{name} {param.opts[0]}: no help")
        shown = CliRunner().invoke(cli, [*name.split()[1:], "--help"])
        assert shown.exit_code == 0, (name, shown.output)
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                if not any(opt in shown.output for opt in param.opts):
                    missing.append(f"{name} {param.opts[0]}: not in --help")
            elif isinstance(param, click.Argument) and param.name.upper() not in shown.output:
                missing.append(f"{name} {param.name}: argument not named in --help")
    assert not missing, missing


def test_inspect_json_has_contract_keys(sample_paths):
    result = CliRunner().invoke(cli, ["inspect", "--json", str(sample_paths[0])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("title", "authors", "front_matter", "parts", "chapters", "end_matter"):
        assert key in data
    assert data["chapters"] and "scenes" in data["chapters"][0]


def test_missing_file_is_one_error_line(tmp_path, capsys):
    code = main(["inspect", str(tmp_path / "nope.txt")])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("Error: ") and "nope.txt" in err and "Traceback" not in err


def test_binary_file_is_a_clear_error(tmp_path, capsys):
    png = tmp_path / "story.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code = main(["inspect", str(png)])
    err = capsys.readouterr().err
    assert code == 3
    assert "story.txt" in err and "PNG" in err


# Broken input: one clear `Error: FILE: …` line and a non-zero exit, or a sensible
# result, never a traceback.


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("command", ["inspect", "build"])
@pytest.mark.parametrize(
    ("data", "code", "expected"),
    [
        (b"", 3, "story.txt: the file is empty"),
        (b"  \n\n\t \r\n\xc2\xa0\n", 3, "story.txt: the file is empty"),
        (b"\xef\xbb\xbf\r\n", 3, "story.txt: the file is empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 3, "story.txt: this is a PDF document, not a text file"),
        (b"PK\x03\x04\x14\x00\x00\x00", 3, "story.txt: this is a zip archive"),
        (bytes((i * 7919 + 13) % 256 for i in range(20000)), 3, "story.txt: this is not a text"),
    ],
    ids=["empty", "whitespace", "bom-only", "pdf", "zip", "random-bytes"],
)
def test_bad_story_files_end_in_one_error_line(tmp_path, capsys, monkeypatch, command, data,
                                               code, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_bytes(data)
    build = ["-o", "out", "--format", "html"] if command == "build" else []
    args = [command, "story.txt", *build]
    assert main(args) == code
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"Error: {expected}"), line
    assert line.endswith(")"), "a hint in parentheses"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_invalid_utf8_is_a_best_effort_book(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_bytes(b"She opened the door.\n\nCaf\xe9 au lait \xff here.\n")
    assert main(["inspect", "--json", str(path)]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    paragraphs = [p for c in json.loads(out.out)["chapters"] for s in c["scenes"] for p in s]
    assert any("Caf\u00e9 au lait" in p for p in paragraphs)


def test_five_megabyte_single_line_inspects(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_bytes((b"word " * 1_000_000).strip() + b"\n")
    assert main(["inspect", "--json", str(path)]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    data = json.loads(out.out)
    assert sum(c["words"] for c in data["chapters"]) == 1_000_000


@pytest.mark.parametrize("command", ["inspect", "build"])
def test_bad_toml_sidecar_names_line_and_column(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "x.txt").write_text("Hello there.\n")
    (tmp_path / "stories" / "x.toml").write_text('title = "X"\n\nrating = T\n')
    args = [command, "stories/x.txt"] + (["-o", "out", "--format", "html"]
                                         if command == "build" else [])
    assert main(args) == 4
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith("Error: stories/x.toml: line 3, column 10: "), line
    assert line.endswith(")")


def test_sidecar_schema_error_names_the_key(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("Hello there.\n")
    (tmp_path / "x.toml").write_text('title = "X"\nratting = "T"\n')
    assert main(["inspect", str(tmp_path / "x.txt")]) == 4
    line = _one_error_line(capsys.readouterr().err)
    assert line == (f'Error: {tmp_path / "x.toml"}: ratting: unknown key "ratting" '
                    '(did you mean "rating"?)')


# -- options anywhere, `new` on a project (issue 17) -----------------------------------


def test_quiet_and_verbose_work_after_the_subcommand(tmp_path, monkeypatch, capsys):
    from bookmaker.cli import hoist_globals

    assert hoist_globals(["build", "a.txt", "-q", "--", "-v"]) == ["-q", "build", "a.txt",
                                                                    "--", "-v"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Title\n\nChapter 1\n\nSome words here.\n",
                                    encoding="utf-8")
    assert main(["build", "a.txt", "-f", "epub", "-q"]) == 0
    assert capsys.readouterr().out == ""  # quiet: no "wrote" line, no summary
    assert (tmp_path / "out" / "a.epub").is_file()
    assert main(["inspect", "a.txt", "-vv"]) == 0


def test_new_on_an_existing_project_is_a_usage_error(tmp_path, capsys):
    assert main(["new", str(tmp_path / "p")]) == 0
    before = (tmp_path / "p" / "bookmaker.toml").read_bytes()
    capsys.readouterr()
    assert main(["new", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "Traceback" not in err
    assert (tmp_path / "p" / "bookmaker.toml").read_bytes() == before


def test_init_is_an_alias_not_listed_twice():
    result = CliRunner().invoke(cli, ["--help"])
    listed = [ln.split()[0] for ln in result.output.split("Commands:")[1].splitlines()
              if ln.strip()]
    assert "new" in listed and "init" not in listed
    assert CliRunner().invoke(cli, ["init", "--help"]).exit_code == 0
