"""FanFiction.net reader: a story page saved from the site, mapped straight to a Story.

The page holds one chapter: ``#profile_top`` (the title in ``b.xcontrast_txt``, the
author's ``/u/`` link, the summary ``div``, and the ``span.xgray`` line "Rated: T -
English - Romance - Harry P. - Chapters: 5 - Words: 12,345 - … - Status: Complete"),
the chapter menu ``select#chap_select`` (the selected entry names this chapter) and the
text in ``#storytext``. Everything else on the page (menus, reviews, footers, scripts) is
the site around the story, never part of the book. Decisions carry ``read.ffnet.*`` codes.
"""

from __future__ import annotations

import lxml.html

from bookmaker.model import Block, Chapter, Decision, Story
from bookmaker.patterns import regex
from bookmaker.read.html import Walker, clean
from bookmaker.read.language import language_tag
from bookmaker.read.structure import check_words, scenes_of, stated_meta

__all__ = ["is_ffnet", "read_ffnet"]

_CODE = "read.ffnet"
_FIELD_KINDS = {"rated": "rating", "words": "word_count", "status": "status",
                "chapters": "other", "reviews": "other", "favs": "other", "follows": "other",
                "updated": "other", "published": "other", "id": "other"}
"""Labelled parts of the info line and the front matter kind each becomes."""
_LABELLED = regex(r"^(?P<label>[A-Za-z]+):\s*(?P<value>.+)$")
_OPTION = regex(r"^(?P<num>\d+)\.\s*(?P<title>.*)$")


def is_ffnet(root: lxml.html.HtmlElement) -> bool:
    """A saved FanFiction.net (or FictionPress) page: ``#profile_top`` and ``#storytext``."""
    return root.find(".//*[@id='profile_top']") is not None and \
        root.find(".//*[@id='storytext']") is not None


def _info(line: str, top: lxml.html.HtmlElement, meta: dict[str, str],
          decisions: list[Decision]) -> list[Block]:
    """The ``Rated: T - English - Romance - … - id: 123`` line, part by part."""
    blocks: list[Block] = []
    fields: dict[str, str] = {}
    unlabelled: list[str] = []
    for part in (p.strip() for p in line.split(" - ")):
        m = _LABELLED.match(part)
        if m:
            label, value = m["label"], m["value"].strip()
            fields[label.lower()] = value
            kind = _FIELD_KINDS.get(label.lower(), "other")
            blocks.append(Block(kind, label, (value,), top.sourceline or 0))
        elif part:
            unlabelled.append(part)
    if unlabelled and (tag := language_tag(unlabelled[0])):
        meta["language"] = tag
        fields["language"] = unlabelled.pop(0)
    if unlabelled:  # genres, then characters (names hold a space or a period)
        genres = [] if " " in unlabelled[0] or "." in unlabelled[0] else [unlabelled.pop(0)]
        for kind, items in (("genres", genres), ("characters", unlabelled)):
            if items:
                blocks.append(Block(kind, "", (" - ".join(items),), top.sourceline or 0))
    meta.update(stated_meta("ffnet", fields))
    decisions.append(Decision(top.sourceline or 0, f"{_CODE}.meta",
                              "FanFiction.net's info line: rating, language, genres, counts",
                              line[:60]))
    return blocks


def _chapter(root: lxml.html.HtmlElement, text: lxml.html.HtmlElement,
             decisions: list[Decision]) -> Chapter:
    scenes, found = scenes_of(Walker().walk(text), _CODE)
    decisions.extend(found)
    menu = root.find(".//select[@id='chap_select']")
    chosen = None
    if menu is not None:
        options = menu.findall(".//option")
        chosen = next((o for o in options if o.get("selected") is not None), None)
        if len(options) < 2:
            chosen = None
    line = text.sourceline or 0
    if chosen is None:
        decisions.append(Decision(line, f"{_CODE}.chapter", "a oneshot: no chapter menu"))
        return Chapter("", None, None, scenes, (), (), line)
    m = _OPTION.match(clean(chosen.text_content()))
    number = int(m["num"]) if m else None
    title = (m["title"] if m else clean(chosen.text_content())) or None
    label = title or f"Chapter {number}"
    decisions.append(Decision(line, f"{_CODE}.chapter",
                              "the chapter menu's selected entry", clean(chosen.text_content())))
    return Chapter(label, title, number, scenes, (), (), line)


def read_ffnet(root: lxml.html.HtmlElement, name: str) -> Story:
    """Map a saved FanFiction.net page (see :func:`is_ffnet`) to a Story."""
    decisions: list[Decision] = []
    meta: dict[str, str] = {"archive": "FanFiction.net"}
    top = root.find(".//*[@id='profile_top']")
    text = root.find(".//*[@id='storytext']")
    title_el = top.find(".//b") if top is not None else None
    title = clean(title_el.text_content()) if title_el is not None else ""
    authors = tuple(clean(a.text_content()) for a in top.iterfind(".//a")
                    if "/u/" in a.get("href", "") and clean(a.text_content())) if top is not None \
        else ()
    decisions.append(Decision(top.sourceline or 0, f"{_CODE}.title", "the profile's title",
                              title))
    front: list[Block] = []
    summary = next((d for d in top.iterfind(".//div") if clean(d.text_content())), None)
    if summary is not None:
        front.append(Block("summary", "", tuple(b.value for b in Walker().walk(summary)),
                           summary.sourceline or 0))
        decisions.append(Decision(summary.sourceline or 0, f"{_CODE}.summary",
                                  "the profile's summary"))
    info = next((s for s in top.iterfind(".//span") if "xgray" in s.get("class", "")), None)
    if info is not None:
        front += _info(clean(info.text_content()), top, meta, decisions)
    chapter = _chapter(root, text, decisions)
    story = Story(title=title or name or "Untitled", authors=authors[:1],
                  front_matter=tuple(front), chapters=(chapter,), meta=meta,
                  decisions=tuple(sorted(decisions, key=lambda d: d.line)))
    source = "\n".join(b.text for b in Walker().walk(text))
    return check_words(source, story, _CODE)
