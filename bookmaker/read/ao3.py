"""AO3 reader: the Archive of Our Own's HTML download mapped in full, straight to a Story.

The download is a fixed format: ``div#preface`` (a message with the work's address, a
``dl.tags`` of rating, warnings, category, fandom, relationships, characters, additional
tags, language, series, collections and stats, the ``h1`` title, the ``byline``, then
"Summary" and "Notes" each followed by a ``blockquote.userstuff``), ``div#chapters``
(per chapter a ``div.meta`` with the ``h2.heading`` and chapter summary/notes, the
``div.userstuff`` prose, a ``div.meta`` with end notes; a oneshot has only the prose), and
``div#afterword`` (end notes, the comment message). Every part is recorded as a Decision
with a ``read.ao3.*`` code and its source line. The same layout is in AO3's EPUBs.
"""

from __future__ import annotations

import re

import lxml.html

from bookmaker.model import Block, Chapter, Decision, Story, Text
from bookmaker.patterns import regex
from bookmaker.read.html import Walker, clean, inline_runs
from bookmaker.read.language import language_tag
from bookmaker.read.structure import (
    check_words,
    labelled,
    scenes_of,
    split_heading,
    stated_meta,
)

__all__ = ["is_ao3", "read_ao3", "FIELD_KINDS"]

FIELD_KINDS = {
    "rating": "rating", "archive warning": "warnings", "archive warnings": "warnings",
    "category": "other", "categories": "other", "fandom": "fandom", "fandoms": "fandom",
    "relationship": "pairing", "relationships": "pairing", "character": "characters",
    "characters": "characters", "additional tags": "tags", "series": "series",
    "collections": "other", "stats": "word_count",
}
"""AO3's tag list (``dt`` labels, lower-cased, without the colon) and the front matter kind
each becomes; ``Language`` goes to the metadata only."""

_CODE = "read.ao3"
_LABEL_MAX = 40
"""Longest label paragraph ("Chapter End Notes") before a note's blockquote."""
_POSTED = regex(r"archiveofourown\.org/works/\d+", re.I)
_WORDS = regex(r"Words:\s*([\d,.]+)")
_KNOWN_LABELS = ("Language",)
"""Field labels whose values live in the metadata the title page shows (not in a block)."""


def is_ao3(root: lxml.html.HtmlElement) -> bool:
    """An AO3 download: a ``#preface`` with the work's AO3 address, or AO3's tag list."""
    preface = root.find(".//div[@id='preface']")
    if preface is None:
        return False
    message = " ".join(a.get("href", "") for a in preface.iterfind(".//a"))
    return bool(_POSTED.search(message)) or preface.find(".//dl[@class='tags']") is not None


def _classes(el: lxml.html.HtmlElement) -> set[str]:
    return set(el.get("class", "").split())


def _labelled_quotes(div: lxml.html.HtmlElement
                     ) -> list[tuple[str, list[lxml.html.HtmlElement]]]:
    """``<p>Label</p>`` followed by a ``blockquote.userstuff`` and/or a ``div.endnote-link``
    ("See the end of the work for notes"): ``(label, [label p, content…])`` in order."""
    pairs: list[tuple[str, list[lxml.html.HtmlElement]]] = []
    label: lxml.html.HtmlElement | None = None
    for el in div.iter("p", "blockquote", "div"):
        if el.tag == "p" and "message" not in _classes(el) \
                and not any(a.tag == "blockquote" for a in el.iterancestors()) \
                and len(clean(el.text_content())) <= _LABEL_MAX:
            label = el
        elif el.tag == "blockquote" and "userstuff" in _classes(el) \
                or el.tag == "div" and "endnote-link" in _classes(el):
            if label is not None:
                pairs.append((clean(label.text_content()), [label, el]))
                label = None
            elif pairs:
                pairs[-1][1].append(el)
    return pairs


