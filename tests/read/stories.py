# ruff: noqa: E501  (fixture markup is kept on one line per element, as the sites write it)
"""One small story written in every input kind (Markdown, text with marks, HTML, AO3 and
FanFicFare HTML, Word, EPUB), generated here: our own text, not a corpus file."""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

TITLE = "The Lantern Keeper"
AUTHOR = "Mara Quill"
CHAPTERS = [
    ("Embers", [
        ["Wren climbed the tower at dusk, as she had every night since the storm.",
         "The lamp was [cold] and the oil was [[gone]], which had never happened before.",
         "\"[Nobody] leaves the light,\" her father used to say."],
        ["By midnight the harbour bells had started, slow and patient."],
    ]),
    ("Ashes", [
        ["Morning found her asleep against the [[brass rail]], soot on her hands.",
         "A gull watched her from the parapet with [enormous] interest."],
    ]),
]
"""Chapter titles and scenes of paragraphs; ``[x]`` is emphasis and ``[[x]]`` strong."""
ITALIC = ["cold", "Nobody", "enormous"]
BOLD = ["gone", "brass rail"]


def _marked(text: str, em: tuple[str, str], strong: tuple[str, str], esc=lambda s: s) -> str:
    out = esc(text)
    out = out.replace("[[", strong[0]).replace("]]", strong[1])
    return out.replace("[", em[0]).replace("]", em[1])


def plain_words() -> str:
    """All the story's words, as plain text (for the no-word-lost checks)."""
    parts = [TITLE, AUTHOR]
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        parts.append(f"Chapter {n}: {title}")
        parts += [p.replace("[", "").replace("]", "") for s in scenes for p in s]
    return "\n".join(parts)


def markdown() -> str:
    out = [f"---\ntitle: {TITLE}\nauthor: {AUTHOR}\nlanguage: en\n---\n"]
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        out.append(f"## Chapter {n}: {title}\n")
        for i, scene in enumerate(scenes):
            if i:
                out.append("---\n")
            out += [_marked(p, ("*", "*"), ("**", "**")) + "\n" for p in scene]
    return "\n".join(out)


def text() -> str:
    out = [TITLE, f"by {AUTHOR}", ""]
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        out += ["", f"Chapter {n}: {title}", ""]
        for i, scene in enumerate(scenes):
            if i:
                out += ["* * *", ""]
            for p in scene:
                out += [_marked(p, ("_", "_"), ("**", "**")), ""]
    return "\n".join(out)


def _scenes_html(scenes: tuple[tuple[str, ...], ...]) -> list[str]:
    """A chapter's scenes as HTML paragraphs with <em>/<strong>, a rule between scenes."""
    out: list[str] = []
    for i, scene in enumerate(scenes):
        if i:
            out.append("<hr/>")
        out += [f"<p>{_marked(p, ('<em>', '</em>'), ('<strong>', '</strong>'), html.escape)}"
                "</p>" for p in scene]
    return out


def _html_body(level: int = 2) -> str:
    out = []
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        out.append(f"<h{level}>Chapter {n}: {html.escape(title)}</h{level}>")
        out += _scenes_html(scenes)
    return "\n".join(out)


def page() -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><title>{TITLE}</title>"
            f"<meta name=\"author\" content=\"{AUTHOR}\"/>"
            "<style>p { color: red }</style><script>document.write('SCRIPTWORD')</script>"
            "</head>\n<body>\n<nav><a href=\"/\">NAVWORD home</a></nav>\n<!-- COMMENTWORD -->\n"
            f"<h1>{TITLE}</h1>\n{_html_body()}\n"
            "<img src=\"http://127.0.0.1:9/tracker.png\" alt=\"\"/>\n</body></html>\n")


