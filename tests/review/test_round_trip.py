"""Corrections over HTTP: each one lands in the sidecar, the page re-parses, the books built
from the page carry it."""

from __future__ import annotations

import re
import tomllib
import zipfile
from io import BytesIO

from tests.review.conftest import INTERLUDE_LINE, Served


def _chapters(page: str) -> list[str]:
    listing = page.split('<ol class="chapters">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<a href="#line-\d+">([^<]*)</a>', listing)


def _sidecar(served: Served) -> dict:
    return tomllib.loads((served.folder / "lanterns.toml").read_text(encoding="utf-8"))


def _epub_text(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))


def test_mark_a_heading_then_build_the_epub(served: Served) -> None:
    before = _chapters(served.get("s/0").text)
    assert before == ["Chapter 1", "Chapter 2"]

    reply = served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "1"})
    assert reply.status == 303
    assert reply.headers["location"].endswith(f"#line-{INTERLUDE_LINE}")
    assert _sidecar(served)["structure"]["headings"] == [INTERLUDE_LINE]

    page = served.get("s/0").text
    assert _chapters(page) == ["Chapter 1", "The Lamplighter", "Chapter 2"]
    assert "heading.sidecar" in page

    assert served.get("s/0/file/epub").status == 404  # not built yet
    assert served.post("s/0/build", {"format": "epub"}).status == 303
    download = served.get("s/0/file/epub")
    assert download.status == 200
    assert download.headers["content-type"] == "application/epub+zip"
    assert "attachment" in download.headers["content-disposition"]
    text = _epub_text(download.body)
    assert re.search(r"<h[12][^>]*>(?:(?!</h).)*The Lamplighter", text, re.S)
    assert (served.folder.parent / "out" / "lanterns.epub").is_file()


def test_undo_a_heading(served: Served) -> None:
    served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "1"})
    served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "0"})
    assert _sidecar(served)["structure"] == {"not_headings": [INTERLUDE_LINE]}
    assert _chapters(served.get("s/0").text) == ["Chapter 1", "Chapter 2"]


def test_scene_break_block_kind_and_fields(served: Served) -> None:
    served.post("s/0/fix/break", {"line": "11", "on": "0"})
    served.post("s/0/fix/kind", {"line": "5", "kind": "notes"})
    served.post("s/0/fix/fields", {"title": "Paper Lanterns", "authors": "Jo Writer\nAl Pen",
                                   "series": "Lamps"})
    served.post("s/0/fix/chapter", {"number": "2", "title": "The End"})
    side = _sidecar(served)
    assert side["structure"] == {"not_breaks": [11]}
    assert side["blocks"] == {"5": "notes"}
    assert (side["title"], side["authors"], side["series"]) == (
        "Paper Lanterns", ["Jo Writer", "Al Pen"], "Lamps")
    assert side["chapters"] == {"2": "The End"}
    page = served.get("s/0").text
    assert "<h1>Paper Lanterns</h1>" in page
    assert "break.not-sidecar" in page and "block.sidecar" in page
    assert _chapters(page) == ["Chapter 1", "Chapter 2: The End"]


def test_a_bad_correction_is_reported_not_written(served: Served) -> None:
    for path, fields in (("s/0/fix/kind", {"line": "5", "kind": "poem"}),
                         ("s/0/fix/heading", {"line": "0", "on": "1"}),
                         ("s/0/fix/heading", {"line": "x", "on": "1"}),
                         ("s/0/fix/chapter", {"number": "9", "title": "Nope"}),
                         ("s/0/fix/nothing", {"line": "5"})):
        reply = served.post(path, fields)
        assert reply.status == 303, path
        assert "msg=" in reply.headers["location"]
    assert not (served.folder / "lanterns.toml").exists()


def test_project_view_shows_status(served: Served) -> None:
    row = served.get("").text.split("<tbody>", 1)[1]
    assert "Lanterns" in row and row.count("<td>no</td>") == 3  # not built, no sidecar
    served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "1"})
    served.post("s/0/build", {"format": "epub"})
    row = served.get("").text.split("<tbody>", 1)[1]
    assert "<td>EPUB</td>" in row
    assert row.count("<td>yes</td>") == 2  # up to date, has corrections


def test_a_correction_the_story_cannot_load_with_is_rolled_back(served: Served) -> None:
    served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "1"})
    served.post("s/0/fix/chapter", {"number": "3", "title": "Last"})
    kept = (served.folder / "lanterns.toml").read_text(encoding="utf-8")
    # un-marking the heading would leave [chapters] 3 naming a chapter the story lacks
    reply = served.post("s/0/fix/heading", {"line": str(INTERLUDE_LINE), "on": "0"})
    assert "Not%20saved" in reply.headers["location"]
    assert (served.folder / "lanterns.toml").read_text(encoding="utf-8") == kept
    assert served.get("s/0").status == 200


def test_build_and_download_the_pdf(served: Served) -> None:
    assert served.post("s/0/build", {"format": "pdf"}).status == 303
    reply = served.get("s/0/file/pdf")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.body.startswith(b"%PDF-")
    assert served.post("s/0/build", {"format": "mobi"}).headers["location"].endswith(
        "?msg=Choose%20EPUB%20or%20PDF.")


def test_a_hand_broken_sidecar_is_shown_not_a_crash(served: Served) -> None:
    (served.folder / "lanterns.toml").write_text('ratting = "T"\n', encoding="utf-8")
    page = served.get("s/0")
    assert page.status == 200
    assert "ratting" in page.text and "did you mean" in page.text
    assert "ratting" in served.get("").text


def test_rendered_documents_and_print_view(served: Served) -> None:
    page = served.get("s/0").text
    src = re.search(r'<iframe title="[^"]*" src="[^"]*/(s/0/doc/[^"]+)"', page)
    assert src, "no rendered chapter"
    doc = served.get(src.group(1))
    assert doc.headers["content-type"].startswith("application/xhtml+xml")
    assert "The first scene is here" in doc.text and 'href="styles/epub.css"' in doc.text
    assert served.get("s/0/doc/styles/epub.css").headers["content-type"].startswith("text/css")
    printed = served.get("s/0?doc=print").text
    assert 'src="' + served.url[len(served.origin):] + 's/0/print"' in printed
    printed = served.get("s/0/print")
    # print sets a scene's first words as a small-caps lead-in span: compare the text
    assert "The first scene is here" in " ".join(re.sub(r"<[^>]+>", "", printed.text).split())
    assert "script-src" not in printed.headers["content-security-policy"]  # none at all
    assert printed.headers["content-security-policy"].startswith("default-src 'none'")
