"""A generated typographic cover: title, authors and a quiet ornament, as JPEG bytes.

Drawn with Pillow in Source Serif. The same title and authors always give the same
bytes (no clock, no randomness; the colour is chosen from the title's hash).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from bookmaker.resources import fonts_dir

__all__ = ["WIDTH", "HEIGHT", "render_cover", "wrap"]

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


@cache
def _font_bytes(name: str) -> bytes:
    """The bytes of one Source Serif face, read once per process."""
    return (fonts_dir() / f"SourceSerifPro-{name}.ttf").read_bytes()


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A cached Source Serif face (``name`` like ``"Semibold"``) at ``size`` px."""
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
    """A ``WIDTH``×``HEIGHT`` JPEG cover for ``title`` by ``authors`` (deterministic bytes)."""
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
    image.save(out, "JPEG", quality=88, optimize=False, progressive=False, subsampling="4:2:0")
    return out.getvalue()