def ao3() -> str:
    """An AO3 download of the story (the markup AO3 writes, every field filled)."""
    chapters = []
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        body = _scenes_html(scenes)
        notes = ("<p>Chapter Summary</p><blockquote class=\"userstuff\"><p>Wren finds the lamp "
                 "out.</p></blockquote><p>Chapter Notes</p><blockquote class=\"userstuff\"><p>"
                 "Written for the lighthouse prompt.</p></blockquote>") if n == 1 else ""
        end = ("<div class=\"meta\" id=\"endnotes1\"><p>Chapter End Notes</p><blockquote "
               "class=\"userstuff\"><p>More soon.</p></blockquote></div>") if n == 1 else ""
        chapters.append(f"<div class=\"meta group\"><h2 class=\"heading\">Chapter {n}: {title}"
                        f"</h2>{notes}</div>\n<div class=\"userstuff\">{''.join(body)}</div>\n{end}")
    tags = [("Rating", "Teen And Up Audiences"), ("Archive Warning", "No Archive Warnings Apply"),
            ("Category", "F/M"), ("Fandom", "Original Work"), ("Relationship", "Wren/Tamsin"),
            ("Character", "Wren, Tamsin"), ("Additional Tags", "Lighthouses, Storms"),
            ("Language", "English"), ("Series", "Part 2 of Harbour Lights"),
            ("Stats", "Published: 2024-01-02 Words: 120 Chapters: 2/2")]
    dl = "".join(f"<dt>{k}:</dt><dd>{v}</dd>" for k, v in tags)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>{TITLE} - {AUTHOR}</title></head><body>
<div id="preface"><h2 class="toc-heading">Preface</h2>
<p class="message"><b>{TITLE}</b><br/>Posted originally on the
<a href="http://archiveofourown.org/">Archive of Our Own</a> at
<a href="http://archiveofourown.org/works/123456">http://archiveofourown.org/works/123456</a>.</p>
<div class="meta"><dl class="tags">{dl}</dl>
<h1>{TITLE}</h1><div class="byline">by <a rel="author" href="http://archiveofourown.org/users/mq">{AUTHOR}</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A keeper, a <i>storm</i>, a light.</p></blockquote>
<p>Notes</p><blockquote class="userstuff"><p>Thanks to my beta.</p></blockquote>
<div class="endnote-link">See the end of the work for more <a href="#endnotes">notes</a></div>
</div></div>
<div id="chapters" class="userstuff">
{''.join(chapters)}
</div>
<div id="afterword"><h2 class="toc-heading">Afterword</h2><div class="meta"><div id="endnotes">
<p>End Notes</p><blockquote class="userstuff"><p>Thank you for reading!</p></blockquote></div></div>
<p class="message">Please <a href="http://archiveofourown.org/works/123456/comments/new">drop by the
Archive and comment</a> to let the creator know if you enjoyed their work!</p></div>
</body></html>
"""


def fff() -> str:
    """FanFicFare's HTML output of the story."""
    toc = "".join(f"<a href=\"#section{n:04d}\">Chapter {n}: {t}</a><br />"
                  for n, (t, _) in enumerate(CHAPTERS, 1))
    sections = []
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        body = []
        for i, scene in enumerate(scenes):
            if i:
                body.append("<hr/>")
            body += [_marked(p, ("<i>", "</i>"), ("<b>", "</b>"), html.escape) + "<br/><br/>"
                     for p in scene]
        sections.append(f"<a name=\"section{n:04d}\"><h2>Chapter {n}: {title}</h2></a>\n"
                        f"<div>{''.join(body)}</div>")
    return f"""<!DOCTYPE html><html><head><meta charset="UTF-8"><title>{TITLE} by {AUTHOR}</title></head>
<body><h1><a href="http://example.test/s/1">{TITLE}</a> by <a class='authorlink' href='http://example.test/u/1'>{AUTHOR}</a></h1>
<table class="full">
<tr><td><b>Category:</b></td><td>Original Work</td></tr>
<tr><td><b>Genre:</b></td><td>Drama</td></tr>
<tr><td><b>Status:</b></td><td>Completed</td></tr>
<tr><td><b>Rating:</b></td><td>K+</td></tr>
<tr><td><b>Words:</b></td><td>120</td></tr>
<tr><td><b>Summary:</b></td><td>A keeper and a light.</td></tr>
</table>
<a name="TOCTOP"><h2>Table of Contents</h2></a>
<p>{toc}</p>
{''.join(sections)}
</body></html>
"""


def docx(path: Path) -> Path:
    """A Word file of the story, written with python-docx (Heading 2 chapters, real runs)."""
    import docx as pydocx

    d = pydocx.Document()
    d.core_properties.title = TITLE
    d.core_properties.author = AUTHOR
    d.add_heading(TITLE, level=1)
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        d.add_heading(f"Chapter {n}: {title}", level=2)
        for i, scene in enumerate(scenes):
            if i:
                d.add_paragraph("* * *")
            for p in scene:
                para = d.add_paragraph()
                _docx_runs(para, p)
    d.save(str(path))
    return path


