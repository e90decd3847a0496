"""``bookmaker inspect``: the readable tree and ``--json``, through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bookmaker.cli import cli
from bookmaker.explain import format_tree
from bookmaker.model import Block, Chapter, Decision, Part, Story

STORY = Story(
    title="Bounty",
    authors=("Jo Writer",),
    front_matter=(Block("disclaimer", "Disclaimer", ("I don't own Naruto.",), line=1),),
    parts=(Part("Part One: Winter", 0, line=9),),
    chapters=(
        Chapter("Chapter 1: Crushed", "Crushed", 1, (("a b c", "d e"), ("f g h i",)),
                notes_before=(Block("notes", "A/N", ("Thanks!",), line=12),), line=11),
        Chapter("Chapter 2", None, 2, (("j k",),), line=30),
    ),
    end_matter=(Block("end-marker", "", ("-TBC-",), line=40),),
    meta={"language": "en", "rating": "T"},
    decisions=(
        Decision(0, "title", "sidecar bounty.toml", "Bounty"),
        Decision(0, "meta:rating", "sidecar bounty.toml", "T"),
        Decision(1, "front:disclaimer", "starts with a 'Disclaimer' label", "Disclaimer- I"),
        Decision(7, "title", "short centred line before the first chapter", "Bounty"),
        Decision(7, "author", "a 'by NAME' line under the title", "by Jo Writer"),
        Decision(9, "part", "'Part One' heading", "Part One: Winter"),
        Decision(11, "chapter", "numbered heading 'Chapter N'", "Chapter 1: Crushed"),
        Decision(20, "scene-break", "a '* * *' line", "* * *"),
        Decision(30, "chapter", "numbered heading 'Chapter N'", "Chapter 2"),
        Decision(40, "end-marker", "matches -TBC-", "-TBC-"),
        Decision(41, "odd", "something unattached", "x"),
    ),
)


def test_tree_shows_every_element_with_line_and_reason():
    tree = format_tree(STORY)
    lines = tree.splitlines()
    assert lines[0] == ("Title    Bounty  (line 7)  ← sidecar bounty.toml; "
                        "short centred line before the first chapter")
    assert lines[1] == "Authors  Jo Writer  (line 7)  ← a 'by NAME' line under the title"
    assert "  rating: T  ← sidecar bounty.toml" in lines
    assert any(ln.strip().startswith("line     1  [disclaimer] Disclaimer: I don't own Naruto.")
               and "starts with a 'Disclaimer' label" in ln for ln in lines)
    assert "Chapters (2 chapters, 3 scenes, 11 words)" in lines
    assert "  Part: Part One: Winter  (line 9)  ← 'Part One' heading" in lines
    assert "  1. Chapter 1: Crushed  (line 11)  ← numbered heading 'Chapter N'" in lines
    assert "       2 scenes (2, 1 paragraphs), 9 words" in lines
    assert any("line    20  scene-break" in ln and "a '* * *' line" in ln for ln in lines)
    assert any("before line    12  [notes] A/N: Thanks!" in ln for ln in lines)
    assert "  2. Chapter 2  (line 30)  ← numbered heading 'Chapter N'" in lines
    assert any("[end-marker] -TBC-" in ln and "matches -TBC-" in ln for ln in lines)
    assert lines[-2] == "Other decisions"
    assert "something unattached" in lines[-1]


def test_each_decision_is_shown_once():
    tree = format_tree(STORY)
    for d in STORY.decisions:
        assert tree.count(d.reason) >= 1, d
    assert tree.count("numbered heading 'Chapter N'") == 2
    assert tree.count("matches -TBC-") == 1


def test_oneshot_without_heading():
    story = Story(title="t", chapters=(Chapter("", None, None, (("one two",),), line=1),))
    assert "  1. (no heading)  (line 1)" in format_tree(story)


def _write(tmp_path, text: str, sidecar: str | None = None):
    path = tmp_path / "tale.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "tale.toml").write_text(sidecar, encoding="utf-8")
    return path


def test_inspect_command_prints_the_tree(tmp_path):
    path = _write(tmp_path, "First para, \"quoted\".\n\nSecond para.\n",
                  'title = "A Tale"\nauthors = ["Jo"]\n')
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Title    A Tale")
    assert "Authors  Jo  ← sidecar tale.toml" in result.output
    assert "source: tale.txt" in result.output
    assert "Chapters (1 chapter" in result.output


def test_inspect_json_is_the_model(tmp_path):
    path = _write(tmp_path, "She said \"hi\" -- twice.\n", 'title = "A Tale"\nrating = "M"\n')
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "A Tale" and data["meta"]["rating"] == "M"
    for key in ("authors", "front_matter", "parts", "chapters", "end_matter", "decisions"):
        assert key in data
    paragraphs = [p for c in data["chapters"] for s in c["scenes"] for p in s]
    assert "She said \u201chi\u201d \u2014 twice." in paragraphs
    assert any(d["reason"] == "sidecar tale.toml" for d in data["decisions"])


def test_inspect_no_typography(tmp_path):
    path = _write(tmp_path, "She said \"hi\" -- twice.\n")
    result = CliRunner().invoke(cli, ["inspect", "--json", "--no-typography", str(path)])
    paragraphs = [p for c in json.loads(result.output)["chapters"] for s in c["scenes"] for p in s]
    assert paragraphs == ['She said "hi" -- twice.']


def test_inspect_shows_ingest_fixes(tmp_path):
    path = tmp_path / "tale.txt"
    path.write_bytes("It\u2019s fine.\r\n".encode().decode("cp1252").encode() + b"x\x00y\r\n")
    result = CliRunner().invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "repaired mojibake" in result.output and "normalized CRLF" in result.output


def test_inspect_never_shows_a_line_0():
    from bookmaker.explain import format_tree
    from bookmaker.model import Block, Chapter, Decision, Part, Story

    story = Story(title="T", front_matter=(Block("summary", "Summary", ("x",), 0),),
                  parts=(Part("Part One", 0, 0),),
                  chapters=(Chapter("Chapter 1", None, 1, (("p",),), line=0),),
                  decisions=(Decision(0, "meta:x", "from a flag"),))
    tree = format_tree(story)
    assert "line 0" not in tree and "line     0" not in tree
    assert "Chapter 1" in tree and "from a flag" in tree


# --- a value given outside the text: the winner's reason, the text's value overridden ---

TALE = """The Long Road

