"""``--format html``: a preview page a browser shows as the book; ``print-html`` keeps the
print document. The page must be valid HTML5, link only files beside it, carry no page
model, link every chapter of the contents and lose no paragraph."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from PIL import Image

from bookmaker.bind import anthology_book, single_book
from bookmaker.build.book import build_book
from bookmaker.cli import main
from bookmaker.layout import layout_book
from bookmaker.load import load_story
from bookmaker.model import Block, Book, BookOptions, Chapter, Part, Story, replace
from bookmaker.render.preview import ASSET_DIR, is_asset_name, preview_html
from bookmaker.resources import user_folders
from tests.textcheck import html_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))
NS = {"h": "http://www.w3.org/1999/xhtml"}

_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def _story(title: str, parts: bool = False) -> Story:
    chapters = tuple(
        Chapter(f"Chapter {n}", f"The {word}", n,
                ((f"{word.title()} came first, said Ann.", "Then <b> & the rest."),
                 (f"After the break, {word} again.",)),
                notes_before=(Block("notes", "Author's Note", (f"A note on {word}.",)),))
        for n, word in enumerate(("kettle", "lantern", "harbour"), 1))
    return Story(title=title, authors=("Ann Writer",), chapters=chapters,
                 parts=(Part("Book One", 0), Part("Book Two", 2)) if parts else (),
                 front_matter=(Block("disclaimer", "Disclaimer", ("Not mine.",)),),
                 end_matter=(Block("notes", "A/N", ("Thanks for reading.",)),))


def _cover(path: Path) -> bytes:
    Image.new("RGB", (60, 90), (40, 70, 120)).save(path, "PNG")
    return path.read_bytes()


def _parse(html: str):
    """The page as an HTML5 tree; a parse error (bad nesting, stray end tag…) fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def _urls(tree) -> list[str]:
    """Every URL the page loads: src, link href, and url() in its style sheets."""
    urls = [e.get("src") for e in tree.iter() if e.get("src") is not None]
    urls += [e.get("href") for e in tree.iterfind(".//h:link", NS)]
    for style in tree.iterfind(".//h:style", NS):
        urls += _CSS_URL.findall(style.text or "")
    return urls


def _css(tree) -> str:
    return "\n".join(s.text or "" for s in tree.iterfind(".//h:style", NS))


def _at_rules(css: str) -> set[str]:
    """The at-rules of a style sheet (comments left out), nested ones included."""
    import tinycss2

    found: set[str] = set()
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    while rules:
        rule = rules.pop()
        if rule.type == "at-rule":
            found.add(rule.lower_at_keyword)
            if rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                rules += tinycss2.parse_rule_list(rule.content, True, True)
    return found


def _write(tmp_path: Path, book: Book, fmt: str = "html") -> Path:
    build_book(book, tmp_path, [fmt], stem="book")
    return tmp_path / ("book.html" if fmt == "html" else "book.print.html")


@pytest.mark.parametrize("anthology", [False, True])
def test_page_is_html5_and_links_only_files_beside_it(tmp_path: Path, anthology: bool) -> None:
    cover = _cover(tmp_path / "c.png")
    story = _story("Small Hours", parts=anthology)
    book = (anthology_book([story, _story("Second")], "Both", "", "Ed", "", cover,
                           BookOptions()) if anthology
            else replace(single_book(story, BookOptions()), cover=cover))
    page = _write(tmp_path / "out", book)
    tree = _parse(page.read_text(encoding="utf-8"))
    urls = _urls(tree)
    assert len([u for u in urls if u.endswith(".ttf")]) >= 4, "the book face's fonts"
    assert any(u.endswith(".png") for u in urls), "the cover"
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and not url.startswith("/"), url
        target = (page.parent / unquote(parts.path)).resolve()
        assert target.is_file() and target.is_relative_to(page.parent.resolve()), url
    assert any((page.parent / u).read_bytes() == cover for u in urls), "the book's own cover"
    assert tree.find(".//h:script", NS) is None


