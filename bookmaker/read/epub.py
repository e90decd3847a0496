"""EPUB reader: EbookLib in spine order, metadata from the OPF, then the HTML readers.

The spine's documents are joined into one HTML body, so an AO3 or FanFicFare EPUB is
read by the AO3 or FanFicFare mapping (their EPUBs hold the same markup as their HTML
downloads) and any other EPUB by its structure. Encrypted (DRM) books are refused with a
clear error; nothing the book links to is fetched.
"""

from __future__ import annotations

import io
import re
import zipfile

import lxml.html

from bookmaker.errors import InputError
from bookmaker.patterns import regex
from bookmaker.read.html import parse_html

__all__ = ["is_epub", "read_epub"]

_BODY = regex(r"<body[^>]*>(.*)</body>", re.S | re.I)


def is_epub(archive: zipfile.ZipFile) -> bool:
    """An EPUB: its ``mimetype`` entry says so, or it has an OPF container."""
    names = archive.namelist()
    if "mimetype" in names and archive.read("mimetype").strip() == b"application/epub+zip":
        return True
    return "META-INF/container.xml" in names


def read_epub(data: bytes, name: str) -> tuple[lxml.html.HtmlElement, dict[str, str]]:
    """The spine joined into one HTML tree, and the OPF's title, author(s), language.

    :raises InputError: when the EPUB is encrypted or broken.
    """
    from ebooklib import ITEM_DOCUMENT, epub

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "META-INF/encryption.xml" in archive.namelist():
            raise InputError("this EPUB is encrypted (DRM), its text cannot be read", path=name,
                             hint="use a DRM-free copy (AO3 and FanFicFare books are)")
        book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
    except InputError:
        raise
    except Exception as exc:  # EbookLib raises many kinds on a broken book
        raise InputError(f"this EPUB cannot be read ({type(exc).__name__}: {str(exc)[:80]})",
                         path=name, hint="is the download complete?") from None
    bodies: list[str] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ITEM_DOCUMENT:
            continue
        html = item.get_content().decode("utf-8", errors="replace")
        m = _BODY.search(html)
        bodies.append(m.group(1) if m else html)
    if not bodies:
        raise InputError("this EPUB has no text in its spine", path=name)
    meta: dict[str, str] = {}
    for key in ("title", "creator", "language"):
        values = [v for v, _ in book.get_metadata("DC", key) if v and v.strip()]
        if values:
            meta[key] = "\n".join(v.strip() for v in values)
    return parse_html("<html><body>" + "\n".join(bodies) + "</body></html>", name), meta