def _quote_block(kind: str, label: str, els: list[lxml.html.HtmlElement]) -> Block:
    """One front/end block from a label's content elements (the label element first)."""
    w = Walker()
    for el in els[1:]:
        w.walk(el)
    return labelled(kind, label, w.blocks, els[0].sourceline or 0)


def _note_kind(label: str) -> str:
    return "summary" if "summary" in label.lower() else "notes"


def _tags(preface: lxml.html.HtmlElement, meta: dict[str, str],
          decisions: list[Decision]) -> list[Block]:
    blocks: list[Block] = []
    fields: dict[str, str] = {}
    for dt in preface.iterfind(".//dl/dt"):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd":
            continue
        label = clean(dt.text_content()).rstrip(":")
        value = clean(dd.text_content())
        key = label.lower()
        fields[key] = value
        if key == "language" and (tag := language_tag(value)):
            meta["language"] = tag  # the title page names the language: no block
            decisions.append(Decision(dt.sourceline or 0, "meta:language",
                                      "AO3's Language field", value))
            continue
        kind = FIELD_KINDS.get(key, "other")
        if kind == "word_count":
            value = " ".join(value.split())
            if m := _WORDS.search(value):
                meta["words"] = m.group(1)
        blocks.append(Block(kind, label, (value,), dt.sourceline or 0))
        decisions.append(Decision(dt.sourceline or 0, f"{_CODE}.meta",
                                  f"AO3's {label} field: front matter {kind}", value[:60]))
    meta.update(stated_meta("ao3", fields))
    return blocks


def _preface(root: lxml.html.HtmlElement, meta: dict[str, str], decisions: list[Decision]
             ) -> tuple[str, tuple[str, ...], list[Block]]:
    preface = root.find(".//div[@id='preface']")
    front: list[Block] = []
    title, authors = "", tuple[str, ...]()
    if preface is None:
        return title, authors, front
    for msg in preface.iterfind(".//p[@class='message']"):
        for a in msg.iterfind(".//a"):
            if _POSTED.search(a.get("href", "")):
                meta["url"] = a.get("href", "")
        front.append(Block("other", "", (Text.of(inline_runs(msg)),), msg.sourceline or 0))
    front.extend(_tags(preface, meta, decisions))
    if (h1 := preface.find(".//h1")) is not None:
        title = clean(h1.text_content())
        decisions.append(Decision(h1.sourceline or 0, f"{_CODE}.title", "AO3's work title",
                                  title))
    if (byline := preface.find(".//div[@class='byline']")) is not None:
        names = [clean(a.text_content()) for a in byline.iterfind(".//a[@rel='author']")]
        authors = tuple(n for n in names if n) or (clean(byline.text_content()).removeprefix("by ")
                                                   .strip(),)
        decisions.append(Decision(byline.sourceline or 0, f"{_CODE}.author", "AO3's byline",
                                  ", ".join(authors)))
    for label, els in _labelled_quotes(preface):
        kind = _note_kind(label)
        front.append(_quote_block(kind, label, els))
        decisions.append(Decision(els[0].sourceline or 0, f"{_CODE}.{kind}",
                                  f"AO3's work {label or 'notes'}"))
    return title, authors, front


def _chapter_meta(div: lxml.html.HtmlElement) -> list[Block]:
    return [_quote_block(_note_kind(label), label, els) for label, els in _labelled_quotes(div)]


def _chapters(root: lxml.html.HtmlElement, decisions: list[Decision]) -> list[Chapter]:
    box = root.find(".//div[@id='chapters']")
    if box is None:
        return []
    chapters: list[Chapter] = []
    heading: lxml.html.HtmlElement | None = None
    before: list[Block] = []
    for el in box:
        classes = _classes(el)
        if el.tag == "div" and "meta" in classes and el.find(".//h2") is not None:
            heading = el.find(".//h2")
            before = _chapter_meta(el)
        elif el.tag == "div" and "userstuff" in classes:
            chapters.append(_chapter(el, heading, before, len(chapters) + 1, decisions))
            heading, before = None, []
        elif el.tag == "div" and "meta" in classes and chapters:
            after = _chapter_meta(el)
            last = chapters[-1]
            chapters[-1] = Chapter(last.label, last.title, last.number, last.scenes,
                                   last.notes_before, (*last.notes_after, *after), last.line)
            decisions.extend(Decision(b.line, f"{_CODE}.chapter-notes",
                                      "AO3's chapter end notes") for b in after)
    return chapters