@pytest.mark.parametrize("style", ["classic", "large-print"])
def test_page_has_no_page_model_and_print_html_keeps_it(tmp_path: Path, style: str) -> None:
    book = single_book(_story("Small Hours"), replace(BookOptions(), style=style))
    css = _css(_parse(_write(tmp_path, book).read_text(encoding="utf-8")))
    assert "page" not in _at_rules(css) and "media" in _at_rules(css)
    assert "string-set" not in css and "leader(" not in css
    assert "max-width: 35em" in css and "prefers-color-scheme: dark" in css
    printed = _write(tmp_path, book, "print-html").read_text(encoding="utf-8")
    assert "page" in _at_rules(_css(_parse(printed))), "the print document as before"
    assert "file://" in printed


def test_a_users_theme_loses_its_page_rules_and_remote_urls(tmp_path: Path) -> None:
    theme = tmp_path / "mine.css"
    theme.write_text("@page { size: a5; margin: 2cm; }\n.chapter-title { color: #123456; }\n"
                     "@import url(https://example.com/x.css);\n"
                     "body { background: url(file:///etc/passwd); }\n", encoding="utf-8")
    book = single_book(_story("Small Hours"), replace(BookOptions(), style=str(theme)))
    css = _css(_parse(preview_html(book)[0]))
    assert "#123456" in css, "the theme applies"
    assert "page" not in _at_rules(css) and "import" not in _at_rules(css)
    assert "example.com" not in css and "/etc/passwd" not in css


def test_every_contents_entry_is_an_anchor_with_a_link() -> None:
    book = anthology_book([_story("One", parts=True), _story("Two")], "Both", "", "Ed", "",
                          None, BookOptions())
    tree = _parse(preview_html(book)[0])
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    links = {a.get("href") for a in tree.iterfind(".//h:nav//h:a", NS)}
    view = layout_book(book)
    chapters = [e for _, e in view.entries() if e.kind in ("chapter", "part", "story")]
    assert len(chapters) == 2 + 2 * 3 + 2
    for entry in chapters:
        assert entry.target in ids, entry
        assert f"#{entry.target}" in links, entry
    assert all(link[1:] in ids for link in links), "no link into nothing"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_paragraph_is_lost(path: Path) -> None:
    story = load_story(path)
    text = " ".join(html_text(preview_html(single_book(story, BookOptions()))[0]).split())
    view = layout_book(single_book(story, BookOptions()))
    paragraphs = []  # prose, notes and the front and end matter the layout shows as blocks
    for s in view.sections:
        if s.chapter is not None:
            notes = (*s.chapter.notes_before, *s.chapter.notes_after)
            paragraphs += [*s.chapter.paragraphs, *(p for b in notes for p in b.paragraphs)]
        paragraphs += [p for _, b in s.blocks for p in b.paragraphs]
    assert len(paragraphs) > 20
    for p in paragraphs:
        shown = " ".join(html_text(p.__html__() if hasattr(p, "__html__") else p).split())
        assert shown in text, p[:80]


