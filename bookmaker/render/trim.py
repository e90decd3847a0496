"""Trim sizes: the ``--trim`` option parsed into a page size and mirrored margins.

A trim is a preset name (``digest``, ``a5``…) or ``WxH`` with a unit
(``5x8in``, ``148x210mm``, ``12.7 x 20.3 cm``, ``396x612pt``). Everything is kept
in points (1/72 in), the unit of PDF page boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bookmaker.errors import ConfigError

__all__ = ["PRESETS", "UNITS", "Trim", "parse_trim"]

UNITS: dict[str, float] = {"in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0}
"""Points per unit."""

PRESETS: dict[str, tuple[float, float]] = {
    "pocket": (4.25 * 72, 6.87 * 72),
    "digest": (5.5 * 72, 8.5 * 72),
    "trade": (6 * 72, 9 * 72),
    "a5": (148 * UNITS["mm"], 210 * UNITS["mm"]),
    "a4": (210 * UNITS["mm"], 297 * UNITS["mm"]),
    "letter": (8.5 * 72, 11 * 72),
}
"""Named trims: (width, height) in points."""

_MIN, _MAX = 2 * 72.0, 20 * 72.0
"""Smallest and largest side accepted (2 in to 20 in)."""

_MEASURE = 5.0 * 72
"""Widest text block, in points: wider pages get wider margins, not longer lines."""

_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Trim:
    """A page size with mirrored margins, all in points."""

    name: str
    """The preset name, or the size as given."""
    width: float
    """Page width."""
    height: float
    """Page height."""

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """``(top, bottom, inner, outer)``: a gutter wider than the outer margin.

        Margins grow with the page; on wide pages the text block stops at a
        comfortable measure and the rest is shared evenly by the two margins.
        """
        inner = max(0.55 * 72, 0.13 * self.width)
        outer = max(0.45 * 72, 0.095 * self.width)
        extra = self.width - inner - outer - _MEASURE
        if extra > 0:
            inner += extra / 2
            outer += extra / 2
        top = max(0.55 * 72, 0.085 * self.height)
        bottom = max(0.6 * 72, 0.1 * self.height)
        return top, bottom, inner, outer

    def css(self) -> str:
        """The ``@page`` rules giving this size and mirrored margins."""
        top, bottom, inner, outer = self.margins
        return (
            f"@page {{ size: {self.width:.2f}pt {self.height:.2f}pt;"
            f" margin: {top:.2f}pt {outer:.2f}pt {bottom:.2f}pt {inner:.2f}pt; }}\n"
            f"@page :left {{ margin-left: {outer:.2f}pt; margin-right: {inner:.2f}pt; }}\n"
            f"@page :right {{ margin-left: {inner:.2f}pt; margin-right: {outer:.2f}pt; }}\n"
        )


def _bad(value: str, why: str) -> ConfigError:
    presets = ", ".join(PRESETS)
    return ConfigError(
        f"bad trim size {value!r}: {why}",
        hint=f"use one of {presets}, or WxH with a unit in, mm, cm or pt, e.g. 5x8in",
    )


def parse_trim(value: str | None) -> Trim:
    """Parse a ``--trim`` value (``None`` or ``""`` means ``digest``).

    :raises ConfigError: for an unknown preset, a missing unit or an absurd size.
    """
    text = (value or "digest").strip()
    key = text.lower()
    if key in PRESETS:
        return Trim(key, *PRESETS[key])
    match = _SIZE.match(text)
    if not match:
        raise _bad(text, "not a preset nor WIDTHxHEIGHT with a unit")
    w, wunit, h, hunit = match.groups()
    width = float(w) * UNITS[(wunit or hunit).lower()]
    height = float(h) * UNITS[hunit.lower()]
    for side in (width, height):
        if not _MIN <= side <= _MAX:
            raise _bad(text, "each side must be between 2 in and 20 in")
    return Trim(text, width, height)

