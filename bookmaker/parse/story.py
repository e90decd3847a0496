"""The parse pipeline: paragraphs, headings, front matter, title, chapters, end matter."""

from __future__ import annotations

from bookmaker.model import Block, Chapter, Decision, Part, Story
from bookmaker.parse.breaks import gap_stats, is_ornament
from bookmaker.parse.endmatter import is_signature, split_tail, trailer_start
from bookmaker.parse.frontmatter import read_front
from bookmaker.parse.headings import Heading, find_headings, match_heading
from bookmaker.parse.hints import ParseHints
from bookmaker.parse.labels import dedication_line, end_marker, strip_decoration
from bookmaker.parse.lines import Para, split_paragraphs
from bookmaker.parse.notes import split_opening_notes
from bookmaker.parse.scenes import split_scenes
from bookmaker.parse.source import Source, short
from bookmaker.parse.title import choose_title_line

__all__ = ["parse"]

_PROLOGUE_MIN_PARAS = 3


def _standalone(line: str) -> bool:
    """Lines never joined to their neighbours when unwrapping hard-wrapped text.

    A bare number is not enough: ``seventy-five.`` may end a wrapped sentence.
    """
    if is_ornament(line) or end_marker(line):
        return True
    m = match_heading(line)
    return m is not None and m.strength != "bare"


def _body_start(h: Heading) -> int:
    """Index of the first paragraph after a heading (and its title line)."""
    return (h.title_index if h.title_index is not None else h.index) + 1


def _gap_source(paras: tuple[Para, ...], ornament: tuple[bool, ...], start: int,
                heads: frozenset[int]) -> Source:
    """A Source whose gap statistics come from the prose from ``start`` on."""
    gaps = [p.gap for i, p in enumerate(paras[start + 1:], start + 1)
            if i not in heads and i - 1 not in heads and not ornament[i] and not ornament[i - 1]]
    return Source(paras, ornament, gap_stats(gaps))