def _docx_runs(para, text: str) -> None:
    import re

    for piece in re.split(r"(\[\[[^\]]+\]\]|\[[^\]]+\])", text):
        if piece.startswith("[["):
            para.add_run(piece[2:-2]).bold = True
        elif piece.startswith("["):
            para.add_run(piece[1:-1]).italic = True
        elif piece:
            para.add_run(piece)


def epub(path: Path) -> Path:
    """An EPUB of the story, written with EbookLib (one XHTML file per chapter)."""
    from ebooklib import epub as eb

    book = eb.EpubBook()
    book.set_identifier("lantern-keeper")
    book.set_title(TITLE)
    book.set_language("en")
    book.add_author(AUTHOR)
    items = []
    for n, (title, scenes) in enumerate(CHAPTERS, 1):
        body = _scenes_html(scenes)
        item = eb.EpubHtml(title=f"Chapter {n}", file_name=f"ch{n}.xhtml", lang="en")
        item.content = f"<h2>Chapter {n}: {title}</h2>{''.join(body)}"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.spine = items
    book.add_item(eb.EpubNcx())
    book.add_item(eb.EpubNav())
    eb.write_epub(str(path), book)
    return path


def zip_file(path: Path, entries: dict[str, bytes]) -> Path:
    """A zip with the given entries (for broken and impostor EPUB/Word files)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def write_all(folder: Path) -> dict[str, Path]:
    """Every kind of the story, written into ``folder``: kind → path."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "md": folder / "lantern.md", "txt": folder / "lantern.txt",
        "html": folder / "lantern.html", "ao3": folder / "lantern-ao3.html",
        "fff": folder / "lantern-fff.html",
    }
    files["md"].write_text(markdown(), encoding="utf-8")
    files["txt"].write_text(text(), encoding="utf-8")
    files["html"].write_text(page(), encoding="utf-8")
    files["ao3"].write_text(ao3(), encoding="utf-8")
    files["fff"].write_text(fff(), encoding="utf-8")
    files["docx"] = docx(folder / "lantern.docx")
    files["epub"] = epub(folder / "lantern.epub")
    return files


def ffnet() -> str:
    """A story page as saved from FanFiction.net (chapter 1 of 2), site chrome included."""
    title, scenes = CHAPTERS[0]
    body = []
    for i, scene in enumerate(scenes):
        if i:
            body.append("<hr size=1 noshade>")
        body += [f"<p>{_marked(p, ('<em>', '</em>'), ('<strong>', '</strong>'), html.escape)}</p>"
                 for p in scene]
    return f"""<!DOCTYPE html><html><head><title>{TITLE} Chapter 1: {title}, an original fanfic | FanFiction</title>
<script>var SITEWORD = 1;</script></head><body>
<div id=top><a href='/'>SITEWORD Home</a> <a href='/login'>Login</a></div>
<div id=profile_top style='min-height:112px;'>
<button class=pull-right>Follow/Fav</button><b class='xcontrast_txt'>{TITLE}</b>
<span class='xcontrast_txt'><div style='height:5px'></div>By:</span> <a class='xcontrast_txt' href='/u/4242/Mara-Quill'>{AUTHOR}</a>
<div style='margin-top:2px' class='xcontrast_txt'>A keeper, a storm, a light.</div>
<span class='xgray xcontrast_txt'>Rated: <a class='xcontrast_txt' href='https://www.fictionratings.com/'>Fiction  K+</a> - English - Drama - Wren, Tamsin - Chapters: 2 - Words: 120 - Updated: 2024-02-03 - Published: 2024-01-02 - id: 777</span>
</div>
<select id=chap_select title="Chapter Navigation"><option value=1 selected>1. {title}<option value=2>2. {CHAPTERS[1][0]}</select>
<div role='main' class='storytextp' id='storytextp'><div class='storytext xcontrast_txt nocopy' id='storytext'>{''.join(body)}</div></div>
<div id=review>SITEWORD Review this chapter</div><div id=footer>SITEWORD Help Privacy</div>
</body></html>
"""


def unreadable(path: Path, bad: dict[str, dict[str, bytes]], good: Callable[[Path], Path]
               ) -> Path:
    """A broken archive at ``path``: the zip ``bad[name]`` names, a good one (``good``) cut
    short for ``cut.*``, else plain text with an archive's name."""
    if path.name in bad:
        return zip_file(path, bad[path.name])
    if path.name.startswith("cut."):
        good(path)
        path.write_bytes(path.read_bytes()[:300])
    else:
        path.write_text("I am not an archive", encoding="utf-8")
    return path