def test_page_escapes_story_text() -> None:
    html = preview_html(single_book(_story("<script>x</script>"), BookOptions()))[0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Then &lt;b&gt; &amp; the rest." in html


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    book = replace(single_book(_story("Small Hours"), BookOptions()),
                   cover=_cover(tmp_path / "c.png"))
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        _write(out, book)
    files = [sorted(p.relative_to(o) for p in o.rglob("*") if p.is_file()) for o in outs]
    assert files[0] == files[1] and len(files[0]) >= 5
    for name in files[0]:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_asset_names_stay_in_their_folder(tmp_path: Path) -> None:
    for bad in ("../x.ttf", f"{ASSET_DIR}/../x.ttf", f"{ASSET_DIR}/a/b.ttf", "/etc/passwd",
                f"{ASSET_DIR}/.hidden", "x.ttf", f"{ASSET_DIR}/"):
        assert not is_asset_name(bad), bad
    assert is_asset_name(f"{ASSET_DIR}/SourceSerifPro-Regular-0123456789.ttf")


def test_a_users_fonts_css_cannot_copy_other_files(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    styles.mkdir()
    secret = tmp_path / "secret.ttf"
    secret.write_bytes(b"SECRET")
    (styles / "fonts.css").write_text(
        f'@font-face {{ font-family: "X"; src: url("../../../../../../../{secret}"); }}\n'
        '@font-face { font-family: "Y"; src: url("SourceSerifPro-Regular.ttf"); }\n',
        encoding="utf-8")
    with user_folders(None, styles):
        html, assets = preview_html(single_book(_story("Small Hours"), BookOptions()))
    assert all(b"SECRET" not in a.data for a in assets)
    assert [a.name for a in assets if "Regular" in a.name], "the package's own font is copied"
    assert str(secret) not in html


def test_cli_anthology_and_build_write_the_page(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert main(["-q", "anthology", *map(str, SAMPLES[:2]), "-t", "Two Tales", "-f", "html",
                 "-o", str(out)]) == 0
    assert main(["-q", "build", str(SAMPLES[0]), "-f", "html,print-html", "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([ASSET_DIR, f"{SAMPLES[0].stem}.html",
                            f"{SAMPLES[0].stem}.print.html", "two-tales.html"])
    page = (out / "two-tales.html").read_text(encoding="utf-8")
    tree = _parse(page)
    assert all((out / u).is_file() for u in _urls(tree))
    assert len(tree.findall(".//h:section[@class='chapter']", NS)) == sum(
        len(load_story(p).chapters) for p in SAMPLES[:2])


def test_cache_knows_the_page_and_its_fonts(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    story = tmp_path / "small.txt"
    story.write_text("Small Hours\nby Jo Writer\n\nChapter 1: Night\n\nIt was late.\n\n"
                     "Chapter 2: Morning\n\nThe light came in.\n", encoding="utf-8")
    out = tmp_path / "out"

    def build() -> str:
        assert main(["build", "--jobs", "1", str(story), "-f", "html", "-o", str(out)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert not any(ASSET_DIR in ln for ln in lines if ln.startswith(("wrote", "up to"))), \
            "the fonts are not listed as the book's files"
        return "skipped" if any(ln.startswith("up to date") for ln in lines) else "built"

    assert build() == "built"
    assert build() == "skipped"
    story.write_text(story.read_text(encoding="utf-8").replace("late", "very late"),
                     encoding="utf-8")
    assert build() == "built"
    assert "very late" in (out / "small.html").read_text(encoding="utf-8")
    next((out / ASSET_DIR).glob("*.ttf")).unlink()
    assert build() == "built", "a lost font rebuilds the page"
    assert build() == "skipped"


def test_help_describes_each_format_in_a_line(capsys) -> None:
    from bookmaker.settings.options import FORMATS

    for command in ("build", "anthology"):
        main([command, "--help"])
        lines = capsys.readouterr().out.splitlines()
        for fmt in FORMATS:
            assert any(re.match(rf"\s+{re.escape(fmt)}\s{{2,}}\S", ln) for ln in lines), fmt


def test_a_linked_asset_folder_is_not_written_through(tmp_path: Path, monkeypatch,
                                                        capsys) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    elsewhere, out = tmp_path / "elsewhere", tmp_path / "out"
    elsewhere.mkdir()
    out.mkdir()
    (out / ASSET_DIR).symlink_to(elsewhere, target_is_directory=True)
    code = main(["build", "--jobs", "1", str(SAMPLES[0]), "-f", "html", "-o", str(out)])
    assert code != 0 and "not a plain folder" in capsys.readouterr().err
    assert not list(elsewhere.iterdir()), "nothing written outside the output folder"
    assert not (out / f"{SAMPLES[0].stem}.html").exists(), "no page without its fonts"
