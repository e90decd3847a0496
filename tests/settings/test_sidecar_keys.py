"""Every sidecar key, for every reader kind: it reaches the story, or it is reported once
(stderr and ``inspect``), never dropped without a word.

The table below has one row (or more) per key of :data:`bookmaker.settings.sidecar.KEYS`;
a new key without a row fails :func:`test_every_sidecar_key_has_a_row`.
"""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bookmaker.load import load_story
from bookmaker.model import Story
from bookmaker.read.choose import read_source
from bookmaker.settings.sidecar import KEYS, META_KEYS
from bookmaker.settings.unused import UNUSED
from tests.read import stories

KINDS = ("txt", "md", "html", "ao3", "fff", "ffnet", "docx", "epub")
ALL = frozenset(KINDS)
LINED = frozenset({"txt", "md", "html", "epub"})
"""Kinds whose stories are parsed from sources with line numbers: line hints apply."""
SUMMARY = "Summary: A keeper and her lamp on a stormy night."


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """The test story in every kind; the plain ones with a summary block to relabel."""
    folder = tmp_path_factory.mktemp("kinds")
    files = stories.write_all(folder)
    files["ffnet"] = folder / "lantern-ffnet.html"
    files["ffnet"].write_text(stories.ffnet(), encoding="utf-8")
    inserts = {"txt": ("by Mara Quill\n", f"by Mara Quill\n\n{SUMMARY}\n"),
               "md": ("---\n\n", f"---\n\n{SUMMARY}\n\n"),
               "html": ("</h1>\n", f"</h1>\n<p>{SUMMARY}</p>\n")}
    for kind, (old, new) in inserts.items():
        files[kind].write_text(files[kind].read_text(encoding="utf-8").replace(old, new, 1),
                               encoding="utf-8")
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 90), (30, 90, 160)).save(buf, "PNG")
    (folder / "cover.png").write_bytes(buf.getvalue())
    return {k: files[k] for k in KINDS} | {"cover": folder / "cover.png"}


@pytest.fixture(scope="module")
def wheres(sources) -> dict[str, Where]:
    """Each kind's lines and sidecar-less story, read once."""
    return {kind: _where(sources[kind]) for kind in KINDS}


@dataclass(frozen=True)
class Where:
    """Lines of the story in one kind's source, and the story read without a sidecar."""

    base: Story
    lines: dict[str, int]


def _line_of(path: Path, needle: str) -> int:
    reading = read_source(path)
    if reading.document is not None:
        return next((b.line for b in reading.document.blocks if needle in b.text), 1)
    return next((n for n, ln in enumerate(reading.text.splitlines(), 1) if needle in ln), 1)


def _where(path: Path) -> Where:
    base = load_story(path)
    breaks = [d.line for d in base.decisions if d.what == "scene-break"]
    heads = [c.line for c in base.chapters]
    return Where(base, {
        "prose": _line_of(path, "The lamp was"),          # not a heading
        "heading": heads[1] if len(heads) > 1 else 1,     # chapter 2's heading
        "later": _line_of(path, "A gull watched"),        # may start a new scene
        "break": breaks[0] if breaks else 1,              # the break in chapter 1
        "summary": _line_of(path, "Summary:"),            # a front matter block
    })


@dataclass(frozen=True)
class Row:
    """One sidecar key set one way, how to see it applied, and the kinds it applies in."""

    key: str
    """The key as in ``KEYS`` (``structure.breaks``)."""
    toml: Callable[[Where], str]
    applied: Callable[[Story, Where], bool]
    kinds: frozenset[str] = ALL
    """Kinds the value reaches the story in; in the others it must be reported."""
    label: str = ""
    """How the report names the key (default from ``key``: ``[structure] breaks``)."""

    @property
    def said(self) -> str:
        if self.label:
            return self.label
        table, _, sub = self.key.partition(".")
        return f"[{table}] {sub}" if sub else self.key


def _meta_row(key: str) -> Row:
    value = {"series_index": "2", "series_total": "3", "published": "2021-03-04",
             "updated": "2022-05-06"}.get(key, f"My {key}")
    toml = f"{key} = {value}" if value[0].isdigit() else f'{key} = "{value}"'
    return Row(key, lambda w, t=toml: t + "\n",
               lambda s, w, k=key, v=value: s.meta.get(k) == v)


def _scenes(story: Story, chapter: int) -> int:
    return len(story.chapters[chapter].scenes) if len(story.chapters) > chapter else 0


def _quoted(story: Story) -> str:
    return next(p for c in story.chapters for s in c.scenes for p in s if "Nobody" in p)


