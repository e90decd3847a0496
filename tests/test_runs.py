"""Inline runs in the model: a paragraph is a str that also carries its runs."""

from __future__ import annotations

import copy
import json
import pickle

import jinja2

from bookmaker.model import Chapter, Run, Story, Text, runs_of
from bookmaker.typography import smarten, smarten_runs, typeset


def _para() -> str:
    return Text.of([Run('He said "'), Run("never", ("em",)), Run('" -- and '),
                    Run("it's", ("i",)), Run(" <so> & "), Run("bold", ("strong", "em")),
                    Run("\n", br=True), Run("done...")])


def test_text_is_its_plain_string_and_keeps_runs():
    p = _para()
    assert isinstance(p, str) and isinstance(p, Text)
    assert p == 'He said "never" -- and it\'s <so> & bold\ndone...'
    assert len(p.split()) == 10
    assert [r.text for r in p.runs if r.marks] == ["never", "it's", "bold"]


def test_unmarked_runs_give_a_plain_str():
    value = Text.of([Run("a "), Run("b")])
    assert type(value) is str and value == "a b"
    assert runs_of(value) == (Run("a b"),)


def test_html_is_escaped_with_marks_as_elements():
    html = jinja2.Environment(autoescape=True).from_string("<p>{{ p }}</p>").render(p=_para())
    assert "<em>never</em>" in html and "<i>it's</i>" in html
    assert "<strong><em>bold</em></strong>" in html
    assert "&lt;so&gt; &amp;" in html and "<br/>done" in html


def test_text_survives_pickle_and_copy():
    p = _para()
    for other in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p)):
        assert isinstance(other, Text) and other == p and other.runs == p.runs


def test_typography_across_runs_curls_quotes_by_the_whole_paragraph():
    runs = smarten_runs(_para().runs)
    assert Text("", runs).__html__().startswith("He said \u201c<em>never</em>\u201d \u2014 and "
                                                "<i>it\u2019s</i>")
    assert "".join(r.text for r in runs) == smarten(str(_para()))


def test_quote_opened_before_emphasis_and_closed_inside_it():
    runs = smarten_runs((Run('"'), Run('Stop!"', ("em",))))
    assert [r.text for r in runs] == ["\u201c", "Stop!\u201d"]


def test_typeset_keeps_runs_and_inspect_json_keeps_plain_scenes():
    story = Story("T", chapters=(Chapter("", None, None, ((_para(), "plain"),)),))
    smart = typeset(story)
    para = smart.chapters[0].scenes[0][0]
    assert isinstance(para, Text) and ("em",) in [r.marks for r in para.runs]
    data = json.loads(json.dumps(smart.as_dict()))
    chapter = data["chapters"][0]
    assert chapter["scenes"][0][0] == str(para)
    assert {"text": "never", "marks": ["em"]} in chapter["runs"][0][0]
    assert chapter["runs"][0][1] == [{"text": "plain"}]
