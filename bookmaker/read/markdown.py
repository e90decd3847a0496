"""Markdown reader: markdown-it-py (CommonMark) with its front matter and footnote plugins.

YAML front matter gives the title, authors and metadata; headings, rules (``---``,
``***``), paragraphs, quotes, lists and code become blocks; ``*em*``, ``**strong**``,
``~~strike~~``, inline HTML (``<i>``, ``<b>``, ``<br>``) and escapes (``\\!``) become inline
runs; HTML blocks go through the HTML reader; footnotes become a closing "Notes:" list.
Raw HTML is read as data (never rendered), images are not fetched.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING, Any

from bookmaker.model import Run
from bookmaker.patterns import regex
from bookmaker.read.document import SourceBlock, SourceDocument

if TYPE_CHECKING:  # markdown-it-py and PyYAML are imported only when a Markdown file is read
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["read_markdown", "looks_like_markdown"]

_TAG = regex(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)\s*>$")
_MARKS = {"em_open": "em", "strong_open": "strong", "s_open": "s"}
_CLOSE = {"em_close": "em", "strong_close": "strong", "s_close": "s"}
_META_KEYS = ("language", "fandom", "rating", "status", "series", "summary", "published",
              "date", "warnings", "tags", "characters", "pairing", "relationships")
"""Front matter keys kept in the story's metadata (others are kept too, as text)."""
_MD_SIGNS = (
    regex(r"^#{1,6} \S", re.M),  # ATX headings
    # **strong**, its stars first (the lookbehind checks the character before them): a
    # pattern that opens with a literal is searched for that literal, not tried everywhere
    regex(r"\*\*(?<![\w*]\*\*)[^*\s][^*\n]*\*\*(?![\w*])"),
    regex(r"\[[^\]\n]+\]\((?:https?://|#|/)[^)\s]*\)"),  # [links](url)
    regex(r"\\[!'\"*_#()\[\]-]"),  # backslash escapes
    regex(r"^```", re.M),  # fenced code
)
_MD_FRONT = regex(r"\A---\n(?:[\w-]+:.*\n|\s+-.*\n)+---\n")
"""YAML front matter opening the file: Markdown on its own."""
_MD_MIN_EACH = 2
"""Occurrences a kind of sign needs to count (one ``# x`` line could be anything)."""
_MD_MIN_SIGNS = 3
"""Kinds of Markdown sign a .txt needs to be read as Markdown: plain-text exports use a
couple of them too (FanFicFare's text has ``###`` headings and ``**bold**``), and the text
reader already reads their emphasis marks."""


def looks_like_markdown(text: str) -> bool:
    """True when a text uses several kinds of Markdown syntax (headings, strong, escapes…)."""
    sample = text[:200_000]
    if _MD_FRONT.match(sample):
        return True
    kinds = sum(1 for sign in _MD_SIGNS  # stops at the count needed, not at every sign
                if sum(1 for _ in islice(sign.finditer(sample), _MD_MIN_EACH)) >= _MD_MIN_EACH)
    return kinds >= _MD_MIN_SIGNS


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["strikethrough", "table"])
    return md.use(front_matter_plugin).use(footnote_plugin)


LONG_LINE = 160
"""A source line this long was not wrapped by hand: its author writes a paragraph a line."""
_SENTENCE_END = tuple(".!?…\"'“”’)*_")  # (“: a closing quote typed the wrong way)


def _lines_as_paragraphs(runs: tuple[Run, ...], soft: list[int], line: int
                         ) -> list[tuple[tuple[Run, ...], int]]:
    """A paragraph's runs, cut at each soft line break (the runs at ``soft``) after a line
    that ends a sentence, when one of its lines is too long to have been wrapped by hand: a
    word processor's export puts one paragraph on each line, and CommonMark would join
    them (even into a quotation above them); ``(runs, line)`` each."""
    bounds = [0, *(k + 1 for k in soft)]
    ends = [*soft, len(runs)]
    lines = ["".join(r.text for r in runs[a:b]).strip() for a, b in zip(bounds, ends, strict=True)]
    if not soft or max(map(len, lines)) < LONG_LINE:
        return [(runs, line)]
    out: list[tuple[tuple[Run, ...], int]] = []
    start = first = 0
    for n, k in enumerate(soft):
        if lines[n].endswith(_SENTENCE_END):
            out.append((runs[start:k], line + first))
            start, first = k + 1, n + 1
    out.append((runs[start:], line + first))
    return out


def _inline(tokens: list[Token], soft: list[int] | None = None) -> tuple[Run, ...]:
    runs: list[Run] = []
    marks: list[str] = []
    href = ""
    for t in tokens:
        if t.type == "text":
            runs.append(Run(t.content, tuple(marks), href))
        elif t.type == "softbreak":
            if soft is not None:
                soft.append(len(runs))
            runs.append(Run(" ", tuple(marks), href))
        elif t.type == "hardbreak":
            runs.append(Run("\n", br=True))
        elif t.type in _MARKS:
            marks.append(_MARKS[t.type])
        elif t.type in _CLOSE and _CLOSE[t.type] in marks:
            marks.remove(_CLOSE[t.type])
        elif t.type == "code_inline":
            runs.append(Run(t.content, (*marks, "code"), href))
        elif t.type == "link_open":
            href = str(t.attrs.get("href", ""))
        elif t.type == "link_close":
            href = ""
        elif t.type == "image":
            runs.append(Run(t.content, tuple(marks)))  # the alt text; the image is not fetched
        elif t.type == "footnote_ref":
            runs.append(Run(str(t.meta.get("id", 0) + 1), ("footnote",)))
        elif t.type == "html_inline":
            _html_tag(t.content, marks, runs)
    return tuple(runs)


