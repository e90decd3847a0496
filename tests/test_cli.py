"""CLI behaviour through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bookmaker.cli import cli, main


def test_help_explains_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "inspect" in result.output and "build" in result.output


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