def _chapter(content: lxml.html.HtmlElement, heading: lxml.html.HtmlElement | None,
             before: list[Block], position: int, decisions: list[Decision]) -> Chapter:
    scenes, found = scenes_of(Walker().walk(content), _CODE)
    decisions.extend(found)
    line = content.sourceline or 0
    if heading is None:
        decisions.append(Decision(line, f"{_CODE}.chapter",
                                  "AO3's oneshot text (no chapter heading)"))
        return Chapter("", None, None, scenes, tuple(before), (), line)
    label = clean("".join(r.text for r in inline_runs(heading)))
    title, number = split_heading(label, position)
    line = heading.sourceline or line
    decisions.append(Decision(line, f"{_CODE}.chapter", "AO3's chapter heading", label))
    decisions.extend(Decision(b.line, f"{_CODE}.chapter-notes", f"AO3's {b.label or 'notes'}")
                     for b in before)
    return Chapter(label, title, number, scenes, tuple(before), (), line)


def _afterword(root: lxml.html.HtmlElement, decisions: list[Decision]) -> list[Block]:
    after = root.find(".//div[@id='afterword']")
    if after is None:
        return []
    end: list[Block] = []
    for label, els in _labelled_quotes(after):
        end.append(_quote_block("notes", label, els))
        decisions.append(Decision(els[0].sourceline or 0, f"{_CODE}.afterword",
                                  f"AO3's afterword {label or 'notes'}: end notes"))
        for el in els:
            el.drop_tree()
    for h in after.iterfind(".//h2"):
        h.drop_tree()
    for b in Walker().walk(after):
        end.append(Block("other", "", (b.value,), b.line))
        decisions.append(Decision(b.line, f"{_CODE}.afterword", "AO3's afterword message",
                                  b.text[:60]))
    return end


def _navigation(root: lxml.html.HtmlElement, decisions: list[Decision]) -> None:
    """Drop the hidden ``toc-heading`` headings ("Preface", "Afterword", the oneshot's
    title again) and the byline's "by": navigation of the download, not text of the work."""
    for byline in root.iterfind(".//div[@class='byline']"):
        if byline.text and byline.text.strip().lower() == "by":
            byline.text = ""
    for el in list(root.iter("h2")):
        if "toc-heading" in _classes(el):
            decisions.append(Decision(el.sourceline or 0, f"{_CODE}.navigation",
                                      "AO3's navigation, not part of the work",
                                      clean(el.text_content())[:60]))
            el.drop_tree()


def read_ao3(root: lxml.html.HtmlElement, name: str) -> Story:
    """Map an AO3 download (see :func:`is_ao3`) to a Story, with every field it states."""
    decisions: list[Decision] = []
    _navigation(root, decisions)
    source_text = "\n".join(b.text for b in Walker().walk(_body(root)))
    meta: dict[str, str] = {"archive": "AO3"}
    title, authors, front = _preface(root, meta, decisions)
    chapters = _chapters(root, decisions)
    end = _afterword(root, decisions)
    story = Story(title=title or name or "Untitled", authors=authors, front_matter=tuple(front),
                  chapters=tuple(chapters), end_matter=tuple(end), meta=meta,
                  decisions=tuple(sorted(decisions, key=lambda d: d.line)))
    return check_words(source_text, story, _CODE, known=_KNOWN_LABELS)


def _body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = root.find("body")
    return body if body is not None else root
