"""Block kinds the sidecar corrects: ``[blocks] 5 = "summary"`` relabels the front matter,
end matter or chapter-note block starting on line 5; ``"prose"`` moves it into the story.

It runs once the chapters are built, so it changes only what the heuristics called the
block, never where the chapters are.
"""

from __future__ import annotations

from bookmaker.model import Block, Chapter, replace
from bookmaker.parse.codes import decision
from bookmaker.parse.state import ParseState

__all__ = ["relabel_blocks"]

PROSE = "prose"
"""The kind that makes a block part of the story's text."""


def _kinds(st: ParseState, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """``blocks`` relabelled as the sidecar says: (kept as blocks, turned into prose)."""
    kept: list[Block] = []
    prose: list[Block] = []
    for b in blocks:
        kind = st.hints.block_kinds.get(b.line)
        if kind is None or kind == b.kind:
            kept.append(b)
            continue
        st.decisions.append(decision("block.sidecar", b.line, "sidecar", kind))
        if kind == PROSE:
            prose.append(b)
        else:
            kept.append(replace(b, kind=kind))
    return kept, prose


def _paragraphs(blocks: list[Block]) -> tuple[str, ...]:
    return tuple(p for b in blocks for p in b.paragraphs)


def _with_prose(ch: Chapter, before: tuple[str, ...], after: tuple[str, ...]) -> Chapter:
    """``ch`` with paragraphs added to the start of its first and the end of its last scene."""
    if not before and not after:
        return ch
    scenes = list(ch.scenes) or [()]
    scenes[0] = before + scenes[0]
    scenes[-1] = scenes[-1] + after
    return replace(ch, scenes=tuple(scenes))


def relabel_blocks(st: ParseState) -> None:
    """Apply ``[blocks]`` to the front matter, chapter notes and end matter of ``st``."""
    if not st.hints.block_kinds:
        return
    st.front_blocks, front_prose = _kinds(st, st.front_blocks)
    st.end_matter, end_prose = _kinds(st, st.end_matter)
    chapters = []
    for n, ch in enumerate(st.chapters):
        before, before_prose = _kinds(st, list(ch.notes_before))
        after, after_prose = _kinds(st, list(ch.notes_after))
        lead = _paragraphs(front_prose) if n == 0 else ()
        tail = _paragraphs(end_prose) if n == len(st.chapters) - 1 else ()
        ch = replace(ch, notes_before=tuple(before), notes_after=tuple(after))
        chapters.append(_with_prose(ch, lead + _paragraphs(before_prose),
                                    _paragraphs(after_prose) + tail))
    if not chapters and (front_prose or end_prose):  # no chapter to take them: keep them
        st.front_blocks += front_prose
        st.end_matter += end_prose
    st.chapters = chapters
