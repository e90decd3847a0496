"""Proof sheet: the first pages of a PDF as spreads on one PNG, for a quick look.

Pages are laid out as a printed book opens: page 1 alone on the right, then
left/right pairs, two spreads to a row.
"""

from __future__ import annotations

import io

from bookmaker.errors import RenderError

__all__ = ["proof_sheet"]

_GAP = 24
"""Space between spreads and rows, in pixels."""


def proof_sheet(pdf: bytes, pages: int = 12, page_height: int = 300) -> bytes:
    """A PNG contact sheet of the first ``pages`` pages of ``pdf``.

    :param page_height: height of each page image in pixels (width follows).
    :raises RenderError: when the PDF cannot be read.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise RenderError(f"cannot read the PDF for the proof sheet: {exc}") from None
    try:
        images = []
        for index in range(min(pages, len(document))):
            page = document[index]
            width, height = page.get_size()
            bitmap = page.render(scale=page_height / height)
            images.append(bitmap.to_pil().convert("RGB"))
            page.close()
    finally:
        document.close()
    if not images:
        raise RenderError("the PDF has no pages to proof")
    pw = max(im.width for im in images)
    ph = max(im.height for im in images)
    slots: list[Image.Image | None] = [None, *images]  # page 1 is a right-hand page
    spreads = [slots[i:i + 2] for i in range(0, len(slots), 2)]
    per_row = 2
    rows = [spreads[i:i + per_row] for i in range(0, len(spreads), per_row)]
    sheet_w = per_row * 2 * pw + (per_row + 1) * _GAP
    sheet_h = len(rows) * ph + (len(rows) + 1) * _GAP
    sheet = Image.new("RGB", (sheet_w, sheet_h), (128, 128, 128))
    draw = ImageDraw.Draw(sheet)
    for r, row in enumerate(rows):
        y = _GAP + r * (ph + _GAP)
        for s, spread in enumerate(row):
            x = _GAP + s * (2 * pw + _GAP)
            for side, image in enumerate(spread):
                if image is not None:
                    sheet.paste(image, (x + side * pw, y))
            draw.line([(x + pw, y), (x + pw, y + ph - 1)], fill=(90, 90, 90))
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()
