"""A generated typographic cover: title, authors and a quiet ornament, as JPEG bytes.

Drawn with Pillow in Source Serif. The same title and authors always give the same
bytes (no clock, no randomness; the colour is chosen from the title's hash).

Importing Pillow and drawing cost ~40-70 ms in a fresh process, more than the
rest of a short EPUB, so :func:`render_cover` keeps the covers it draws in a small
on-disk cache (``$XDG_CACHE_HOME/bookmaker/covers``, else
``~/.cache/bookmaker/covers``), keyed by the cover's text, this module's source
and the Pillow version. The cache only ever saves time: any problem reading or
writing it means the cover is simply drawn.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bookmaker import __version__
from bookmaker.errors import RenderError
from bookmaker.resources import fonts_dir

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

__all__ = ["WIDTH", "HEIGHT", "image_type", "render_cover", "draw_cover", "cache_folder", "wrap"]

WIDTH, HEIGHT = 1600, 2560
"""Cover size in pixels (the 1:1.6 ratio e-book stores ask for)."""

_PALETTE = (  # (background, ink, accent): deep, quiet colours with warm paper ink
    ((31, 45, 61), (244, 238, 226), (201, 169, 110)),
    ((54, 32, 38), (246, 237, 228), (214, 168, 132)),
    ((30, 52, 44), (240, 238, 224), (190, 176, 120)),
    ((44, 40, 58), (242, 236, 230), (186, 160, 196)),
    ((58, 48, 36), (246, 240, 228), (210, 180, 120)),
)
_MARGIN = 160
_CACHE_LIMIT = 256
"""Covers kept on disk; beyond this the oldest are removed (each is ~100 kB)."""


@cache
def _font_bytes(name: str) -> bytes:
    """The bytes of one Source Serif face, read once per process."""
    return (fonts_dir() / f"SourceSerifPro-{name}.ttf").read_bytes()


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached Source Serif face (``name`` like ``"Semibold"``) at ``size`` px."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(_font_bytes(name)), size)


@cache
def _cmap(name: str) -> frozenset[int]:
    """Code points the face has glyphs for (read with fontTools, only when needed)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_font_bytes(name)), lazy=True)
    return frozenset(font["cmap"].getBestCmap())


