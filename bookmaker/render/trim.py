"""Trim sizes: the ``--trim`` option parsed into a page size and mirrored margins.

A trim is a preset name (``digest``, ``a5``…) or ``WxH`` with a unit
(``5x8in``, ``148x210mm``, ``12.7 x 20.3 cm``, ``396x612pt``); without a unit the
size is in inches (``6x9``), as print-on-demand services name their trims.
Everything is kept in points (1/72 in), the unit of PDF page boxes.

Print-on-demand services (:data:`SERVICES`) add a default trim, a page range they
accept, and a gutter that grows with the page count (a thick book's binding eats
more of the inner margin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bookmaker.errors import ConfigError

__all__ = ["PRESETS", "UNITS", "SERVICES", "BLEED", "Service", "Trim", "parse_trim",
           "parse_length", "gutter_for", "page_warning"]

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

BLEED = 0.125 * 72
"""The bleed ``--bleed`` adds on each outer side (KDP's and Lulu's 0.125 in)."""

GUTTER_TABLE: tuple[tuple[int, float], ...] = (
    (150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (10**9, 0.875))
"""KDP's minimum inside margin (inches) by page count: (up to N pages, margin)."""


@dataclass(frozen=True)
class Service:
    """A print-on-demand service's rules."""

    name: str
    """Its name (``kdp``)."""
    trim: str
    """The trim it is used with when none is given."""
    min_pages: int
    """Fewest pages it binds."""
    max_pages: int
    """Most pages it binds (on white paper)."""


SERVICES: dict[str, Service] = {
    "kdp": Service("kdp", "6x9", 24, 828),
    "lulu": Service("lulu", "6x9", 32, 800),
}
"""Presets for Amazon KDP and Lulu paperbacks (their published page ranges)."""


def gutter_for(pages: int) -> float:
    """Extra inner margin in points for a book of ``pages`` pages: how far KDP's
    minimum inside margin for that count exceeds its minimum for a thin book."""
    for limit, inches in GUTTER_TABLE:
        if pages <= limit:
            return (inches - GUTTER_TABLE[0][1]) * 72
    return 0.0  # pragma: no cover - the table ends with an open bound


def page_warning(service: str, pages: int) -> str:
    """A warning when ``pages`` is outside what ``service`` binds, else ``""``."""
    rules = SERVICES.get(service)
    if rules is None:
        return ""
    if pages > rules.max_pages:
        return (f"{pages} pages: {service} binds at most {rules.max_pages}; "
                "split the book or use a larger trim")
    if pages < rules.min_pages:
        return f"{pages} pages: {service} binds at least {rules.min_pages}"
    return ""


_MIN, _MAX = 2 * 72.0, 20 * 72.0
"""Smallest and largest side accepted (2 in to 20 in)."""

_MEASURE = 5.0 * 72
"""Widest text block, in points: wider pages get wider margins, not longer lines."""

_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*$",
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
    bleed: float = 0.0
    """Bleed on each outer side; the page box grows by it, the trim box stays."""
    gutter: float = 0.0
    """Extra inner margin for a thick book (see :func:`gutter_for`)."""

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
        return top, bottom, inner + self.gutter, outer

    def css(self) -> str:
        """The ``@page`` rules giving this size and mirrored margins."""
        top, bottom, inner, outer = self.margins
        body = self.height - top - bottom
        return (
            f":root {{ --body-height: {body:.2f}pt; }}\n"
            f"@page {{ size: {self.width:.2f}pt {self.height:.2f}pt; bleed: {self.bleed:.2f}pt;"
            f" margin: {top:.2f}pt {outer:.2f}pt {bottom:.2f}pt {inner:.2f}pt; }}\n"
            f"@page :left {{ margin-left: {outer:.2f}pt; margin-right: {inner:.2f}pt; }}\n"
            f"@page :right {{ margin-left: {inner:.2f}pt; margin-right: {outer:.2f}pt; }}\n"
        )


def _bad(value: str, why: str) -> ConfigError:
    presets = ", ".join(PRESETS)
    return ConfigError(
        f"bad trim size {value!r}: {why}",
        hint=f"use one of {presets}, or WxH in inches (6x9) or with a unit in, mm, cm or pt"
             " (148x210mm)",
    )


def parse_trim(value: str | None) -> Trim:
    """Parse a ``--trim`` value (``None`` or ``""`` means ``digest``).

    :raises ConfigError: for an unknown preset, a missing unit or an absurd size.
    """
    text = (value or "digest").strip()
    key = text.lower()
    if key in PRESETS:
        return Trim(key, *PRESETS[key])
    if key in SERVICES:
        return parse_trim(SERVICES[key].trim)
    match = _SIZE.match(text)
    if not match:
        raise _bad(text, "not a preset nor WIDTHxHEIGHT")
    w, wunit, h, hunit = match.groups()
    width = float(w) * UNITS[(wunit or hunit or "in").lower()]
    height = float(h) * UNITS[(hunit or "in").lower()]
    for side in (width, height):
        if not _MIN <= side <= _MAX:
            raise _bad(text, "each side must be between 2 in and 20 in")
    return Trim(text, width, height)



_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*$", re.IGNORECASE)


def parse_length(value: str, *, largest: float = 72.0) -> float:
    """A length such as ``0.125in`` or ``3mm`` (inches without a unit) in points.

    :raises ConfigError: for a malformed length or one over ``largest`` points.
    """
    match = _LENGTH.match(value or "")
    if not match:
        raise ConfigError(f"bad length {value!r}", hint="give a number with in, mm, cm or pt")
    points = float(match.group(1)) * UNITS[(match.group(2) or "in").lower()]
    if points > largest:
        raise ConfigError(f"length {value!r} is too large",
                          hint=f"at most {largest / 72:g} in")
    return points
