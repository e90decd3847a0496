"""Choose the reader for a file by its content, then by its extension, and read it.

A zip is an EPUB or a Word file by what it holds (whatever its name). Text is HTML when
it is marked up as a document (a doctype, an ``<html>`` or ``<body>`` element, or an
``.html`` name with tags), Markdown by its extension or, for a ``.txt``, when it uses
several kinds of Markdown syntax; anything else is plain text, whose emphasis marks are
read over the whole text (:mod:`bookmaker.read.emphasis`). HTML from AO3, FanFicFare and
a saved FanFiction.net page is recognised by its markup and mapped in full.
:class:`Reading` says which reader was used and why.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker.errors import InputError
from bookmaker.model import Story
from bookmaker.patterns import regex
from bookmaker.read.document import SourceDocument
from bookmaker.read.files import check_archive
from bookmaker.read.text import decode, read_bytes

if TYPE_CHECKING:  # lxml.html is imported by the HTML readers, not on a plain text's path
    import lxml.html

__all__ = ["Reading", "read_source", "MARKDOWN_SUFFIXES", "HTML_SUFFIXES"]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = regex(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                    r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)
_TAG = regex(r"<(?:[a-zA-Z][\w:-]*|!--|/[a-zA-Z])")
"""Any tag or comment: an ``.html``-named file with one is HTML (tags never reach a book)."""


@dataclass(frozen=True)
class Reading:
    """What a reader made of a file."""

    reader: str
    """``text``, ``markdown``, ``html``, ``ao3``, ``fff``, ``ffnet``, ``docx``, ``epub``
    (``epub:ao3`` for an AO3 EPUB…)."""
    why: str
    """Why this reader was chosen, for ``inspect``."""
    text: str
    """Decoded text of the source (line counts, language detection)."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded from."""
    fixes: tuple[str, ...] = ()
    """What decoding repaired."""
    story: Story | None = None
    """The Story, when the source states its structure (AO3, FanFicFare)."""
    document: SourceDocument | None = None
    """The document to parse (Markdown, generic HTML, Word, generic EPUB)."""


def _zip(data: bytes, path: Path) -> Reading:
    from bookmaker.read.docx import is_docx, read_docx
    from bookmaker.read.epub import is_epub, read_epub

    name = str(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError("this is a zip archive that cannot be opened (broken or cut short)",
                         path=name, hint="is the download complete?") from None
    check_archive(archive, name)  # before any member is unpacked
    if is_epub(archive):
        root, meta = read_epub(data, name)
        return _html_tree(root, name, path.stem, "epub", "a zip with an EPUB package", meta)
    if is_docx(archive):
        doc = read_docx(data, name)
        return Reading("docx", "a zip with word/document.xml (Word), read with mammoth",
                       "\n".join(b.text for b in doc.blocks), document=doc)
    kind = "an EPUB" if path.suffix.lower() == ".epub" else "a Word document"
    raise InputError(f"this zip archive is not {kind} ({len(names)} entries, no EPUB or Word "
                     "content)", path=name, hint="export the story as .txt, .md, .html, .docx "
                     "or .epub")


def _html_tree(root: lxml.html.HtmlElement, name: str, stem: str, reader: str, why: str,
               meta: dict[str, str] | None = None) -> Reading:
    from bookmaker.read.ao3 import is_ao3, read_ao3
    from bookmaker.read.fff import is_fff, read_fff
    from bookmaker.read.ffnet import is_ffnet, read_ffnet
    from bookmaker.read.html import FLATTENED, clean
    from bookmaker.read.language import language_tag

    meta = meta or {}
    if root.get(FLATTENED):
        why += "; its markup nests deeper than an HTML parser follows, so its text is read " \
               "flat (no emphasis)"
    text = ""  # read_source gives the Reading the decoded source text
    prefix = "" if reader == "html" else f"{reader}:"
    if is_ao3(root):
        return Reading(f"{prefix}ao3", f"{why}; AO3's download markup (#preface, tag list)",
                       text, story=read_ao3(root, stem))
    if is_ffnet(root):
        return Reading(f"{prefix}ffnet", f"{why}; a saved FanFiction.net page (#profile_top, "
                       "#storytext)", text, story=read_ffnet(root, stem))
    if is_fff(root):
        return Reading(f"{prefix}fff", f"{why}; FanFicFare's markup (TOCTOP/section anchors)",
                       text, story=read_fff(root, stem))
    from bookmaker.parse.title import title_words
    from bookmaker.read.html import read_html_tree

    doc = read_html_tree(root)
    title = next((t for t in (meta.get("title", "").split("\n")[0], doc.title)
                  if title_words(t) and title_words(t) not in PLACEHOLDER_TITLES), "")
    authors = tuple(meta["creator"].split("\n")) if meta.get("creator") else doc.authors
    extra = dict(doc.meta)
    if meta.get("language") and (tag := language_tag(meta["language"])):
        extra["language"] = tag
    doc = SourceDocument(doc.blocks, clean(title), authors, extra)
    return Reading(reader, f"{why}; read by its structure (headings, rules, paragraphs)", text,
                   document=doc)


PLACEHOLDER_TITLES = frozenset(tuple(t.split()) for t in (
    "unknown", "untitled", "untitled document", "document", "new document", "no title", "title"))
"""Titles converters and editors write when a page or book has none (calibre's "Unknown"):
no title at all, so the text's own or the file name is used."""


def read_source(path: str | Path) -> Reading:
    """Read one story file with the reader its content calls for.

    :raises InputError: when the file is missing, unreadable, empty, or a format that
        cannot be read (a broken or encrypted EPUB, a zip that is not Word or EPUB…).
    """
    from bookmaker.read.aozora import looks_like_aozora, read_aozora
    from bookmaker.read.markdown import looks_like_markdown, read_markdown

    p = Path(path)
    data = read_bytes(p)
    suffix = p.suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _zip(data, p)
    if suffix in (".epub", ".docx"):
        raise InputError(f"this is not a {suffix[1:].upper()} file (not a zip archive)",
                         path=str(p), hint="is the download complete?")
    ingested = decode(data, str(p))
    text = ingested.text
    head = text[:4096]
    if _HTML_START.match(head) or (suffix in HTML_SUFFIXES and _TAG.search(text)):
        from bookmaker.read.html import parse_html

        why = "HTML markup" + (f" ({suffix})" if suffix else "")
        reading = _html_tree(parse_html(text, str(p)), str(p), p.stem, "html", why)
    elif suffix in MARKDOWN_SUFFIXES:
        reading = Reading("markdown", f"the {suffix} extension; read with markdown-it-py", text,
                          document=read_markdown(text, str(p)))
    elif looks_like_markdown(text):
        reading = Reading("markdown", "several kinds of Markdown syntax (headings, **strong**, "
                          "escapes…); read with markdown-it-py", text,
                          document=read_markdown(text, str(p)))
    elif looks_like_aozora(text):
        doc, left_out = read_aozora(text)
        reading = Reading("text:aozora", "Aozora Bunko markup (the symbol legend, ［＃…］ "
                          "notes, 《…》 ruby)", text, fixes=left_out, document=doc)
    else:
        reading = Reading("text", "plain text", text)
    return Reading(reading.reader, reading.why, text, ingested.encoding,
                   (*ingested.fixes, *reading.fixes), reading.story, reading.document)
