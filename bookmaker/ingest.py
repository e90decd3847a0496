"""Ingest: bytes to clean text. Decoding and normalization only, no structure.

``decode(data, name)`` detects the encoding (BOM, UTF-8, UTF-16, legacy
single-byte via charset-normalizer), repairs mojibake and normalizes newlines
and whitespace. ``read_story_text(path)`` adds file reading and error reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import InputError

__all__ = ["Ingested", "decode", "normalize", "read_story_text"]

# Magic numbers of common binary formats people rename to .txt.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (an EPUB, DOCX or ODT is a zip too)"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "a Word/Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Characters XML 1.0 forbids (all C0 controls but tab/newline/CR, plus C1 and
# non-characters); removed from the text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_INDENT = re.compile(r"^[ \t\u00a0\u2000-\u200b\u3000\u202f]+", re.M)
_TRAILING = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\u202f]+$", re.M)


@dataclass(frozen=True)
class Ingested:
    """Decoded, normalized story text and what was done to get it."""

    text: str
    """Normalized text: LF newlines, no indentation or trailing spaces."""
    encoding: str
    """The encoding the bytes were decoded from."""
    fixes: tuple[str, ...] = ()
    """What normalization repaired (mojibake, control characters…)."""


def _looks_binary(data: bytes) -> str | None:
    """Describe ``data`` if it is a known binary format, else ``None``."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    return None


def _guess_utf16(data: bytes) -> str | None:
    """Spot BOM-less UTF-16 by its pattern of NUL bytes."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; raise ValueError if it is not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc.replace("-sig", ""), errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _guess_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ValueError("not text")
    enc = best.encoding
    if enc in ("ascii", "utf_8"):  # mostly UTF-8 with a few bad bytes
        return data.decode("utf-8", errors="replace"), "utf-8 (with invalid bytes replaced)"
    return data.decode(enc, errors="replace"), enc.replace("_", "-")


def normalize(text: str) -> tuple[str, tuple[str, ...]]:
    """Normalize decoded text; return it with a list of fixes applied."""
    fixes: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fixes.append("normalized CRLF/CR newlines")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    if _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text)
        fixes.append("removed control characters XML forbids")
    if "Ã" in text or "â€" in text or "Â" in text:
        import ftfy

        fixed = ftfy.fix_text(
            text,
            unescape_html=False,
            uncurl_quotes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            normalization=None,
        )
        if fixed != text:
            text = fixed
            fixes.append("repaired mojibake")
    text = text.replace("\ufeff", "")
    text = _INDENT.sub("", text)
    text = _TRAILING.sub("", text)
    return text.strip("\n") + ("\n" if text.strip() else ""), tuple(fixes)


def decode(data: bytes, name: str = "<input>") -> Ingested:
    """Decode story bytes into normalized text.

    :raises InputError: when ``data`` is a binary file or not text at all.
    """
    what = _looks_binary(data)
    if what:
        raise InputError(f"this is {what}, not a text file", path=name,
                         hint="export the story as plain text")
    try:
        text, encoding = _detect(data)
    except ValueError:
        raise InputError("this is not a text file", path=name,
                         hint="export the story as plain text") from None
    if text and text.count("\ufffd") > max(16, len(text) // 20):
        raise InputError("this does not decode as text in any known encoding", path=name,
                         hint="save it as UTF-8")
    sample = text[:10000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t")
    if sample and controls > len(sample) // 10:
        raise InputError("this looks like a binary file, not text", path=name,
                         hint="export the story as plain text")
    clean, fixes = normalize(text)
    return Ingested(clean, encoding, fixes)


def read_story_text(path: str | Path) -> Ingested:
    """Read and decode a story file.

    :raises InputError: when the file is missing, unreadable or not text.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a story file", path=p) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=p) from None
    return decode(data, str(p))
