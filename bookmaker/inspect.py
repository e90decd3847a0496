"""Readable tree of a parsed Story for ``bookmaker inspect``."""

from __future__ import annotations

from bookmaker.model import Block, Story

__all__ = ["format_tree"]


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _block(b: Block, indent: str) -> str:
    label = f"{b.label}: " if b.label else ""
    return f"{indent}[{b.kind}] line {b.line}: {label}{_short(b.text)}"


def format_tree(story: Story) -> str:
    """Render ``story`` as an indented tree with source lines and reasons."""
    out = [f"Title:   {story.title}", f"Authors: {', '.join(story.authors) or '(none found)'}"]
    for key, value in sorted(story.meta.items()):
        out.append(f"  {key}: {value}")
    out.append(f"Front matter ({len(story.front_matter)})")
    out += [_block(b, "  ") for b in story.front_matter]
    parts = {p.first_chapter: p for p in story.parts}
    out.append(f"Chapters ({len(story.chapters)}, {story.word_count:,} words)")
    for i, ch in enumerate(story.chapters):
        if i in parts:
            out.append(f"  Part: {parts[i].title} (line {parts[i].line})")
        paras = sum(len(s) for s in ch.scenes)
        out.append(f"  {i + 1}. {ch.label or '(no heading)'}  line {ch.line}: "
                   f"{len(ch.scenes)} scenes, {paras} paragraphs, {ch.word_count:,} words")
        out += [_block(b, "     before ") for b in ch.notes_before]
        out += [_block(b, "     after  ") for b in ch.notes_after]
    out.append(f"End matter ({len(story.end_matter)})")
    out += [_block(b, "  ") for b in story.end_matter]
    out.append("Decisions")
    out += [f"  line {d.line:>5}  {d.what:<18} {d.reason}"
            + (f"  «{_short(d.text, 40)}»" if d.text else "") for d in story.decisions]
    return "\n".join(out)
