"""Ingest: every encoding form, mojibake, control characters, binary files, edge sizes."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from bookmaker.errors import InputError
from bookmaker.read.text import decode, normalize, read_story_text

TEXT = "Chapter 1\n\n\u201cCaf\u00e9?\u201d she asked \u2014 na\u00efve, it\u2019s 5\u00b0C.\n"
"""Latin text with accents, curly quotes and dashes (all in cp1252 too)."""


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom",
         "utf32le-bom", "cp1252"],
)
def test_every_encoding_form_decodes_to_the_same_text(data, encoding):
    result = decode(data, "s.txt")
    assert result.text == TEXT
    assert result.encoding == encoding
    assert "\ufeff" not in result.text


def test_latin1_french_is_read_as_western_not_baltic():
    text = ("Le gar\u00e7on \u00e9tait l\u00e0, \u00e0 c\u00f4t\u00e9 de l'\u00e9glise. "
            "O\u00f9 \u00eates-vous?\n")
    assert decode(text.encode("latin-1")).text == text


def test_cyrillic_legacy_file_uses_the_detector():
    text = ("\u0413\u043b\u0430\u0432\u0430 1\n\n\u041e\u043d\u0430 \u043e\u0442\u043a\u0440\u044b"
            "\u043b\u0430 \u0434\u0432\u0435\u0440\u044c. \u0412 \u043a\u043e\u0440\u0438\u0434"
            "\u043e\u0440\u0435 \u0431\u044b\u043b\u043e \u0442\u0435\u043c\u043d\u043e.\n")
    result = decode(text.encode("cp1251"))
    assert result.text == text
    assert result.encoding == "cp1251"


def test_mixed_utf8_and_cp1252_keeps_both_parts():
    data = "Un caf\u00e9 \u2019s\n".encode() + "Un caf\u00e9 \u2019s\n".encode("cp1252")
    assert decode(data).text == "Un caf\u00e9 \u2019s\nUn caf\u00e9 \u2019s\n"


def test_invalid_utf8_is_a_best_effort_not_an_error():
    result = decode(b"Plain words here. Caf\xe9 au lait \xff here.\n")
    assert "Caf\u00e9 au lait" in result.text
    assert "Plain words here." in result.text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("It\u00e2\u20ac\u2122s fine", "It\u2019s fine"),
        ("\u00e2\u20ac\u0153Hi,\u00e2\u20ac\u009d she said", "\u201cHi,\u201d she said"),
        ("caf\u00c3\u00a9 and cr\u00c3\u00a8me", "caf\u00e9 and cr\u00e8me"),
        ("\u00c2\u00bfQu\u00c3\u00a9 pasa?", "\u00bfQu\u00e9 pasa?"),
        ("It\u00e2\u0080\u0099s latin-1 mojibake", "It\u2019s latin-1 mojibake"),
        ("\u0093C1 quotes\u0094", "\u201cC1 quotes\u201d"),
    ],
)
def test_mojibake_is_repaired(broken, fixed):
    result = decode((broken + "\n").encode("utf-8"))
    assert result.text == fixed + "\n"
    assert "repaired mojibake" in result.fixes


@pytest.mark.parametrize(
    "correct",
    [
        "na\u00efve caf\u00e9 \u00c0 \u00c9 \u00fc\u00df",
        "Sch\u00f6ne Gr\u00fc\u00dfe, \u00c4rger, \u00d6l, \u00dcbel",
        "I \u2665 NY \u2014 \u201cyes\u201d \u2026 \u00a35",
        "\u00c3 la carte? No: \u00c0 la carte.",
        "AT&amp;T &lt;b&gt; stays as typed",
        "\uff11\uff12\uff13 full-width and \ufb01 ligature stay",
        "\u7b2c\u4e00\u7ae0 \u0627\u0644\u0641\u0635\u0644 \U0001f602",
    ],
)
def test_correct_text_is_never_changed(correct):
    result = decode((correct + "\n").encode("utf-8"))
    assert result.text == correct + "\n"
    assert result.fixes == ()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\n\r\nb", "a\n\nb\n"),
        ("\tIndented with a tab\n    and spaces\n", "Indented with a tab\nand spaces\n"),
        ("\u00a0\u00a0NBSP indent\n\u3000ideographic\n", "NBSP indent\nideographic\n"),
        ("trailing   \nspaces\t\u00a0\n", "trailing\nspaces\n"),
        ("inner\ttab", "inner tab\n"),
        # blank lines at the start stay (line numbers are the file's); at the end they go
        ("\n\n\nleading and trailing blanks\n\n\n", "\n\n\nleading and trailing blanks\n"),
        ("\n  \n", ""),
        ("a\u2028b\u2029c", "a\nb\n\nc\n"),
        ("e\u0301 combining", "\u00e9 combining\n"),
        ("zero\ufeffwidth BOM inside", "zero\ufeffwidth BOM inside\n"),
    ],
)
def test_normalize_newlines_and_whitespace(raw, clean):
    assert normalize(raw)[0] == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("nul\x00 byte", "nul byte"),
        ("bell\x07 esc\x1b del\x7f", "bell esc del"),
        ("vertical\x0btab form\x0cfeed", "vertical tab form feed"),
        ("unit\x1fsep", "unit sep"),
        ("non\ufffecharacter\uffff", "noncharacter"),
    ],
)
def test_control_characters_xml_forbids_are_removed(raw, clean):
    text, fixes = normalize(raw)
    assert text == clean + "\n"
    assert "removed control characters XML forbids" in fixes


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "RIFF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"BZh91AY&SY", "bzip2"),
        (b"\xfd7zXZ\x00\x00", "xz"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7-Zip"),
        (b"Rar!\x1a\x07\x00", "RAR"),
        (b"\x7fELF\x02\x01\x01", "program"),
        (b"MZ\x90\x00\x03\x00", "Windows program"),
        (b"{\\rtf1\\ansi Hello}", "RTF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office"),
        (b"SQLite format 3\x00", "SQLite"),
        (b"ID3\x03\x00", "MP3"),
        (b"OggS\x00\x02", "Ogg"),
        (b"PK\x05\x06" + b"\x00" * 18, "zip"),
    ],
)
def test_each_binary_magic_is_a_clear_error(data, what):
    with pytest.raises(InputError) as info:
        decode(data, "story.txt")
    message = str(info.value)
    assert message.startswith("story.txt: ") and what in message
    assert info.value.exit_code == 3


def test_a_real_zip_and_random_bytes_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("story.txt", "Chapter 1\n\nHello.\n")
    with pytest.raises(InputError, match="zip"):
        decode(buf.getvalue(), "a.txt")
    with pytest.raises(InputError, match="text"):
        decode(bytes((i * 7919 + 13) % 256 for i in range(20000)), "r.txt")


def test_control_heavy_utf8_is_refused_as_binary():
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(32)) * 50, "c.txt")


def test_a_few_nul_bytes_in_prose_are_dropped_not_fatal():
    data = b"She opened \x00the door. The \x00hallway was \x00dark.\n"
    assert decode(data).text == "She opened the door. The hallway was dark.\n"


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n", b" \t\n\xc2\xa0\n", codecs.BOM_UTF8,
                                  codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_and_blank_files_are_errors(data):
    with pytest.raises(InputError, match="empty") as info:
        decode(data, "blank.txt")
    assert str(info.value).startswith("blank.txt: the file is empty")


def test_five_megabyte_single_line_decodes_intact():
    data = (b"word " * 1_000_000).strip() + b"\n"
    result = decode(data)
    assert result.text == data.decode()
    assert result.text.count("\n") == 1


def test_long_run_of_spaces_is_stripped_in_linear_time():
    # A trailing-space regex would backtrack quadratically on this line.
    text = normalize(" " * 2_000_000 + "x" + " " * 2_000_000 + "\n")[0]
    assert text == "x\n"


def test_read_story_text_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no such file") as info:
        read_story_text(tmp_path / "missing.txt")
    assert "missing.txt" in str(info.value)
    with pytest.raises(InputError, match="directory"):
        read_story_text(tmp_path)
    story = tmp_path / "ok.txt"
    story.write_bytes(codecs.BOM_UTF8 + b"Hello\r\nworld\r\n")
    assert read_story_text(story).text == "Hello\nworld\n"
