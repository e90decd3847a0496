"""Broken and hostile story inputs, each with the outcome bookmaker must give.

Every case is generated here (nothing large is committed). ``outcome`` is
``"book"`` (a valid book, no word lost) or ``"error"`` (one ``Error: FILE: …``
line and a non-zero exit). ``match`` is a substring the error line must hold.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))

__all__ = ["Case", "CASES", "sample_text"]


@dataclass(frozen=True)
class Case:
    """One hostile input."""

    name: str
    """File name the input is written to."""
    make: Callable[[], bytes]
    """Produces the file's bytes."""
    outcome: str
    """``"book"`` or ``"error"``."""
    match: str = ""
    """For errors: a substring the message must contain (case-insensitive)."""
    slow: bool = False
    """Large inputs: built but not run through EPUBCheck in the quick suite."""


def sample_text() -> str:
    """All five samples joined: realistic prose to build large inputs from."""
    return "\n\n".join(p.read_text(encoding="utf-8") for p in SAMPLES)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("story.txt", "Chapter 1\n\nHello.\n")
    return buf.getvalue()


def _big(size: int) -> bytes:
    text = sample_text()
    reps = size // len(text.encode("utf-8")) + 1
    return "\n\n".join(text for _ in range(reps)).encode("utf-8")[:size].rsplit(b"\n", 1)[0]


def _chapters(n: int) -> bytes:
    body = "\n\n".join(f"Chapter {i}\n\nShe walked {i} miles before dawn." for i in range(1, n + 1))
    return f"Many Roads\n\n{body}\n".encode()


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
CONTROLS = "Bell\x07 and\x0b tab\x0c form\x1b esc.\n"
CJK = ("\u7b2c\u4e00\u7ae0\n\n\u5979\u6253\u5f00\u4e86\u95e8\u3002"
       "\u8d70\u5eca\u5f88\u6697\u3002\n\n\u6708\u304c\u304d\u308c\u3044\u3067\u3059\u306d\u3002\n")
RTL = ("\u0627\u0644\u0641\u0635\u0644 \u0627\u0644\u0623\u0648\u0644\n\n"
       "\u0641\u062a\u062d\u062a \u0627\u0644\u0628\u0627\u0628. "
       "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd.\n")
PROSE = "Chapter 1\n\nShe opened the door. The hallway was dark and smelled of rain.\n\n"

CASES: tuple[Case, ...] = (
    Case("empty.txt", lambda: b"", "error", "empty"),
    Case("whitespace.txt", lambda: b"  \n\n\t \r\n\xc2\xa0\n", "error", "empty"),
    Case("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "error", "png"),
    Case("archive.txt", _zip, "error", "zip"),
    Case("document.txt", lambda: PDF_BYTES, "error", "pdf"),
    Case("random.txt", lambda: bytes((i * 7919 + 13) % 256 for i in range(20000)), "error", "text"),
    Case("nul-bytes.txt", lambda: PROSE.replace(" ", " \x00", 3).encode(), "book"),
    Case("invalid-utf8.txt", lambda: PROSE.encode() + b"Caf\xe9 au lait \xff\xfe here.\n", "book"),
    Case("utf16-no-bom.txt", lambda: PROSE.encode("utf-16-le"), "book"),
    Case("utf16-bom.txt", lambda: PROSE.encode("utf-16"), "book"),
    Case("cp1252.txt", lambda: (PROSE + "\u201cCaf\u00e9,\u201d she said \u2014 twice.\n")
         .encode("cp1252"), "book"),
    Case("mixed-encodings.txt", lambda: PROSE.encode() + "Un caf\u00e9 \u2019s\n".encode()
         + "Un caf\u00e9 \u2019s\n".encode("cp1252"), "book"),
    Case("mojibake.txt", lambda: (PROSE + "It\u2019s \u201cfine\u201d.\n").encode()
         .decode("cp1252", errors="replace").encode(), "book"),
    Case("controls.txt", lambda: (PROSE + CONTROLS).encode(), "book"),
    Case("emoji.txt", lambda: (PROSE + "She laughed \U0001F602\U0001F389 and left \u2764\ufe0f.\n")
         .encode(), "book"),
    Case("cjk.txt", lambda: CJK.encode(), "book"),
    Case("rtl.txt", lambda: RTL.encode(), "book"),
    Case("symbols-only.txt", lambda: b"* * *\n\n~~~\n\n###\n\n-o-o-o-\n\n___\n", "book"),
    Case("headings-only.txt", lambda: b"Chapter 1\n\nChapter 2\n\nChapter 3\n\nEpilogue\n", "book"),
    Case("markup.txt", lambda: (PROSE + "<script>alert(1)</script> </p> &nbsp; ]]> {{ 7*7 }} "
         "{% include 'x' %} <img src=\"file:///etc/passwd\"> url(http://127.0.0.1:9/x.css)\n")
         .encode(), "book"),
    Case("long-line-5mb.txt", lambda: (b"word " * 1_000_000).strip() + b"\n", "book", slow=True),
    Case("chapters-5000.txt", lambda: _chapters(5000), "book", slow=True),
    Case("big-20mb.txt", lambda: _big(20_000_000), "book", slow=True),
)