def parse(text: str, name: str = "", hints: ParseHints | None = None) -> Story:
    """Parse normalized story text into a :class:`~bookmaker.model.Story`.

    An empty (or blank) text gives a Story with no chapters; any other text gives
    at least one chapter. Every decision is recorded in ``Story.decisions``.

    :param text: text from :func:`bookmaker.read.text.decode` (LF newlines).
    :param name: the source file's stem, the title of last resort.
    :param hints: sidecar corrections; they win over the heuristics.
    """
    hints = hints or ParseHints()
    fallback = name.strip() or "Untitled"
    layout = split_paragraphs(text, _standalone, hints.headings)
    paras = layout.paras
    decisions: list[Decision] = list(layout.decisions)
    trailer: list[Block] = []
    cut = trailer_start([p.text for p in paras])
    if cut:
        trailer.append(Block("other", "", tuple(p.text for p in paras[cut:]), paras[cut].line))
        decisions.append(Decision(paras[cut].line, "end:other",
                                  "a publisher's closing boilerplate: end matter to the end",
                                  short(paras[cut].text)))
        paras = paras[:cut]
    if not paras:
        return Story(title=fallback, decisions=(
            Decision(0, "empty", "the text has no words: no chapters"),
            Decision(0, "title", "no title in the text: the file name")))

    ornament = [is_ornament(p.text) if len(p.text) <= 80 else False for p in paras]
    if all(ornament):  # nothing but symbols: they are the text, not scene breaks
        ornament = [False] * len(paras)
        decisions.append(Decision(paras[0].line, "text", "only symbol lines: kept as the text"))
    standalone_ok = [p.lines == 1 and len(p.text) <= 120 and not ornament[i]
                     for i, p in enumerate(paras)]
    heads = find_headings(paras, hints, standalone_ok)
    decisions.extend(heads.decisions)
    for i in heads.underlines:
        ornament[i] = True
    orn = tuple(ornament)
    head_idx = frozenset(h.index for h in heads.chapters) | frozenset(
        h.title_index for h in heads.chapters if h.title_index is not None)
    first_head = heads.chapters[0].index if heads.chapters else len(paras)
    src = _gap_source(paras, orn, min(first_head, len(paras) - 1), head_idx)

    # Front matter, and where the prose starts.
    chapters_at = list(heads.chapters)
    opening: list[int] = []
    if chapters_at:
        front = read_front(src, 0, first_head, True, heads.contents)
        if len(front.leftover) >= _PROLOGUE_MIN_PARAS:
            front = read_front(src, 0, first_head, False, heads.contents)
            opening = list(range(front.end, first_head))
            decisions.append(Decision(src.line(front.end), "chapter",
                                      "prose before the first heading: an untitled opening "
                                      "chapter", short(src.text(front.end))))
    else:
        front = read_front(src, 0, len(paras), False, heads.contents)
        opening = list(range(front.end, len(paras)))
        src = _gap_source(paras, orn, max(0, min(front.end, len(paras) - 1)), head_idx)
    decisions.extend(front.decisions)
    decisions.append(Decision(0, "gaps", src.gaps.describe()))
    front_blocks: list[Block] = list(front.blocks)

    # A last heading with nothing after it is a preview of the next chapter.
    end_extra: list[Block] = []
    if len(chapters_at) > 1 or (chapters_at and opening):
        last_head = chapters_at[-1]
        after = range(_body_start(last_head), len(paras))
        if all(orn[i] for i in after):
            chapters_at.pop()
            texts = [src.text(i) for i in range(last_head.index, _body_start(last_head))]
            end_extra.append(Block("other", "", tuple(texts), src.line(last_head.index)))
            decisions.append(Decision(src.line(last_head.index), "end:other",
                                      "a heading with nothing after it (a preview of the next "
                                      "chapter)", src.text(last_head.index)))

    # Title and authors.
    candidates = [i for i in front.candidates if i != heads.title_index]
    others = [b.text for b in front_blocks] + [b.label for b in front_blocks]
    chosen, title_decisions = choose_title_line(src, candidates, others)
    title: str | None = None
    title_reason = ""
    from_line = False
    if front.title:
        title, title_reason = front.title, "a 'Title:' line"
    elif heads.title_index is not None:
        title = strip_decoration(src.text(heads.title_index).lstrip("#").strip())
    elif chosen is not None:
        title, from_line = strip_decoration(src.text(chosen)) or src.text(chosen), True
        decisions.extend(title_decisions)
    for i in candidates:
        if i == chosen and from_line:
            continue
        kind, reason = "other", "a short line in the front matter, not the title"
        if dedication_line(src.text(i)):
            kind, reason = "dedication", "a short 'for …' line in the front matter"
        front_blocks.append(Block(kind, "", (src.text(i),), src.line(i)))
        decisions.append(Decision(src.line(i), f"front:{kind}", reason, src.text(i)))
    has_summary = any(b.kind == "summary" for b in front_blocks)
    for i in front.leftover:
        if i == heads.title_index:
            continue
        if not opening or i < opening[0]:
            kind, reason = "other", "text before the first heading"
            if not has_summary and len(src.text(i).split()) >= 8:
                kind, reason = "summary", "an unlabelled paragraph before the first heading"
                has_summary = True
            front_blocks.append(Block(kind, "", (src.text(i),), src.line(i)))
            decisions.append(Decision(src.line(i), f"front:{kind}", reason, short(src.text(i))))
    front_blocks.sort(key=lambda b: b.line)
    if title is None:
        prefixes = [(h.index, h.match.prefix) for h in heads.chapters if h.match.prefix]
        if prefixes:
            title = prefixes[0][1]
            decisions.append(Decision(src.line(prefixes[0][0]), "title",
                                      "the text before 'Chapter' in the heading", title))

    # Chapters and parts.
    chapters: list[Chapter] = []
    parts: list[Part] = []
    end_matter: list[Block] = []
    regions: list[tuple[Heading | None, list[int]]] = []
    if opening:
        regions.append((None, opening))
    for n, ch_head in enumerate(chapters_at):
        start = _body_start(ch_head)
        stop = chapters_at[n + 1].index if n + 1 < len(chapters_at) else len(paras)
        regions.append((ch_head, [i for i in range(start, stop) if i not in heads.underlines]))
    if not regions:
        regions.append((None, []))
    # A part heading with no chapter after it is a chapter.
    last_chapter_region = max((k for k, (h, _) in enumerate(regions)
                               if h is None or h.match.kind == "chapter"), default=-1)
    pending: list[Block] = []
    for k, (h, idxs) in enumerate(regions):
        if h is not None and h.match.kind == "part" and k < last_chapter_region:
            parts.append(Part(h.match.label, len(chapters), src.line(h.index)))
            decisions.append(Decision(src.line(h.index), "part", h.reason, src.text(h.index)))
            if idxs:
                pending.append(Block("other", "", tuple(src.text(i) for i in idxs
                                                        if not orn[i]), src.line(idxs[0])))
            continue
        last = k == len(regions) - 1
        rest, before, d1 = split_opening_notes(src, idxs, first=not chapters and h is not None)
        if not chapters and h is not None:
            # story metadata under the first heading (a disclaimer, a summary) is front matter
            front_blocks.extend(b for b in before if b.kind != "notes")
            before = [b for b in before if b.kind == "notes"]
        if last and h is not None and chapters and before and not rest:
            # a closing heading holding only notes (AO3's "Afterword", then "End Notes")
            heading = tuple(src.text(i) for i in range(h.index, _body_start(h)))
            end_matter.append(Block("other", "", heading, src.line(h.index)))
            end_matter.extend(Block("notes" if b.kind == "notes" else "other", b.label,
                                    b.paragraphs, b.line) for b in before)
            decisions.extend(d1)
            decisions.append(Decision(src.line(h.index), "end:other",
                                      "a last heading with only notes under it: end matter",
                                      src.text(h.index)))
            break
        rest, tail, d2 = split_tail(src, rest, last, title)
        scenes, d3 = split_scenes(src, rest, heads.underlines)
        decisions.extend(d1 + d2 + d3)
        if h is None:
            label, ch_title, number, line = "", None, None, src.line(idxs[0]) if idxs else 1
            if not chapters_at:
                decisions.append(Decision(line, "chapter", "no chapter headings: one chapter "
                                          "without a heading", short(src.text(idxs[0]))
                                          if idxs else ""))
        else:
            m = h.match
            label, ch_title, number, line = m.label, m.title, m.number, src.line(h.index)
            if m.prefix and m.prefix.casefold() != (title or "").casefold():
                label = strip_decoration(src.text(h.index).lstrip("#").strip())
            if h.title_index is not None:
                ch_title = src.text(h.title_index)
            decisions.append(Decision(line, "chapter", h.reason, src.text(h.index)))
        position = len(chapters) + 1
        if position in hints.chapter_titles:
            new = hints.chapter_titles[position]
            if ch_title and label.endswith(ch_title):
                label = label[: len(label) - len(ch_title)] + new
            ch_title = new
            decisions.append(Decision(line, "chapter-title", "sidecar", new))
        chapters.append(Chapter(label, ch_title, number, scenes,
                                tuple(pending) + tuple(before),
                                () if last else tuple(tail), line))
        pending = []
        if last:
            end_matter.extend(tail)
    end_matter.extend(pending)
    end_matter.extend(end_extra)
    end_matter.extend(trailer)

    # Title fallbacks: a heading prefix, a title-like closing line, the file name.
    if title is None:
        closing = [b for b in end_matter if b.kind == "other" and len(b.paragraphs) == 1
                   and is_signature(b.paragraphs[0]) and len(b.paragraphs[0].split()) >= 2]
        if closing:
            title = strip_decoration(closing[-1].paragraphs[0])
            decisions.append(Decision(closing[-1].line, "title",
                                      "no title at the top; a title-like closing line", title))
    if title is None:
        title = fallback
        decisions.append(Decision(0, "title", "no title in the text: the file name", title))
    elif title_reason:
        decisions.append(Decision(0, "title", title_reason, title))

    meta: dict[str, str] = {}
    if front.byline:
        meta["byline"] = front.byline
    if front.title_line:
        meta["title_line"] = front.title_line
    for b in front_blocks:  # the first rating, fandom and status also go to meta
        if b.kind in ("rating", "fandom", "status") and b.kind not in meta and b.text:
            meta[b.kind] = b.text
    decisions.sort(key=lambda d: d.line)
    return Story(
        title=title,
        authors=front.authors,
        front_matter=tuple(sorted(front_blocks, key=lambda b: b.line)),
        parts=tuple(parts),
        chapters=tuple(chapters),
        end_matter=tuple(end_matter),
        meta=meta,
        decisions=tuple(decisions),
    )