by Text Author

Chapter 1

Kakashi walked the long road home in the rain, thinking of nothing at all.
"""


def _inspect(tmp_path, monkeypatch, *args: str, sidecar: str = "") -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tale.txt").write_text(TALE, encoding="utf-8")
    if sidecar:
        (tmp_path / "tale.toml").write_text(sidecar, encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "tale.txt", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_flag_wins_and_the_texts_value_shows_as_overridden(tmp_path, monkeypatch):
    out = _inspect(tmp_path, monkeypatch, "--title", "New Road", "--author", "Jo")
    [title] = [ln for ln in out.splitlines() if ln.startswith("Title")]
    assert title.startswith("Title    New Road  ← flag --title  (text said \"The Long Road\", "
                            "line 1 ← ")
    assert "(line 1)" not in title  # the winner holds no line of the text
    [authors] = [ln for ln in out.splitlines() if ln.startswith("Authors")]
    assert authors.startswith('Authors  Jo  ← flag --author  (text said "Text Author", line 3')


def test_each_layer_beaten_is_named(tmp_path, monkeypatch):
    (tmp_path / "bookmaker.toml").write_text('[defaults]\nseries = "Saga"\n', encoding="utf-8")
    out = _inspect(tmp_path, monkeypatch, "--series", "Flagged", sidecar='series = "Side"\n')
    assert ('  series: Flagged  ← flag --series  (sidecar tale.toml said "Side")  '
            '(bookmaker.toml [defaults] said "Saga")') in out.splitlines()


def test_a_value_nobody_overrode_keeps_the_texts_reason(tmp_path, monkeypatch):
    out = _inspect(tmp_path, monkeypatch)
    [title] = [ln for ln in out.splitlines() if ln.startswith("Title")]
    assert title.startswith("Title    The Long Road  (line 1)  ← ") and "said" not in title


def test_json_marks_the_overridden_decisions(tmp_path, monkeypatch):
    data = json.loads(_inspect(tmp_path, monkeypatch, "--json", "--title", "New Road",
                               "--language", "de", sidecar='language = "fr"\n'))
    assert data["title"] == "New Road" and data["meta"]["language"] == "de"
    titles = [d for d in data["decisions"] if d["what"] == "title"]
    assert titles[0]["reason"] == "flag --title" and "overridden" not in titles[0]
    assert [d["overridden"] for d in titles[1:]] == ["The Long Road"]
    langs = [(d["reason"], d.get("overridden", "")) for d in data["decisions"]
             if d["what"] == "meta:language"]
    assert langs[0] == ("flag --language", "")
    assert ("sidecar tale.toml", "fr") in langs
    assert all(key in data["decisions"][0] for key in ("line", "what", "code", "reason", "text"))


def test_line_numbers_are_the_files_own_after_leading_blank_lines(tmp_path):
    """A file that opens with blank lines: every line inspect names is that line of the
    file (the sidecar's line hints and the review page rely on it)."""
    text = ("\n\n\nMy Title\n\nChapter 1\n\nThe walk was long and the road was dusty.\n\n"
            "Chapter 2\n\nThe end came at last, and the house was there.\n")
    path = tmp_path / "lead.txt"
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    result = CliRunner().invoke(cli, ["inspect", "--json", str(path)])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.output)
    for chapter in tree["chapters"]:
        assert lines[chapter["line"] - 1] == chapter["label"]
    title = next(d for d in tree["decisions"] if d["code"] == "title.line")
    assert lines[title["line"] - 1] == "My Title"