def drawable(text: str, face: str = "Semibold") -> bool:
    """True when Source Serif has a glyph for every character of ``text``.

    Latin-1, Latin Extended-A and general punctuation are known to be covered, so
    the font's character map is read only for other scripts.
    """
    rest = {ord(c) for c in text if not c.isspace()
            and not (ord(c) < 0x180 or 0x2000 <= ord(c) <= 0x206F)}
    return not rest or rest <= _cmap(face)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` pixels (over-long words stay whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if not line or font.getlength(trial) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(text: str, face: str, sizes: Sequence[int], width: int, max_lines: int
         ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which ``text`` wraps into ``max_lines`` lines within ``width``."""
    for size in sizes:
        font = _font(face, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(ln) <= width for ln in lines):
            return font, _balance(text, font, width, len(lines))
    font = _font(face, sizes[-1])
    lines = wrap(text, font, width)
    if len(lines) > max_lines:  # keep the cover readable; the full title is in the book
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "\u2026"
    return font, [_clip(ln, font, width) for ln in lines]


def _balance(text: str, font: ImageFont.FreeTypeFont, width: int, count: int) -> list[str]:
    """Split into ``count`` lines of even length (no lone last word): the split that
    minimises the squared slack of every line, last included."""
    words = text.split()
    n = len(words)
    if count <= 1 or n > 40:
        return wrap(text, font, width)
    length = {(i, j): font.getlength(" ".join(words[i:j]))
              for i in range(n) for j in range(i + 1, n + 1)}
    inf = float("inf")
    # best[k][j]: cost of setting words[:j] in k lines; back[k][j]: start of the k-th line
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(k - 1, j):
                w = length[i, j]
                if w <= width and best[k - 1][i] < inf:
                    cost = best[k - 1][i] + (width - w) ** 2
                    if cost < best[k][j]:
                        best[k][j], back[k][j] = cost, i
    if best[count][n] == inf:
        return wrap(text, font, width)
    lines, j = [], n
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.append(" ".join(words[i:j]))
        j = i
    return lines[::-1]


def _clip(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if font.getlength(line) <= width:
        return line
    while line and font.getlength(line + "\u2026") > width:
        line = line[:-1]
    return line + "\u2026"


def _centred(draw: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont,
             top: float, fill: tuple[int, int, int], leading: float = 1.15) -> float:
    """Draw ``lines`` centred from ``top``; return the y below the last line."""
    step = font.size * leading
    for i, line in enumerate(lines):
        draw.text((WIDTH / 2, top + i * step), line, font=font, fill=fill, anchor="mt")
    return top + len(lines) * step


def _ornament(draw: ImageDraw.ImageDraw, y: float, colour: tuple[int, int, int]) -> None:
    """A quiet centred ornament: two hairlines and a small open lozenge."""
    cx, r, gap, length = WIDTH / 2, 22, 44, 260
    draw.line([(cx - gap - length, y), (cx - gap, y)], fill=colour, width=4)
    draw.line([(cx + gap, y), (cx + gap + length, y)], fill=colour, width=4)
    draw.polygon([(cx, y - r), (cx + r, y), (cx, y + r), (cx - r, y)], outline=colour, width=4)
    draw.ellipse([(cx - 6, y - 6), (cx + 6, y + 6)], fill=colour)


@cache
def render_cover(title: str, authors: tuple[str, ...] = (), subtitle: str = "") -> bytes:
    """A ``WIDTH``×``HEIGHT`` JPEG cover for ``title`` by ``authors`` (deterministic bytes).

    The same bytes as :func:`draw_cover`, taken from the on-disk cache when an
    earlier run drew this cover.
    """
    folder = cache_folder()
    path = folder / f"{_cache_key(title, authors, subtitle)}.jpg" if folder else None
    if path is not None:
        data = _read_cached(path)
        if data is not None:
            return data
    data = draw_cover(title, authors, subtitle)
    if path is not None:
        _store(path, data)
    return data


def cache_folder() -> Path | None:
    """Where covers are cached, or ``None`` when there is no home or cache folder."""
    from bookmaker.caches import cache_home

    home = cache_home()
    return home / "covers" if home else None


def _cache_key(title: str, authors: tuple[str, ...], subtitle: str) -> str:
    """A digest of everything the cover's bytes depend on."""
    key = hashlib.sha256()
    for part in (__version__, _code_digest(), _pillow_version(), title, subtitle, *authors):
        key.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return key.hexdigest()[:40]


@cache
def _code_digest() -> str:
    """This module's source: an edited drawing never comes back from the cache."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return "unknown"


@cache
def _pillow_version() -> str:
    """Pillow's version, read from its ``_version.py`` (importing Pillow is what we avoid)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("PIL")
        origin = spec.origin if spec else None
        return Path(origin).with_name("_version.py").read_text("utf-8") if origin else "none"
    except (OSError, ValueError, ImportError):
        return "unknown"


def _read_cached(path: Path) -> bytes | None:
    """A cached JPEG, or ``None`` when missing, unreadable or not a whole JPEG file."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9" else None


def _store(path: Path, data: bytes) -> None:
    """Keep ``data`` in the cover cache, then keep the cache small; failures are ignored."""
    from bookmaker.caches import store

    if store(path, data):
        try:
            _prune(path.parent)
        except OSError:  # a folder that cannot be listed stays as it is
            pass


def _prune(folder: Path) -> None:
    """Keep the cache to :data:`_CACHE_LIMIT` covers, dropping the least recently written."""
    entries = [e for e in os.scandir(folder) if e.name.endswith(".jpg")]
    if len(entries) <= _CACHE_LIMIT:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for entry in entries[: len(entries) - _CACHE_LIMIT * 3 // 4]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def draw_cover(title: str, authors: tuple[str, ...] = (), subtitle: str = "") -> bytes:
    """Draw the cover of :func:`render_cover` with Pillow (no cache)."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(title.encode("utf-8", "replace")).digest()
    background, ink, accent = _PALETTE[digest[0] % len(_PALETTE)]
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)

    inset = 70  # a double frame, like a printed cover's rule
    draw.rectangle([(inset, inset), (WIDTH - inset, HEIGHT - inset)], outline=accent, width=6)
    draw.rectangle([(inset + 22, inset + 22), (WIDTH - inset - 22, HEIGHT - inset - 22)],
                   outline=accent, width=2)

    # Text the font cannot draw (other scripts) is left off rather than drawn as
    # boxes: the cover then keeps its frame and ornament, and the title is in the book.
    width = WIDTH - 2 * _MARGIN - 40
    y = 1060.0
    if drawable(title, "Semibold"):
        title_font, title_lines = _fit(title.strip() or "Untitled", "Semibold",
                                       (190, 170, 150, 132, 116, 100, 88), width, 5)
        block = len(title_lines) * title_font.size * 1.15
        top = max(360.0, 1060 - block / 2)
        y = _centred(draw, title_lines, title_font, top, ink)
    if subtitle and drawable(subtitle, "It"):
        sub_font, sub_lines = _fit(subtitle, "It", (84, 72, 60), width, 3)
        y = _centred(draw, sub_lines, sub_font, y + 40, ink)
    _ornament(draw, y + 110, accent)
    names = ", ".join(a for a in authors if a.strip())
    if names and drawable(names, "It"):
        author_font, author_lines = _fit(names, "It", (96, 84, 72, 60), width, 3)
        _centred(draw, author_lines, author_font, y + 230, ink)

    out = io.BytesIO()
    # optimize: Huffman tables fitted to this picture: the same pixels in about two thirds
    # of the bytes (~159 kB to ~106 kB), for 4-15 ms more per drawing (the cache keeps it)
    image.save(out, "JPEG", quality=88, optimize=True, progressive=False, subsampling="4:2:0")
    return out.getvalue()


def image_type(data: bytes) -> tuple[str, str]:
    """Media type and extension of a cover image, by its magic bytes.

    :raises RenderError: when the cover is not a JPEG, PNG, GIF or WebP image.
    """
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    raise RenderError("the cover image is not a JPEG, PNG, GIF or WebP file",
                      hint="convert it to JPEG, or remove `cover` from the sidecar")
