"""Readable tree of a parsed Story for ``bookmaker inspect``.

Every element (title, front matter block, part, chapter, scene break, end matter
block) is shown with its source line and, when the parser or the sidecar recorded
one, the reason it was decided (``← why``). A value a flag, the sidecar or the project's
defaults replaced is shown after the winner's reason as what the text said
(``← flag --title  (text said "X", line 1 ← why)``). Decisions tied to no element are
listed at the end, so nothing the parser decided is hidden.
"""

from __future__ import annotations

from collections import defaultdict

from bookmaker.model import Block, Decision, Story
from bookmaker.settings.overrides import LAYER_REASONS, about

__all__ = ["format_tree"]


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _kind(what: str) -> str:
    """What a decision is about: a reader's code ``read.ao3.chapter`` is about ``chapter``."""
    return what.rsplit(".", 1)[-1] if what.startswith("read.") else what


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class _Reasons:
    """Decisions by line; each is shown once, next to the element it explains."""

    def __init__(self, decisions: tuple[Decision, ...]) -> None:
        self.by_line: dict[int, list[Decision]] = defaultdict(list)
        for d in decisions:
            self.by_line[d.line].append(d)
        self.used: set[int] = set()

    def why(self, line: int, *prefixes: str) -> str:
        """Reasons recorded for ``line`` (decisions whose ``what`` starts with a prefix)."""
        found = [d for d in self.by_line.get(line, ())
                 if id(d) not in self.used and (not prefixes or _kind(d.what).startswith(prefixes))]
        self.used.update(id(d) for d in found)
        return f"  ← {'; '.join(dict.fromkeys(_say(d) for d in found))}" if found else ""

    def between(self, start: int, end: int, *prefixes: str) -> list[Decision]:
        """Unused decisions on lines ``start < line < end`` whose ``what`` starts with a prefix."""
        found = [d for line, ds in sorted(self.by_line.items()) if start < line < end
                 for d in ds if id(d) not in self.used and _kind(d.what).startswith(prefixes)]
        self.used.update(id(d) for d in found)
        return found

    def rest(self) -> list[Decision]:
        return [d for line in sorted(self.by_line) for d in self.by_line[line]
                if id(d) not in self.used]


def _at(line: int) -> str:
    """``  (line 12)``, or nothing for a value no source line holds (no "line 0")."""
    return f"  (line {line})" if line else ""


def _say(d: Decision) -> str:
    """A decision's reason with its stable code (``heading.numbered``) in brackets."""
    return f"{d.reason} [{d.code}]" if d.code else d.reason


def _beaten(decisions: list[Decision]) -> str:
    """The overridden values, newest first: ``(sidecar road.toml said "Y")``, then the
    text's ``(text said "X", line 1 ← why)`` with the text's own reasons."""
    out: list[str] = []
    texts: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        if d.reason.startswith(LAYER_REASONS):
            out.append(f'({d.reason} said "{_short(d.overridden, 40)}")')
        else:
            texts[d.overridden].append(d)
    for value, ds in texts.items():
        line = next((d.line for d in ds if d.line), 0)
        why = "; ".join(dict.fromkeys(_say(d) for d in ds))
        out.append(f'(text said "{_short(value, 40)}"{f", line {line}" if line else ""}'
                   f" ← {why})")
    return "  ".join(dict.fromkeys(out))


def _explained(decisions: list[Decision]) -> str:
    """``  (line 7)  ← why; why`` for the decisions that stand, then what they overrode."""
    standing = [d for d in decisions if not d.overridden]
    line = next((d.line for d in standing if d.line), 0)
    out = _at(line)
    if standing:
        out += f"  ← {'; '.join(dict.fromkeys(_say(d) for d in standing))}"
    beaten = _beaten([d for d in decisions if d.overridden])
    return f"{out}  {beaten}" if beaten else out


def _block(b: Block, indent: str, reasons: _Reasons) -> str:
    label = f"{b.label}: " if b.label else ""
    where = f"line {b.line:>5}  " if b.line else "            "
    return (f"{indent}{where}[{b.kind}] {label}{_short(b.text)}"
            f"{reasons.why(b.line) if b.line else ''}")


def format_tree(story: Story) -> str:
    """Render ``story`` as an indented tree with source lines and reasons."""
    reasons = _Reasons(story.decisions)
    out: list[str] = []
    for what, label, value in (("title", "Title  ", story.title),
                               ("authors", "Authors", ", ".join(story.authors) or "(none found)")):
        found = [d for d in story.decisions if about(d, what)]
        reasons.used.update(id(d) for d in found)
        out.append(f"{label}  {value}{_explained(found)}")
    read = [d for d in story.decisions if d.what == "read"]
    reasons.used.update(id(d) for d in read)
    if read:
        out.append(f"Reader   {read[0].text}  ← {_say(read[0])}")
    if story.meta:
        out.append("Metadata")
        reasons.used.update(id(d) for d in story.decisions if d.what.startswith(("meta:", "cover")))
        for key, value in sorted(story.meta.items()):
            found = [d for d in story.decisions if about(d, f"meta:{key}")]
            out.append(f"  {key}: {_short(value)}{_explained(found)}")

    out.append(f"Front matter ({len(story.front_matter)})")
    out += [_block(b, "  ", reasons) for b in story.front_matter]

    scenes = sum(len(c.scenes) for c in story.chapters)
    unit = story.count_unit[:-1]  # "word", or "character" for a CJK story
    out.append(f"Chapters ({_plural(len(story.chapters), 'chapter')}, "
               f"{_plural(scenes, 'scene')}, {_plural(story.word_count, unit)})")
    parts = {p.first_chapter: p for p in story.parts}
    for i, ch in enumerate(story.chapters):
        if i in parts:
            p = parts[i]
            out.append(f"  Part: {p.title}{_at(p.line)}{reasons.why(p.line)}")
        heading = ch.label or "(no heading)"
        out.append(f"  {i + 1}. {heading}{_at(ch.line)}{reasons.why(ch.line)}")
        renamed = [d for d in story.decisions if d.what == f"chapter {i + 1}: title"]
        reasons.used.update(id(d) for d in renamed)
        if renamed:
            out.append(f"       title {renamed[0].text!r}  ← {renamed[0].reason}")
        sizes = ", ".join(str(len(s)) for s in ch.scenes)
        out.append(f"       {_plural(len(ch.scenes), 'scene')} ({sizes} paragraphs), "
                   f"{_plural(ch.word_count, unit)}")
        end = story.chapters[i + 1].line if i + 1 < len(story.chapters) else 10**12
        for d in reasons.between(ch.line, end, "scene"):
            shown = f" «{_short(d.text, 20)}»" if d.text else ""
            out.append(f"       line {d.line:>5}  {d.what}{shown}  ← {d.reason}")
        out += [_block(b, "       before ", reasons) for b in ch.notes_before]
        out += [_block(b, "       after  ", reasons) for b in ch.notes_after]

    out.append(f"End matter ({len(story.end_matter)})")
    out += [_block(b, "  ", reasons) for b in story.end_matter]

    rest = reasons.rest()
    if rest:
        out.append("Other decisions")
        out += [(f"  line {d.line:>5}  " if d.line else "  ") + f"{d.what:<18} {_say(d)}"
                + (f"  «{_short(d.text, 40)}»" if d.text else "") for d in rest]
    return "\n".join(out)
