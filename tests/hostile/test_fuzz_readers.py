"""Fuzzing the rich readers: random HTML and Markdown never crash (a clear InputError at
worst), never let scripts, styles or comments into the book, never fetch what they name,
and build EPUBs that EPUBCheck passes.

Bounded for CI; ``FUZZ_EXAMPLES=2000`` runs a longer search.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookmaker.bind import single_book
from bookmaker.build.book import render
from bookmaker.errors import InputError
from bookmaker.load import load_story
from tests.epubcheck_session import problems

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120")) // 2
EPUBS = 6
WORK = Path(tempfile.mkdtemp(prefix="bookmaker-fuzz-readers-"))
SECRET = "ZQXSECRET"
STATS = {"epubs": 0}

_words = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)
_HTML_BITS = [
    "<p>", "</p>", "<em>", "</em>", "<i>", "</i>", "<b>", "</b>", "<strong>", "</strong>",
    "<br>", "<br/><br/>", "<hr>", "<h1>", "</h1>", "<h2>", "</h2>", "<h3>Chapter 2</h3>",
    "<div>", "</div>", "<blockquote>", "</blockquote>", "<ul><li>", "</li></ul>", "<pre>",
    "</pre>", "<table><tr><td>", "</td></tr></table>", "<span style='font-style:italic'>",
    "</span>", "<a href='http://127.0.0.1:9/x'>", "</a>", "&amp;", "&nbsp;", "&lt;", "&#0;",
    "&#xD800;", "<![CDATA[x]]>", "<?pi x?>", "<!DOCTYPE html>", "<html>", "<body>",
    f"<script>{SECRET}</script>", f"<style>{SECRET}</style>", f"<!-- {SECRET} -->",
    f"<noscript>{SECRET}</noscript>", "<img src='file:///etc/passwd'>",
    "<link rel=stylesheet href='file:///etc/passwd'>", "<iframe src='http://127.0.0.1:9/'>",
    "<div id='preface'>", "<dl class='tags'><dt>Rating:</dt><dd>G</dd></dl>",
    "<div id='chapters' class='userstuff'>", "<div class='meta group'><h2 class='heading'>",
    "<div class='userstuff'>", "<a name='TOCTOP'><h2>Contents</h2></a>",
    "<a name='section0001'><h2>Chapter 1</h2></a>", "<h1><a class='authorlink'>A</a></h1>",
    "<tr><td><b>Summary:</b></td><td>", "<div id='afterword'>", "<p>Summary</p>",
    "<blockquote class='userstuff'>", "<p class='message'>", "{{ 7*7 }}", "{% raw %}",
]
_MD_BITS = [
    "# Title", "## Chapter 1", "### Chapter End Notes", "---", "***", "* * *", "*a*", "**b**",
    "_c_", "~~d~~", "`e`", "```\ncode\n```", "> quote", "- item", "1. item", "[x](http://127.0.0.1:9)",
    "![img](file:///etc/passwd)", "[^1]", "[^1]: note", "\\*", "\\!", "<i>x</i>", "<br>",
    f"<script>{SECRET}</script>", f"<!-- {SECRET} -->", "---\ntitle: T\nauthor: [A, B]\n---",
    "---\n: bad: yaml: [\n---", "| a | b |\n|---|---|\n| 1 | 2 |", "{{ 7*7 }}",
]


def _visible_in_markup(path: Path) -> bool:
    """Whether the secret is the page's own visible text once parsed: random text such as
    ``<?`` turns the next ``<script>`` tag into a bogus comment, as a browser reads it, and
    the secret after it is then text a reader must keep, not a script."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html" or SECRET not in text:
        return False
    try:
        root = lxml.html.document_fromstring(text)
    except lxml.etree.ParserError:  # nothing a parser keeps
        return False
    for el in root.xpath("//script|//style|//noscript|//comment()"):
        if el.getparent() is not None:  # a comment before <html> is outside the text
            el.drop_tree()
    return SECRET in root.text_content()


def _check(path: Path, epubcheck) -> None:
    try:
        story = load_story(path)
    except InputError:
        return
    dump = json.dumps(story.as_dict(), ensure_ascii=False)
    shown = _visible_in_markup(path)
    assert shown or SECRET not in dump
    assert "root:" not in dump  # nothing from /etc/passwd
    epub = render(single_book(story), "epub")
    assert shown or SECRET.encode() not in epub
    if STATS["epubs"] < EPUBS and story.chapters:
        out = WORK / f"book{STATS['epubs']}.epub"
        out.write_bytes(epub)
        epubcheck.submit("fuzz-readers", out.name, out)
        STATS["epubs"] += 1


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(st.sampled_from(_HTML_BITS), _words), min_size=1, max_size=60))
def test_random_html_reads_safely(epubcheck, pieces):
    path = WORK / "story.html"
    path.write_text("".join(pieces), encoding="utf-8")
    _check(path, epubcheck)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(st.sampled_from(_MD_BITS), _words), min_size=1, max_size=40))
def test_random_markdown_reads_safely(epubcheck, lines):
    path = WORK / "story.md"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    _check(path, epubcheck)


@pytest.mark.epubcheck
def test_fuzzed_reader_epubs_pass_epubcheck(epubcheck):
    reports = epubcheck.reports("fuzz-readers")
    bad = {n: problems(r)[:3] for n, r in reports.items() if problems(r)}
    assert len(reports) == STATS["epubs"]
    assert not bad, bad
