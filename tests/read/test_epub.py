"""EPUB input (EbookLib, spine order, OPF metadata), and the clear errors for what
cannot be read."""

from __future__ import annotations

import pytest

from bookmaker.cli import main
from bookmaker.errors import InputError
from bookmaker.load import load_story
from tests.read import stories


def _italic(story) -> set[str]:
    return {r.text for c in story.chapters for p in c.paragraphs
            for r in getattr(p, "runs", ()) if "em" in r.marks or "i" in r.marks}


def test_epub_spine_order_and_opf_metadata(tmp_path):
    story = load_story(stories.epub(tmp_path / "story.epub"))
    assert story.meta["reader"] == "epub" and story.meta["language"] == "en"
    assert story.title == stories.TITLE and story.authors == (stories.AUTHOR,)
    assert [c.label for c in story.chapters] == ["Chapter 1: Embers", "Chapter 2: Ashes"]
    assert _italic(story) == set(stories.ITALIC)


def test_ao3_epub_is_read_by_the_ao3_mapping(tmp_path):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("ao3-1")
    book.set_title(stories.TITLE)
    book.set_language("en")
    page = epub.EpubHtml(title="Work", file_name="work.xhtml", lang="en")
    body = stories.ao3()
    page.content = body[body.index("<body>") + 6: body.index("</body>")]
    book.add_item(page)
    book.spine = [page]
    book.toc = [page]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    path = tmp_path / "ao3.epub"
    epub.write_epub(str(path), book)
    story = load_story(path)
    assert story.meta["reader"] == "epub:ao3"
    assert {"rating", "pairing", "summary"} <= {b.kind for b in story.front_matter}
    assert len(story.chapters) == 2


BAD = {
    "encrypted.epub": {"mimetype": b"application/epub+zip",
                       "META-INF/container.xml": b"<container/>",
                       "META-INF/encryption.xml": b"<encryption/>"},
    "broken.epub": {"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<c"},
    "other.epub": {"hello.txt": b"just a zip"},
}


@pytest.mark.parametrize("name,needle", [
    ("encrypted.epub", "encrypted"), ("broken.epub", "cannot be read"),
    ("fake.epub", "not a zip archive"), ("cut.epub", "zip archive that cannot be opened"),
    ("other.epub", "not an EPUB"),
])
def test_unreadable_files_are_one_clear_error(tmp_path, capsys, name, needle):
    path = stories.unreadable(tmp_path / name, BAD, stories.epub)
    with pytest.raises(InputError, match=needle):
        load_story(path)
    assert main(["inspect", str(path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"Error: {path}: ") and needle in err[0]
