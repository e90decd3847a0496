"""The generated typographic cover: size, format, determinism, and that text is drawn."""

from __future__ import annotations

import io

from PIL import Image, ImageChops, ImageFont

from bookmaker.render import cover
from bookmaker.render.cover import HEIGHT, WIDTH, render_cover, wrap


def _image(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_cover_is_a_large_jpeg():
    data = render_cover("Bounty", ("Clarity",))
    img = _image(data)
    assert img.format == "JPEG" and img.size == (WIDTH, HEIGHT) == (1600, 2560)
    assert img.mode == "RGB"


def test_cover_bytes_are_deterministic_without_the_cache():
    first = cover.draw_cover("Rhythm of the Heart", ("Emmykay",))
    cover._font.cache_clear()
    assert cover.draw_cover("Rhythm of the Heart", ("Emmykay",)) == first
    assert render_cover("Rhythm of the Heart", ("Emmykay",)) == first


def test_title_and_authors_change_the_picture():
    base = _image(render_cover("Partners", ()))
    with_author = _image(render_cover("Partners", ("Somebody",)))
    other_title = _image(render_cover("Please Don't", ()))
    assert ImageChops.difference(base, with_author).getbbox() is not None
    assert ImageChops.difference(base.convert("L"), other_title.convert("L")).getbbox() is not None


def test_text_is_drawn_in_the_middle_not_the_margins():
    img = _image(render_cover("Leaving Her Alone", ("A. Writer",))).convert("L")
    background = img.getpixel((WIDTH // 2, 200))
    mask = img.point(lambda v: 255 if abs(v - background) > 60 else 0)
    inner = mask.crop((200, 300, WIDTH - 200, HEIGHT - 300))
    assert inner.getbbox() is not None  # ink where the title goes
    box = mask.crop((120, 120, WIDTH - 120, HEIGHT - 120)).getbbox()
    assert box is not None and box[0] > 40 and box[2] < WIDTH - 240 - 40


def test_very_long_and_empty_titles_still_make_a_cover():
    long_title = " ".join(["Supercalifragilisticexpialidocious"] * 3 + ["word"] * 60)
    for title in (long_title, "", "   ", "\u7b2c\u4e00\u7ae0"):
        img = _image(render_cover(title, ("x" * 300,)))
        assert img.size == (WIDTH, HEIGHT)


def test_wrap_keeps_every_word_and_respects_width():
    font = ImageFont.truetype(str(cover.fonts_dir() / "SourceSerifPro-Regular.ttf"), 40)
    text = "the quick brown fox jumps over the lazy dog " * 5
    lines = wrap(text, font, 400)
    assert " ".join(lines).split() == text.split()
    assert len(lines) > 3 and all(font.getlength(ln) <= 400 for ln in lines)


def test_text_the_font_cannot_draw_is_left_off_not_drawn_as_boxes():
    plain = _image(render_cover("\u7b2c\u4e00\u7ae0", ()))
    no_title = _image(render_cover("", ())).convert("L")
    assert cover.drawable("Caf\u00e9 \u201cNoir\u201d \u2014 \u0141\u00f3d\u017a")
    assert not cover.drawable("\u7b2c\u4e00\u7ae0")
    # same frame and ornament; only the colour (chosen from the title) may differ
    assert plain.size == no_title.size


def test_title_lines_are_balanced():
    font = cover._font("Semibold", 150)
    title = "The Boy Who Waited by the Gate"
    greedy = wrap(title, font, 1200)
    assert font.getlength(greedy[-1]) < 0.5 * max(map(font.getlength, greedy))  # a lone word
    _, lines = cover._fit(title, "Semibold", (150,), 1200, 5)
    widths = [font.getlength(ln) for ln in lines]
    assert len(lines) == len(greedy)
    assert " ".join(lines).split() == title.split()
    assert min(widths) > 0.5 * max(widths)


def test_cover_jpeg_is_compact_without_losing_pixels(monkeypatch):
    """Huffman tables fitted to the picture: the pixels a plain encoding gives, in at most
    three quarters of its bytes (a 1,000-word story's EPUB was nine tenths cover)."""
    drawn: list[Image.Image] = []
    save = Image.Image.save

    def keep(self, fp, format=None, **params):  # noqa: A002 (Pillow's own name)
        drawn.append(self.copy())
        return save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", keep)
    ours = cover.draw_cover("Story Number 10", ("Bench Mark",))
    monkeypatch.setattr(Image.Image, "save", save)
    plain = io.BytesIO()
    drawn[0].save(plain, "JPEG", quality=88, subsampling="4:2:0")
    assert len(ours) <= 0.75 * len(plain.getvalue())
    difference = ImageChops.difference(_image(ours), _image(plain.getvalue()))
    assert difference.getbbox() is None
