"""Word input (.docx through mammoth), and the clear errors for what cannot be read."""

from __future__ import annotations

import pytest

from bookmaker.cli import main
from bookmaker.errors import InputError
from bookmaker.load import load_story
from bookmaker.read.choose import read_source
from tests.read import stories


def _italic(story) -> set[str]:
    return {r.text for c in story.chapters for p in c.paragraphs
            for r in getattr(p, "runs", ()) if "em" in r.marks or "i" in r.marks}


def test_docx_headings_italics_bold_and_core_properties(tmp_path):
    story = load_story(stories.docx(tmp_path / "story.docx"))
    assert story.meta["reader"] == "docx"
    assert story.title == stories.TITLE and story.authors == (stories.AUTHOR,)
    assert [c.title for c in story.chapters] == [t for t, _ in stories.CHAPTERS]
    assert _italic(story) == set(stories.ITALIC)


def test_docx_is_known_by_content_whatever_its_name(tmp_path):
    path = stories.docx(tmp_path / "story.bin")
    assert read_source(path).reader == "docx"


BAD = {
    "notword.docx": {"hello.txt": b"just a zip"},
}


@pytest.mark.parametrize("name,needle", [
    ("notword.docx", "not a Word document"), ("fake.docx", "not a zip archive"),
    ("cut.docx", "zip archive that cannot be opened"),
])
def test_unreadable_files_are_one_clear_error(tmp_path, capsys, name, needle):
    path = stories.unreadable(tmp_path / name, BAD, stories.docx)
    with pytest.raises(InputError, match=needle):
        load_story(path)
    assert main(["inspect", str(path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"Error: {path}: ") and needle in err[0]


def _paged(path, first_lines: list[str], with_headings: bool = False):
    import docx as pydocx
    from docx.enum.text import WD_BREAK

    d = pydocx.Document()
    d.core_properties.title = "Paged"
    d.add_paragraph("Paged")
    for n, first in enumerate(first_lines):
        d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        if with_headings:
            d.add_heading(f"Part {n + 1}", level=2)
        d.add_paragraph(first)
        d.add_paragraph(f"The {n + 1}th stretch of prose runs on for a while, long enough to "
                        "be nothing like a heading, and ends.")
    d.save(str(path))
    return path


def test_page_breaks_are_chapter_breaks_where_the_author_used_them_so(tmp_path):
    story = load_story(_paged(tmp_path / "paged.docx", ["The Tower", "The Harbour", "Dawn"]))
    assert [c.label for c in story.chapters] == ["The Tower", "The Harbour", "Dawn"]
    assert any("page break" in d.reason for d in story.decisions)


def test_page_breaks_before_prose_or_headings_are_layout_only(tmp_path):
    prose = ["It rained all night on the tower and nobody came up the stairs to see her."] * 3
    story = load_story(_paged(tmp_path / "prose.docx", prose))
    assert len(story.chapters) == 1
    story = load_story(_paged(tmp_path / "heads.docx", ["Short", "Lines", "Here"], True))
    assert [c.label for c in story.chapters] == ["Part 1", "Part 2", "Part 3"]
