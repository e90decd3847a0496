"""Cover images: read, decoded in full with Pillow, and re-encoded when the file is unsafe.

A cover's first bytes say little: a PNG header followed by garbage makes an EPUB
that readers and EPUBCheck reject, a small file can decode to billions of pixels
(a decompression bomb), and a huge embedded colour profile bloats every copy of
the book. :func:`verify_cover` decodes the whole image under a pixel limit and
returns the original bytes when they are sound, else a clean re-encoding.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bookmaker.errors import ConfigError
from bookmaker.read.files import COVER_LIMIT, read_file

__all__ = ["COVER_PIXELS", "PROFILE_LIMIT", "load_cover", "verify_cover"]

log = logging.getLogger("bookmaker")

COVER_PIXELS = 40_000_000
"""A print cover at 600 dpi is ~25 Mpx; more is a mistake or a decompression bomb."""
PROFILE_LIMIT = 256 * 1024
"""sRGB profiles are ~3 kB and printer profiles under 200 kB; bigger ones are dropped."""

_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
"""Formats every e-reader shows (and the EPUB core media types we use)."""
_MODES = {"1", "L", "LA", "P", "RGB", "RGBA"}
"""Colour modes e-readers draw correctly; CMYK or 16-bit images are converted to RGB."""
_HINT = "save the cover again as a JPEG or PNG, or remove it"


def load_cover(path: str | Path, key: str = "") -> bytes:
    """The verified bytes of the cover file ``path`` (see :func:`verify_cover`).

    :raises ConfigError: naming the file when it cannot be read or is not a sound image.
    """
    data = read_file(path, COVER_LIMIT, error=ConfigError, hint=_HINT)
    return verify_cover(data, str(path))


def _open(data: bytes, name: str):
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ConfigError(f"the cover has more than {COVER_PIXELS:,} pixels", path=name,
                              hint=_HINT) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise ConfigError(f"the cover is not an image Pillow can read: {exc}", path=name,
                              hint=_HINT) from None
    if image.format not in _FORMATS:
        raise ConfigError(f"the cover is a {image.format} image, not a PNG, JPEG or GIF",
                          path=name, hint=_HINT)
    width, height = image.size
    if width * height > COVER_PIXELS or not width or not height:
        raise ConfigError(f"the cover is {width}×{height} pixels, more than "
                          f"{COVER_PIXELS:,} in all", path=name, hint="scale it down")
    return image


@contextmanager
def _strict() -> Iterator[None]:
    """Pillow refusing damaged data while we verify: WeasyPrint, once imported, sets
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process, which accepts truncated
    pixels and silently skips oversized or broken chunks."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def verify_cover(data: bytes, name: str = "cover") -> bytes:
    """``data`` when it is a whole, sound PNG, JPEG or GIF; else a re-encoded copy.

    Re-encodes (deterministically) when the colour profile is larger than
    :data:`PROFILE_LIMIT` or the colour mode is one e-readers mishandle.

    :raises ConfigError: when the image is truncated, corrupt, not PNG/JPEG/GIF,
        or larger than :data:`COVER_PIXELS`.
    """
    with _strict():
        image = _open(data, name)
        try:
            image.verify()  # checksums and structure, without decoding
            image = _open(data, name)
            image.load()  # decodes every pixel: truncated or garbled data fails here
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ConfigError(f"the cover image is damaged: {exc}", path=name,
                              hint=_HINT) from None
    profile = image.info.get("icc_profile") or b""
    if len(profile) <= PROFILE_LIMIT and image.mode in _MODES:
        return data
    log.warning("%s: re-encoding the cover (%s)", name,
                f"dropping a {len(profile) // 1024:,} kB colour profile"
                if len(profile) > PROFILE_LIMIT else f"converting {image.mode} to RGB")
    return _reencode(image)


def _reencode(image) -> bytes:
    """The same pixels without the profile: a JPEG stays a JPEG, anything else becomes PNG."""
    fmt = image.format
    image.info.pop("icc_profile", None)  # Pillow would otherwise write it out again
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("L" if image.mode == "L" else "RGB").save(out, "JPEG", quality=92)
    else:
        (image if image.mode in _MODES else image.convert("RGBA")).save(out, "PNG")
    return out.getvalue()
