"""Scenes: a chapter's prose cut at ornament lines and wide blank-line gaps."""

from __future__ import annotations

from collections.abc import Sequence

from bookmaker.model import Decision
from bookmaker.parse.codes import decision
from bookmaker.parse.source import Source, short

__all__ = ["split_scenes"]


def split_scenes(src: Source, idxs: Sequence[int], skip: frozenset[int] = frozenset()
                 ) -> tuple[tuple[tuple[str, ...], ...], list[Decision]]:
    """Group paragraphs into scenes.

    :param skip: paragraphs that are neither prose nor breaks (heading underlines).
    :returns: the scenes (no empty ones) and one decision per break.
    """
    scenes: list[tuple[str, ...]] = []
    current: list[str] = []
    decisions: list[Decision] = []
    pending: Decision | None = None
    for n, i in enumerate(idxs):
        if i in skip:
            continue
        p = src.paras[i]
        if src.ornament[i]:
            if current and pending is None:
                pending = decision("break.ornament", p.line, "an ornament line", p.text)
            continue
        if n and current and pending is None and src.wide(i):
            pending = decision("break.gap", p.line,
                               f"{p.gap} blank lines where {src.gaps.normal} is usual",
                               short(p.text, 40))
        if pending is not None and current:
            scenes.append(tuple(current))
            current = []
            decisions.append(pending)
        pending = None
        current.append(p.text)
    if current:
        scenes.append(tuple(current))
    return tuple(scenes), decisions
