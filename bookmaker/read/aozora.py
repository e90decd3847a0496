"""Aozora Bunko text files: markup to a document, ruby readings to ruby runs.

Aozora Bunko (青空文庫) files are plain text (Shift_JIS, decoded by :mod:`bookmaker.read.text`)
with their own markup, which a book must never print:

- the title and author on the first lines, then a legend of the markup symbols between
  two dashed lines (【テキスト中に現れる記号について】); the legend explains marks the book
  no longer shows, so it is left out (and said so);
- ruby: ``｜先生一人《せんせいひとり》`` (``｜`` marks where the base starts) or
  ``漢字《かんじ》`` (the base is the run of kanji before ``《``): a run with its reading;
- editor's notes in ``［＃…］``: ``［＃「第一章」は大見出し］`` makes that text a heading (大 1,
  中 2, 小 3), ``［＃中見出し］…［＃中見出し終わり］`` too; indentation, page breaks and
  the rest are layout instructions, dropped;
- the colophon at the end (底本：…), which the parser reads as a publisher's trailer.
"""

from __future__ import annotations

from bookmaker.model import Run
from bookmaker.patterns import regex
from bookmaker.read.document import SourceBlock, SourceDocument

__all__ = ["looks_like_aozora", "read_aozora"]

_LEGEND = "【テキスト中に現れる記号について】"
_DASHES = regex(r"^-{20,}$")
_NOTE = regex(r"［＃[^］\n]*］")
_KANJI = r"\u3005\u3006\u30f6\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
"""Kanji (and 々 〆 ヶ): an unmarked ruby base is the run of them before 《."""
_RUBY = regex(rf"｜([^｜《》\n]+)《([^《》\n]+)》|([{_KANJI}]+)《([^《》\n]+)》")
_HEADING_AFTER = regex(r"［＃「([^」]+)」は(大|中|小)見出し］")
_HEADING_SPAN = regex(r"［＃(大|中|小)見出し］(.+?)［＃\1見出し終わり］")
_LEVELS = {"大": 1, "中": 2, "小": 3}
MIN_NOTES = 2
"""``［＃`` notes that mark a text as Aozora Bunko's (with ruby or a colophon)."""
MAX_HEAD_LINES = 4
"""Lines above the legend: title (and subtitle), author, translator."""


def looks_like_aozora(text: str) -> bool:
    """The legend, or editor's notes with ruby readings or the 底本 colophon."""
    head = text[:20_000]
    if _LEGEND in head:
        return True
    return len(_NOTE.findall(head)) >= MIN_NOTES and (
        bool(_RUBY.search(head)) or "底本：" in text[-20_000:])


def _runs(line: str) -> tuple[Run, ...]:
    """A line's text with its ruby readings as runs (notes already removed)."""
    out: list[Run] = []
    last = 0
    for m in _RUBY.finditer(line):
        out.append(Run(line[last:m.start()]))
        base, reading = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.append(Run(base, ruby=reading))
        last = m.end()
    out.append(Run(line[last:].replace("｜", "")))
    return tuple(r for r in out if r.text)


def _heading(line: str) -> tuple[str, int]:
    """The line without notes, and its heading level (0: not a heading)."""
    level = 0
    span = _HEADING_SPAN.search(line)
    if span:
        level = _LEVELS[span.group(1)]
    after = _HEADING_AFTER.search(line)
    if after and after.group(1) in _RUBY.sub(lambda m: m.group(1) or m.group(3), line):
        level = _LEVELS[after.group(2)]
    return _NOTE.sub("", line).strip(), level


def _legend_bounds(lines: list[str]) -> tuple[int, int] | None:
    """First and last line (inclusive) of the symbol legend, between its dashed lines."""
    at = next((i for i, ln in enumerate(lines[:200]) if ln.strip() == _LEGEND), None)
    if at is None:
        return None
    start = next((i for i in range(at, -1, -1) if _DASHES.match(lines[i].strip())), at)
    end = next((i for i in range(at + 1, len(lines)) if _DASHES.match(lines[i].strip())), at)
    return start, end


def read_aozora(text: str) -> tuple[SourceDocument, tuple[str, ...]]:
    """The document of an Aozora Bunko text, and what was left out (for ``inspect``)."""
    lines = text.split("\n")
    fixes: list[str] = []
    title, first = "", 0
    authors: tuple[str, ...] = ()
    bounds = _legend_bounds(lines)
    if bounds:
        top = [ln.strip() for ln in lines[:bounds[0]] if ln.strip()]
        if 1 <= len(top) <= MAX_HEAD_LINES:
            title = " ".join(top[:-1]) if len(top) > 1 else top[0]
            authors = (top[-1],) if len(top) > 1 else ()
        first = bounds[1] + 1
        fixes.append("Aozora Bunko: the legend of markup symbols left out (the book shows "
                     "ruby and headings, not the marks)")
    blocks: list[SourceBlock] = []
    for n, raw in enumerate(lines[first:], start=first + 1):
        line, level = _heading(raw)
        if not line:
            continue
        kind = "heading" if level else "paragraph"
        blocks.append(SourceBlock(kind, _runs(line), n, level))
    if _NOTE.search(text):
        fixes.append("Aozora Bunko: editor's notes ［＃…］ read as headings or dropped")
    return SourceDocument(tuple(blocks), title, authors, {"language": "ja"}), tuple(fixes)
