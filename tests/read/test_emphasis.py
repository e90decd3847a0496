"""Emphasis marks in plain text: balanced *x*, **x**, _x_ and /x/ spans become runs when
the text uses them as emphasis, never inside URLs, file names, 5*3 or ornament lines."""

from __future__ import annotations

from bookmaker.load import load_story
from bookmaker.read.emphasis import find_marks

STORY = """The Quiet Room

by Ada Vale

She had *never* seen the sea, and she said so: "_Never_, not once."

The sign read **CLOSED**, which was **wrong**, and the file was my_notes_final.txt.

* * *

He wrote 5*3*2 on the board, then http://example.com/a_b_c/*x*/ and /etc/hosts/.

It was *very* late, and she was _so_ tired of /waiting/ for the /last/ train.
"""


def _marked(story) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.text, r.marks) for c in story.chapters for p in c.paragraphs
            for r in getattr(p, "runs", ()) if r.marks]


def test_balanced_marks_become_runs_and_the_choice_is_recorded(tmp_path):
    path = tmp_path / "room.txt"
    path.write_text(STORY, encoding="utf-8")
    story = load_story(path)
    marked = _marked(story)
    assert ("never", ("em",)) in marked and ("Never", ("em",)) in marked
    assert ("CLOSED", ("strong",)) in marked and ("very", ("em",)) in marked
    assert ("waiting", ("i",)) in marked and ("last", ("i",)) in marked
    texts = [str(p) for c in story.chapters for p in c.paragraphs]
    assert any("my_notes_final.txt" in t for t in texts), "file names keep their underscores"
    assert any("5*3*2" in t and "http://example.com/a_b_c/*x*/" in t for t in texts)
    assert sum(len(c.scenes) for c in story.chapters) == 2, "the ornament is a scene break"
    (decision,) = [d for d in story.decisions if d.what == "read.emphasis"]
    assert "spans" in decision.reason


def test_one_pair_is_chance_not_emphasis():
    assert find_marks(["a *b* c", "x_y_z and 2*3*4"]) == {}
    assert find_marks(["a *b* c", "d *e* f"]) == {"*": 2}


def test_no_marks_no_decision(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Plain\n\nNothing is marked here at all, not one word.\n", encoding="utf-8")
    story = load_story(path)
    assert not _marked(story)
    assert not [d for d in story.decisions if d.what == "read.emphasis"]


def test_the_sidecar_can_keep_the_marks_as_text(tmp_path):
    path = tmp_path / "room.txt"
    path.write_text(STORY, encoding="utf-8")
    (tmp_path / "room.toml").write_text('[typography]\ndisable = ["emphasis-marks"]\n',
                                       encoding="utf-8")
    story = load_story(path)
    assert not _marked(story)
    assert any("*never*" in str(p) for c in story.chapters for p in c.paragraphs)
    (decision,) = [d for d in story.decisions if d.what == "read.emphasis"]
    assert "sidecar" in decision.reason
    assert "\u201c" in "".join(str(p) for c in story.chapters for p in c.paragraphs), \
        "the typography rules still run"
