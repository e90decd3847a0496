"""Word reader: ``.docx`` through mammoth (made for exactly this) to HTML, then the HTML
reader. Headings (Word's Heading styles), italics, bold, underline and line breaks carry
over; the title and author come from the file's core properties. Images are dropped,
never extracted or fetched.
"""

from __future__ import annotations

import io
import zipfile

import lxml.etree

from bookmaker.errors import InputError
from bookmaker.read.document import SourceDocument
from bookmaker.read.html import read_html

__all__ = ["read_docx", "is_docx"]

_CORE = "docProps/core.xml"
_NS = {"dc": "http://purl.org/dc/elements/1.1/",
       "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
_STYLE_MAP = "u => u\nstrike => s\np[style-name='Title'] => h1:fresh\n" \
             "p[style-name='Subtitle'] => h2:fresh\nbr[type='page'] => hr.page-break"
"""Underline and strike-through kept (mammoth drops them by default); Word's Title style
is the document's title; page breaks kept as ``hr.page-break`` (chapter breaks where the
author used them so, see :mod:`bookmaker.read.bridge`)."""


def is_docx(archive: zipfile.ZipFile) -> bool:
    """A Word document: the zip holds ``word/document.xml``."""
    return "word/document.xml" in archive.namelist()


def _core(archive: zipfile.ZipFile) -> tuple[str, tuple[str, ...]]:
    try:
        data = archive.read(_CORE)
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
        root = lxml.etree.fromstring(data, parser)
    except (KeyError, lxml.etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
        return "", ()
    title = (root.findtext("dc:title", default="", namespaces=_NS) or "").strip()
    author = (root.findtext("dc:creator", default="", namespaces=_NS) or "").strip()
    return title, tuple(a.strip() for a in author.split(";") if a.strip())


def read_docx(data: bytes, name: str) -> SourceDocument:
    """Read a Word file into a document.

    :raises InputError: when the zip is not a Word document or mammoth cannot read it.
    """
    import mammoth

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if not is_docx(archive):
            raise InputError("this zip archive is not a Word document (no word/document.xml)",
                             path=name, hint="save the story as .docx, .txt or .html")
        title, authors = _core(archive)
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP,
                                         convert_image=mammoth.images.img_element(
                                             lambda image: {}))
    except InputError:
        raise
    except Exception as exc:  # mammoth and zipfile raise many kinds on a broken file
        raise InputError(f"this Word file cannot be read ({type(exc).__name__})", path=name,
                         hint="open it in Word or LibreOffice and save it again") from None
    doc = read_html(f"<html><body>{result.value}</body></html>", name)
    return SourceDocument(doc.blocks, title, authors, doc.meta)