def _html_tag(tag: str, marks: list[str], runs: list[Run]) -> None:
    m = _TAG.match(tag.strip())
    if not m:
        return
    from bookmaker.read.html import TAG_MARKS

    name = m.group(2).lower()
    if name == "br":
        runs.append(Run("\n", br=True))
    elif name in TAG_MARKS:
        mark = TAG_MARKS[name]
        if m.group(1):
            if mark in marks:
                marks.remove(mark)
        elif not m.group(3):
            marks.append(mark)


def _front_matter(text: str) -> tuple[str, tuple[str, ...], dict[str, str]] | None:
    """Title, authors and other fields of YAML front matter; ``None`` when it is no YAML
    mapping (text between two ``---`` rules: the story's own)."""
    import yaml

    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    fields = {str(k).lower(): v for k, v in data.items()}
    title = str(fields.pop("title", "") or "")
    raw = fields.pop("authors", None) or fields.pop("author", None) or []
    authors = tuple(str(a) for a in (raw if isinstance(raw, list) else [raw]) if str(a).strip())
    meta = {k: ", ".join(map(str, v)) if isinstance(v, list) else str(v)
            for k, v in fields.items() if v is not None}
    return title, authors, meta


def read_markdown(text: str, name: str = "<input>") -> SourceDocument:
    """Read Markdown text into a document (see the module docstring)."""
    tokens = _parser().parse(text)
    blocks: list[SourceBlock] = []
    notes: list[SourceBlock] = []
    title, authors, meta = "", tuple[str, ...](), dict[str, str]()
    heading = 0
    in_notes = False
    for i, t in enumerate(tokens):
        line = (t.map[0] + 1) if t.map else 0
        out = notes if in_notes else blocks
        if t.type == "front_matter":
            stated = _front_matter(t.content)
            if stated is None:  # "---", prose, "---": rules around text, never lost
                inner = read_markdown(t.content, name).blocks
                out.extend([SourceBlock("rule", (), line), *(
                    SourceBlock(b.kind, b.runs, b.line + line, b.level) for b in inner),
                    SourceBlock("rule", (), line + t.content.count("\n") + 1)])
            else:
                title, authors, meta = stated
        elif t.type == "heading_open":
            heading = int(t.tag[1:])
        elif t.type == "inline":
            kind = "heading" if heading else "paragraph"
            soft: list[int] = []
            found = _inline(t.children or [], soft)
            for runs, at in _lines_as_paragraphs(found, soft, line or _line(tokens, i)):
                if any(r.text.strip() for r in runs):
                    out.append(SourceBlock(kind, runs, at, heading))
        elif t.type == "heading_close":
            heading = 0
        elif t.type == "hr":
            out.append(SourceBlock("rule", (), line))
        elif t.type in ("fence", "code_block") and t.content.strip():
            out.append(SourceBlock("pre", (Run(t.content.rstrip("\n"), ("code",)),), line))
        elif t.type == "html_block":
            out.extend(_html_blocks(t.content, line, name))
        elif t.type == "footnote_block_open":
            in_notes = True
        elif t.type == "footnote_block_close":
            in_notes = False
        elif t.type == "footnote_open":
            notes.append(SourceBlock("paragraph", (Run(f"[{t.meta.get('id', 0) + 1}]"),), line))
    if notes:
        blocks.append(SourceBlock("paragraph", (Run("Notes:"),), notes[0].line))
        blocks.extend(_join_labels(notes))
    if meta.get("language"):
        meta["language"] = meta["language"].strip()
    return SourceDocument(tuple(blocks), title, authors,
                          {k: v for k, v in meta.items() if k in _META_KEYS or v})


def _line(tokens: list[Token], i: int) -> int:
    for t in reversed(tokens[:i]):
        if t.map:
            return t.map[0] + 1
    return 0


def _join_labels(notes: list[SourceBlock]) -> list[SourceBlock]:
    """Each footnote's ``[n]`` label joined to its first paragraph."""
    out: list[SourceBlock] = []
    for b in notes:
        if out and out[-1].text.startswith("[") and out[-1].text.endswith("]") \
                and len(out[-1].runs) == 1:
            label = out.pop()
            b = SourceBlock(b.kind, (Run(label.text + " "), *b.runs), label.line)
        out.append(b)
    return out


def _html_blocks(html: str, line: int, name: str) -> list[SourceBlock]:
    """An HTML block inside Markdown, read by the HTML reader (lines counted from ``line``)."""
    from bookmaker.read.html import Walker, parse_html

    root = parse_html(f"<div>{html}</div>", name)
    found = Walker().walk(root.find("body") if root.find("body") is not None else root)
    return [SourceBlock(b.kind, b.runs, line + max(b.line - 1, 0), b.level) for b in found]
