"""FanFicFare reader: FanFicFare's HTML output mapped straight to a Story.

FanFicFare writes an ``h1`` (title link, then ``a.authorlink`` per author), a table of
``<b>Label:</b>`` rows (category, genre, characters, relationships, status, dates,
rating, warnings, chapters, words, publisher, summary…), a table of contents under
``<a name="TOCTOP">``, and one ``<a name="sectionNNNN"><h2>heading</h2></a>`` per chapter
followed by its text. Decisions carry ``read.fff.*`` codes and the source line.
"""

from __future__ import annotations

import lxml.html

from bookmaker.model import Block, Chapter, Decision, Story
from bookmaker.read.document import SourceBlock
from bookmaker.read.html import Walker, clean
from bookmaker.read.language import language_tag
from bookmaker.read.structure import (
    check_words,
    labelled,
    scenes_of,
    split_heading,
    stated_meta,
)

__all__ = ["is_fff", "read_fff", "FIELD_KINDS"]

FIELD_KINDS = {
    "category": "fandom", "categories": "fandom", "fandom": "fandom", "genre": "genres",
    "genres": "genres", "characters": "characters", "relationships": "pairing",
    "pairing": "pairing", "ships": "pairing", "status": "status", "rating": "rating",
    "warnings": "warnings", "words": "word_count", "summary": "summary", "series": "series",
    "tags": "tags", "freeform tags": "tags",
}
"""FanFicFare's table labels (lower-cased, no colon) and the front matter kind each becomes;
the other rows (dates, chapters, publisher…) are kept as ``other`` blocks and metadata."""

_CODE = "read.fff"


def is_fff(root: lxml.html.HtmlElement) -> bool:
    """FanFicFare output: its ``TOCTOP`` anchor or ``sectionNNNN`` chapter anchors under an
    ``h1`` that names the story."""
    anchors = [a.get("name", "") for a in root.iterfind(".//a[@name]")]
    return root.find(".//h1") is not None and (
        "TOCTOP" in anchors or any(n.startswith("section") and n[7:].isdigit() for n in anchors))


def _title(root: lxml.html.HtmlElement, decisions: list[Decision]) -> tuple[str, tuple[str, ...]]:
    h1 = root.find(".//h1")
    if h1 is None:
        return "", ()
    links = h1.findall(".//a")
    authors = tuple(clean(a.text_content()) for a in links if "authorlink" in a.get("class", ""))
    text = clean(h1.text_content())
    title = clean(links[0].text_content()) if links and "authorlink" not in links[0].get(
        "class", "") else text.rsplit(" by ", 1)[0]
    decisions.append(Decision(h1.sourceline or 0, f"{_CODE}.title", "FanFicFare's title link",
                              title))
    if authors:
        decisions.append(Decision(h1.sourceline or 0, f"{_CODE}.author",
                                  "FanFicFare's author links", ", ".join(authors)))
    h1.drop_tree()
    return title, authors


def _fields(root: lxml.html.HtmlElement, meta: dict[str, str],
            decisions: list[Decision]) -> list[Block]:
    blocks: list[Block] = []
    fields: dict[str, str] = {}
    for table in root.findall(".//table"):
        rows = [tr for tr in table.iterfind(".//tr") if len(tr.findall("td")) == 2]
        if not rows or not all(clean(tr[0].text_content()).endswith(":") for tr in rows):
            continue
        for tr in rows:
            label = clean(tr[0].text_content()).rstrip(":")
            key = label.lower()
            value_blocks = Walker().walk(tr[1])
            value = " ".join(b.text for b in value_blocks)
            fields[key] = value
            if key == "language" and (tag := language_tag(value)):
                meta["language"] = tag
            kind = FIELD_KINDS.get(key, "other")
            blocks.append(labelled(kind, label, value_blocks, tr.sourceline or 0))
            decisions.append(Decision(tr.sourceline or 0, f"{_CODE}.meta",
                                      f"FanFicFare's {label} row: front matter {kind}",
                                      value[:60]))
        table.drop_tree()
    meta.update(stated_meta("fff", fields))
    return blocks


def _contents(root: lxml.html.HtmlElement, decisions: list[Decision]) -> list[Block]:
    anchor = root.find(".//a[@name='TOCTOP']")
    if anchor is None:
        return []
    listing = anchor.getnext()
    entries = [clean(a.text_content()) for a in listing.iterfind(".//a")] \
        if listing is not None and listing.tag in ("p", "div", "ul", "ol") else []
    label = clean(anchor.text_content())
    decisions.append(Decision(anchor.sourceline or 0, f"{_CODE}.contents",
                              "FanFicFare's table of contents", label))
    if listing is not None and entries:
        listing.drop_tree()
    anchor.drop_tree()
    return [Block("contents", label, tuple(entries), anchor.sourceline or 0)]


def _chapters(blocks: list[SourceBlock], decisions: list[Decision]
              ) -> tuple[list[Block], list[Chapter]]:
    front: list[Block] = []
    chapters: list[Chapter] = []
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 2]
    if heads and heads[0] > 0:
        front.append(labelled("other", "", blocks[: heads[0]]))
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(blocks)
        head, body = blocks[start], list(blocks[start + 1:end])
        subtitles: list[Block] = []
        while body and body[0].kind == "heading":  # the site's own chapter title, a subtitle
            subtitles.append(Block("other", "", (body[0].value,), body[0].line))
            body.pop(0)
        scenes, found = scenes_of(body, _CODE)
        title, number = split_heading(head.text, n + 1)
        decisions.append(Decision(head.line, f"{_CODE}.chapter",
                                  "FanFicFare's chapter anchor", head.text))
        decisions.extend(found)
        chapters.append(Chapter(head.text, title, number, scenes, tuple(subtitles), (), head.line))
    return front, chapters


def read_fff(root: lxml.html.HtmlElement, name: str) -> Story:
    """Map FanFicFare HTML (see :func:`is_fff`) to a Story."""
    body = root.find("body")
    body = body if body is not None else root
    source_text = "\n".join(b.text for b in Walker().walk(body))
    decisions: list[Decision] = []
    meta: dict[str, str] = {"archive": "FanFicFare"}
    h1 = body.find(".//h1")
    heading = clean(h1.text_content()) if h1 is not None else ""
    title, authors = _title(body, decisions)
    # the heading's "by" joins title and authors: not a word of the work
    source_text = source_text.replace(heading, " ".join((title, *authors)), 1)
    front = _fields(body, meta, decisions) + _contents(body, decisions)
    extra, chapters = _chapters(Walker().walk(body), decisions)
    if not chapters:  # no chapter anchors left: the whole text is one chapter
        chapters = [Chapter("", None, None, scenes_of([], _CODE)[0])]
    story = Story(title=title or name or "Untitled", authors=authors,
                  front_matter=tuple(front + extra), chapters=tuple(chapters), meta=meta,
                  decisions=tuple(sorted(decisions, key=lambda d: d.line)))
    return check_words(source_text, story, _CODE)
