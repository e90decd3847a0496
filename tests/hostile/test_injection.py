"""Story text, sidecar values and project values are data everywhere: no markup, no
template evaluation, no file read and no network request; file names stay safe."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bookmaker.bind import single_book
from bookmaker.build.book import render
from bookmaker.cli import main
from bookmaker.load import load_story
from bookmaker.render.pdf import render_pdf
from tests.render.test_pdf import RecordingFetcher
from tests.textcheck import epub_text

HOSTILE = ('<script>alert(1)</script> </body> ]]> &nbsp; {{ 7*7 }} {% include "x" %} '
           'url(http://127.0.0.1:9/x.css) <img src="file:///etc/passwd"> file:///etc/hostname')
LITERALS = ["<script>alert(1)</script>", "</body>", "]]>", "&nbsp;", "{{ 7*7 }}",
            '{% include "x" %}', "url(http://127.0.0.1:9/x.css)", "file:///etc/passwd"]


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def story(tmp_path) -> Path:
    """A story whose text, sidecar title, author, summary and fandom are all hostile."""
    path = tmp_path / "evil.txt"
    path.write_text(f"Chapter 1\n\nShe typed {HOSTILE} and waited.\n", encoding="utf-8")
    path.with_suffix(".toml").write_text(
        f"title = {_toml('T ' + HOSTILE)}\nauthors = [{_toml('A ' + HOSTILE)}]\n"
        f"summary = {_toml('S ' + HOSTILE)}\nfandom = {_toml('F ' + HOSTILE)}\n",
        encoding="utf-8")
    return path


def test_epub_keeps_hostile_values_as_text(story):
    data = render(single_book(load_story(story)), "epub")
    out = story.with_suffix(".epub")
    out.write_bytes(data)
    text = epub_text(out).replace("\u201c", '"').replace("\u201d", '"')
    for literal in LITERALS:
        assert literal in text, literal
    assert "49" not in text  # {{ 7*7 }} was not evaluated
    with zipfile.ZipFile(out) as zf:
        raw = b" ".join(zf.read(n) for n in zf.namelist() if n.endswith((".xhtml", ".opf", ".ncx")))
    assert b"<script" not in raw and b"<img src=\"file:" not in raw


def test_pdf_fetches_only_bookmakers_own_files(story):
    fetcher = RecordingFetcher()
    pdf = render_pdf(single_book(load_story(story)), fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.urls, "the style sheets' fonts are fetched through the fetcher"
    for url in fetcher.urls:
        assert url.startswith("file://") and fetcher.allowed(url), url
        assert "/etc/" not in url and "127.0.0.1" not in url
    html = render(single_book(load_story(story)), "html").decode("utf-8")
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_project_values_are_text(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text("A Tale\n\nChapter 1\n\nOnce.\n")
    (tmp_path / "bookmaker.toml").write_text(
        f'[[anthology]]\ntitle = {_toml("Vol " + HOSTILE)}\neditor = {_toml(HOSTILE)}\n'
        'stories = ["stories/a.txt"]\n', encoding="utf-8")
    code = main(["--quiet", "build", "--project", str(tmp_path / "bookmaker.toml"),
                 "-o", str(tmp_path / "out"), "--format", "epub"])
    assert code == 0
    books = sorted((tmp_path / "out").glob("*.epub"))
    assert len(books) == 2
    anthology = next(p for p in books if p.name.startswith("vol"))
    text = epub_text(anthology)
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text


@pytest.mark.parametrize("title", ["../../etc/passwd", "CON", "a/b", "x" * 300,
                                   "\U0001F600\U0001F389\U0001F4DA", "..", "nul"])
def test_hostile_titles_give_safe_names_inside_the_output_folder(tmp_path, title):
    src = tmp_path / "s.txt"
    src.write_text("Chapter 1\n\nOnce upon a time.\n")
    src.with_suffix(".toml").write_text(f"title = {_toml(title)}\n")
    out = tmp_path / "out"
    assert main(["--quiet", "build", str(src), "-o", str(out), "--format", "epub"]) == 0
    written = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(written) == 1
    name = written[0].name
    assert written[0].parent == out
    assert name.endswith(".epub") and name.isascii() and len(name) <= 100
    assert name.split(".")[0].upper() not in {"CON", "NUL", ""}


def test_two_stories_with_one_title_do_not_overwrite(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(f"Same Title\n\nChapter 1\n\nText of {name}.\n")
    out = tmp_path / "out"
    code = main(["--quiet", "build", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"),
                 "-o", str(out), "--format", "epub"])
    assert code == 0
    books = sorted(p.name for p in out.glob("*.epub"))
    assert len(books) == 2, books
    texts = [epub_text(out / b) for b in books]
    assert any("one.txt" in t for t in texts) and any("two.txt" in t for t in texts)