ROWS: list[Row] = [
    Row("title", lambda w: 'title = "A New Title"\n', lambda s, w: s.title == "A New Title"),
    Row("authors", lambda w: 'authors = ["Ann Other"]\n',
        lambda s, w: s.authors == ("Ann Other",)),
    Row("language", lambda w: 'language = "de"\n',
        lambda s, w: s.meta["language"] == "de" and "„" in _quoted(s)),
    Row("cover", lambda w: 'cover = "cover.png"\n',
        lambda s, w: s.meta.get("cover", "").endswith("cover.png")),
    *(_meta_row(k) for k in META_KEYS),
    Row("chapters", lambda w: '[chapters]\n1 = "Cinders"\n',
        lambda s, w: s.chapters[0].title == "Cinders", label="[chapters]"),
    Row("blocks", lambda w: f'[blocks]\n{w.lines["summary"]} = "notes"\n',
        lambda s, w: any(b.kind == "notes" and SUMMARY[9:] in b.text for b in s.front_matter),
        kinds=frozenset({"txt", "md", "html"}), label="[blocks]"),
    Row("meta", lambda w: '[meta]\nsource_url = "https://example.org/lantern"\n',
        lambda s, w: s.meta.get("source_url") == "https://example.org/lantern"),
    Row("meta", lambda w: '[meta]\nmood = "stormy"\n', lambda s, w: False,
        kinds=frozenset(), label="[meta] mood"),
    Row("typography.disable", lambda w: '[typography]\ndisable = ["double-quotes"]\n',
        lambda s, w: '"' in _quoted(s) and "“" not in _quoted(s)),
    Row("typography.disable", lambda w: '[typography]\ndisable = ["emphasis-marks"]\n',
        lambda s, w: "_Nobody_" in _quoted(s), kinds=frozenset({"txt"})),
    Row("structure.headings", lambda w: f'[structure]\nheadings = [{w.lines["prose"]}]\n',
        lambda s, w: len(s.chapters) > len(w.base.chapters), kinds=LINED),
    Row("structure.not_headings",
        lambda w: f'[structure]\nnot_headings = [{w.lines["heading"]}]\n',
        lambda s, w: len(s.chapters) < len(w.base.chapters), kinds=LINED),
    Row("structure.breaks", lambda w: f'[structure]\nbreaks = [{w.lines["later"]}]\n',
        lambda s, w: _scenes(s, -1) > _scenes(w.base, -1), kinds=LINED),
    Row("structure.not_breaks", lambda w: f'[structure]\nnot_breaks = [{w.lines["break"]}]\n',
        lambda s, w: _scenes(s, 0) < _scenes(w.base, 0), kinds=LINED),
]


def test_every_sidecar_key_has_a_row():
    assert {r.key for r in ROWS} == set(KEYS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.key}:{r.said}")
def test_a_key_applies_or_is_reported_once(sources, wheres, tmp_path, caplog, kind, row):
    path = Path(shutil.copy(sources[kind], tmp_path))
    shutil.copy(sources["cover"], tmp_path)
    where = wheres[kind]
    path.with_suffix(".toml").write_text(row.toml(where), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        story = load_story(path)
    notes = [d for d in story.decisions if d.what == UNUSED and d.reason.startswith(row.said)]
    warned = [r for r in caplog.records if f": {row.said}" in r.getMessage()]
    if kind in row.kinds:
        assert row.applied(story, where), f"{row.key} did not reach the {kind} story"
        assert not notes and not warned, notes
    else:
        assert not row.applied(story, where)
        assert len(notes) == 1, [d.reason for d in story.decisions if d.what == UNUSED]
        assert len(warned) == 1 and path.with_suffix(".toml").name in warned[0].getMessage()


def test_inspect_lists_what_the_sidecar_could_not_use(sources, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from bookmaker.cli import cli

    monkeypatch.chdir(tmp_path)
    path = Path(shutil.copy(sources["ao3"], tmp_path / "road.html"))
    path.with_suffix(".toml").write_text("[structure]\nheadings = [3]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", "road.html"])
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.output.splitlines() if UNUSED in ln]
    assert "[structure] headings: AO3 files keep the site's chapters; line hints do not " \
           "apply" in line and "road.toml" in line


@pytest.mark.parametrize("key", ["source_url", "url", "archive", "publisher"])
def test_a_meta_key_the_book_reads_is_not_reported(sources, tmp_path, caplog, key):
    # Which free keys count as used is decided where they are read (layout.metadata), not
    # in a second list that could drift from it.
    from bookmaker.layout.metadata import BOOK_META_KEYS

    assert key in BOOK_META_KEYS
    path = Path(shutil.copy(sources["txt"], tmp_path))
    path.with_suffix(".toml").write_text(f'[meta]\n{key} = "2020-02-02"\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        story = load_story(path)
    assert not [d for d in story.decisions if d.what == UNUSED] and not caplog.records


def test_a_flag_over_the_sidecar_is_shown_not_warned(sources, tmp_path, caplog):
    from bookmaker.settings.overrides import MetadataLayers, Overrides

    path = Path(shutil.copy(sources["txt"], tmp_path))
    shutil.copy(sources["cover"], tmp_path)
    other = Path(shutil.copy(sources["cover"], tmp_path / "flag.png"))
    path.with_suffix(".toml").write_text('cover = "cover.png"\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        story = load_story(path, layers=MetadataLayers(flags=Overrides(cover=str(other))))
    assert story.meta["cover"] == str(other) and not caplog.records
    [beaten] = [d for d in story.decisions if d.what == "cover"]
    assert beaten.overridden.endswith("cover.png")


def test_an_anthology_says_a_storys_cover_is_not_used(sources, tmp_path, caplog):
    from bookmaker.bind import anthology_book

    for name in ("a.txt", "b.txt"):
        shutil.copy(sources["txt"], tmp_path / name)
    shutil.copy(sources["cover"], tmp_path)
    (tmp_path / "a.toml").write_text('cover = "cover.png"\n', encoding="utf-8")
    both = [load_story(tmp_path / "a.txt"), load_story(tmp_path / "b.txt")]
    with caplog.at_level(logging.WARNING):
        anthology_book(both, "Both")
    [warned] = [r.getMessage() for r in caplog.records]
    assert warned.startswith("a.toml: cover: an anthology has one cover")
