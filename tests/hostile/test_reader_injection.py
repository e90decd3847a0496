"""Hostile rich inputs: markup nested past the parser's limit, external entities in EPUB
and Word XML, links to local files: no word lost, nothing fetched, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from bookmaker.load import load_story
from tests.read import stories

_XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _dump(story) -> str:
    return json.dumps(story.as_dict(), ensure_ascii=False)


def test_markup_nested_past_the_parser_limit_keeps_its_words(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><p>Top words.</p>" + "<div><i>" * 3000 + "buried words"
                    + "</i></div>" * 3000 + "<script>HIDDEN</script></body></html>",
                    encoding="utf-8")
    story = load_story(path)
    dump = _dump(story)
    assert "buried words" in dump and "Top words" in dump and "HIDDEN" not in dump
    assert any("nests deeper" in d.reason for d in story.decisions if d.what == "read")


def _epub_with(tmp_path: Path, opf_title: str, chapter: str) -> Path:
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
                 'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/c.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    opf = (f'<?xml version="1.0"?>{_XXE}<package xmlns="http://www.idpf.org/2007/opf" '
           'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/'
           f'elements/1.1/"><dc:identifier id="id">x</dc:identifier><dc:title>{opf_title}'
           '</dc:title><dc:language>en</dc:language></metadata><manifest><item id="c1" '
           'href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine>'
           '<itemref idref="c1"/></spine></package>')
    return stories.zip_file(tmp_path / "x.epub", {
        "mimetype": b"application/epub+zip", "META-INF/container.xml": container.encode(),
        "OEBPS/c.opf": opf.encode(), "OEBPS/c1.xhtml": chapter.encode()})


def test_external_entities_in_an_epub_are_not_resolved(tmp_path):
    chapter = (f'<?xml version="1.0"?>{_XXE}<html xmlns="http://www.w3.org/1999/xhtml"><body>'
               '<h2>Chapter 1</h2><p>Safe &e; words.</p>'
               '<img src="file:///etc/passwd"/><link rel="stylesheet" href="/etc/passwd"/>'
               '</body></html>')
    story = load_story(_epub_with(tmp_path, "Title &e;", chapter))
    dump = _dump(story)
    assert "root:" not in dump and "Safe" in dump


def test_external_entities_in_a_docx_are_not_resolved(tmp_path):
    import zipfile

    path = stories.docx(tmp_path / "x.docx")
    with zipfile.ZipFile(path) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    doc = entries["word/document.xml"].decode("utf-8")
    head, rest = doc.split("?>", 1)
    entries["word/document.xml"] = (head + "?>" + _XXE + rest.replace(
        "Wren climbed", "&e; Wren climbed", 1)).encode("utf-8")
    core = entries["docProps/core.xml"].decode("utf-8")
    head, rest = core.split("?>", 1)
    entries["docProps/core.xml"] = (head + "?>" + _XXE + rest).encode("utf-8")
    stories.zip_file(path, entries)
    try:
        story = load_story(path)
    except Exception as exc:  # a clear refusal is fine; a leak or a traceback is not
        from bookmaker.errors import InputError

        assert isinstance(exc, InputError)
        return
    assert "root:" not in _dump(story)
