"""Ingest: bytes to clean text. Decoding and normalization only, no structure.

``decode(data, name)`` detects the encoding (BOM, UTF-8, UTF-16, legacy
single-byte via charset-normalizer), repairs mojibake and normalizes newlines
and whitespace. ``read_story_text(path)`` adds file reading and error reporting.

Decoding order:

1. known binary formats (PNG, zip, PDF…) are refused by their magic number;
2. a byte order mark decides (UTF-8, UTF-16, UTF-32);
3. BOM-less UTF-16 is recognised by its pattern of NUL bytes;
4. valid UTF-8 is UTF-8; mostly-UTF-8 with a few stray bytes (a file pasted
   together from two sources) decodes those bytes as Windows-1252;
5. anything else is a legacy single-byte file: Windows-1252 for Latin text
   (detectors cannot tell Latin code pages apart on short texts, and cp1252 is
   what Western Windows editors write), otherwise charset-normalizer's guess
   (Cyrillic, Greek, Central European…).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bookmaker.errors import InputError
from bookmaker.patterns import regex
from bookmaker.read.files import STORY_LIMIT, read_file

__all__ = ["MAX_BYTES", "Ingested", "decode", "normalize", "read_bytes", "read_story_text"]

MAX_BYTES = STORY_LIMIT
"""Largest story file accepted (the longest novels are a few tens of MB)."""

_PLAIN_HINT = "save the story as .txt, .md, .html, .docx or .epub"

# Magic numbers of common binary formats people rename to .txt.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV, AVI)"),
    (b"PK\x03\x04", "a zip archive (an EPUB, DOCX or ODT is a zip too)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "a Word/Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Central European code pages charset-normalizer may rightly pick over cp1252.
_CENTRAL = ("cp1250", "iso8859_2")
_CENTRAL_LANGS = frozenset({"Polish", "Czech", "Slovak", "Hungarian", "Croatian",
                            "Slovene", "Romanian", "Bosnian", "Serbian"})

# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, DEL, the C1 range
# left after mojibake repair, lone surrogates, non-characters); removed.
_FORBIDDEN = regex("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                   "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Controls that separate words (vertical tab, form feed, file/group/record/unit
# separators) become spaces rather than vanish, so no two words are glued.
_SEPARATORS = {c: " " for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F)}
_CONTROL = regex("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# UTF-8 read as Latin-1/cp1252: a lead byte (Â…ô) followed by a continuation
# byte rendered as Latin-1 or cp1252 (C1, €, ‚, ™, ’…). Also bare C1 controls.
_SUSPECT = regex("[\x00-\x08\x0b-\x1f\x7f-\xff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Every character :data:`_FORBIDDEN` or :data:`_MOJIBAKE` needs (C0/C1 controls, the
Latin-1 range, surrogates, non-characters): a text without any, most of them, is
scanned once instead of twice (the mojibake pattern alone is ~3x slower than this)."""
_MOJIBAKE = regex(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|[\u0080-\u009f]"
)
# Spaces stripped from line starts and ends (indentation, trailing blanks).
_SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
          "\u200a\u200b\u202f\u205f\u3000\ufeff"


@dataclass(frozen=True)
class Ingested:
    """Decoded, normalized story text and what was done to get it."""

    text: str
    """Normalized text: LF newlines, no indentation or trailing spaces."""
    encoding: str
    """The encoding the bytes were decoded from."""
    fixes: tuple[str, ...] = ()
    """What normalization repaired (mojibake, control characters…)."""


def _stray_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode each invalid UTF-8 byte as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("bookmaker-cp1252", _stray_as_cp1252)


def _looks_binary(data: bytes) -> str | None:
    """Describe ``data`` if it is a known binary format, else ``None``."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    return None


def _guess_utf16(data: bytes) -> str | None:
    """Spot BOM-less UTF-16 by its pattern of NUL bytes (best effort: Latin text)."""
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


def _legacy(data: bytes) -> tuple[str, str]:
    """Decode a single-byte legacy file; raise ValueError if it is not text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ValueError("not text")
    enc = best.encoding
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    latin = western is not None and not any(
        ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")
        for ch in set(str(best)) if ord(ch) > 127
    )
    if western is not None and latin and not (enc in _CENTRAL and best.language in _CENTRAL_LANGS):
        return western, "cp1252"
    return data.decode(enc, errors="replace"), enc.replace("_", "-")


def _detect(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for ``data``; raise ValueError if it is not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc.replace("-sig", ""), errors="replace"), enc
    utf16 = _guess_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    invalid = lossy.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(re.findall("[^\x00-\x7f\ufffd]", lossy))
    if valid >= invalid:  # mostly UTF-8 with some stray legacy bytes
        return data.decode("utf-8", errors="bookmaker-cp1252"), "utf-8 (stray bytes read as cp1252)"
    return _legacy(data)


def _fix_mojibake(text: str) -> str:
    """Repair UTF-8-read-as-cp1252 on the lines that show its signature only."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        remove_control_chars=False, normalization=None, explain=False,
    )
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            lines[i] = ftfy.fix_text(line, config)
    return "\n".join(lines)


def normalize(text: str) -> tuple[str, tuple[str, ...]]:
    """Normalize decoded text; return it with a list of fixes applied.

    Newlines become LF; mojibake is repaired; control characters XML forbids are
    removed; tabs inside lines become spaces; indentation and trailing spaces are
    stripped; the text is NFC-normalized and ends with one newline (or is empty). Blank
    lines at the start are kept, so that line numbers are the file's own.
    """
    fixes: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fixes.append("normalized CRLF/CR newlines")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    suspect = _SUSPECT.search(text)  # one scan; most texts need neither repair
    if suspect and _MOJIBAKE.search(text):
        fixed = _fix_mojibake(text)
        if fixed != text:
            text = fixed
            fixes.append("repaired mojibake")
    if suspect and _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text.translate(_SEPARATORS))
        fixes.append("removed control characters XML forbids")
    text = "\n".join(line.strip(_SPACES) for line in text.split("\n"))
    if "\t" in text:
        text = text.replace("\t", " ")
    text = unicodedata.normalize("NFC", text)
    text = text.rstrip("\n")
    return (text + "\n" if text.strip("\n") else ""), tuple(fixes)


def decode(data: bytes, name: str = "<input>") -> Ingested:
    """Decode story bytes into normalized text.

    :raises InputError: when ``data`` is a binary file, not text at all, or empty.
    """
    what = _looks_binary(data)
    if what:
        raise InputError(f"this is {what}, not a text file", path=name, hint=_PLAIN_HINT)
    if not data:
        raise InputError("the file is empty", path=name, hint="is this the right file?")
    try:
        text, encoding = _detect(data)
    except ValueError:
        raise InputError("this is not a text file", path=name, hint=_PLAIN_HINT) from None
    if len(_CONTROL.findall(text, 0, 100_000)) > max(8, min(len(text), 100_000) // 10):
        raise InputError("this looks like a binary file, not text", path=name,
                         hint=_PLAIN_HINT)
    clean, fixes = normalize(text)
    if not clean.strip():
        raise InputError("the file is empty (only blank space)", path=name,
                         hint="is this the right file?")
    return Ingested(clean, encoding, fixes)


def read_story_text(path: str | Path) -> Ingested:
    """Read and decode a story file.

    :raises InputError: when the file is missing, unreadable, too large or not text.
    """
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """A story file's bytes: a regular file of at most :data:`MAX_BYTES`.

    :raises InputError: when the file is missing, not a regular file, unreadable or too large.
    """
    return read_file(Path(path), MAX_BYTES)
