"""Output names: from the story file by default, clashes suffixed and reported, only story
files taken from a folder or a list, non-Latin titles transliterated."""

from __future__ import annotations

import pytest

from bookmaker.build.files import file_stem, slugify
from bookmaker.build.plan import story_files
from bookmaker.cli import main

STORY = "{title}\n\nby Jo Writer\n\nChapter 1\n\nThe road was long and the rain was cold.\n"


def _story(path, title="The Long Road"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STORY.format(title=title), encoding="utf-8")
    return path


@pytest.mark.parametrize("title, slug", [
    ("夜の桜", "ye-no-ying"),
    ("Привет мир", "privet-mir"),
    ("Café Crème", "cafe-creme"),
    ("Straße", "strasse"),
    ("!!!", "book"),
])
def test_titles_in_any_script_give_a_readable_name(title, slug):
    assert slugify(title) == slug


def test_file_stem_is_the_files_own_name():
    assert file_stem("some/dir/My_Story.txt") == "my-story"
    assert file_stem("x/!!.txt") is None  # nothing to keep: the title names it


def test_a_folder_gives_its_stories_never_the_sidecars(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "a.toml", "cover.png", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    stories, skipped = story_files([tmp_path])
    assert [p.name for p in stories] == ["a.txt", "b.md", "c.html"]
    stories, skipped = story_files(sorted(tmp_path.iterdir()))  # what `dir/*` passes
    assert sorted(p.name for p in stories) == [".hidden.txt", "a.txt", "b.md", "c.html"]
    assert sorted(p.name for p in skipped) == ["a.toml", "cover.png"]


def test_one_file_given_alone_is_taken(tmp_path):
    odd = tmp_path / "story.text"
    odd.write_text("x", encoding="utf-8")
    assert story_files([odd]) == ([odd], [])


def _wrote(out: str) -> list[str]:
    return [ln.split(" (")[0].removeprefix("wrote ") for ln in out.splitlines()
            if ln.startswith("wrote ")]


def test_same_title_two_files_two_books(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _story(tmp_path / "first.txt")
    _story(tmp_path / "second.txt")
    assert main(["build", "-f", "epub", "first.txt", "second.txt"]) == 0
    assert _wrote(capsys.readouterr().out) == ["out/first.epub", "out/second.epub"]


def test_a_clash_is_suffixed_and_reported(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _story(tmp_path / "a" / "road.txt")
    _story(tmp_path / "b" / "road.txt", title="Another Road")
    assert main(["build", "-f", "epub", "a/road.txt", "b/road.txt"]) == 0
    captured = capsys.readouterr()
    assert _wrote(captured.out) == ["out/road.epub", "out/road-2.epub"]
    assert 'note: "road" is another book\'s name' in captured.err and "road-2" in captured.err


def test_a_later_run_does_not_overwrite_another_storys_book(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _story(tmp_path / "a" / "road.txt")
    _story(tmp_path / "b" / "road.txt", title="Another Road")
    assert main(["build", "-f", "epub", "a/road.txt"]) == 0
    first = (tmp_path / "out" / "road.epub").read_bytes()
    assert main(["build", "-f", "epub", "b/road.txt"]) == 0
    captured = capsys.readouterr()
    assert (tmp_path / "out" / "road.epub").read_bytes() == first
    assert "out/road-2.epub" in _wrote(captured.out) and "note:" in captured.err
    assert main(["build", "-f", "epub", "a/road.txt"]) == 0  # its own name again
    assert "up to date: out/road.epub" in capsys.readouterr().out


def test_name_from_title(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _story(tmp_path / "s1.txt", title="夜の桜")
    assert main(["build", "-f", "epub", "--name-from", "title", "s1.txt"]) == 0
    assert _wrote(capsys.readouterr().out) == ["out/ye-no-ying.epub"]


def test_the_title_stays_the_books_title(tmp_path, monkeypatch, capsys):
    import zipfile

    monkeypatch.chdir(tmp_path)
    _story(tmp_path / "s1.txt", title="The Long Road")
    assert main(["build", "-f", "epub", "s1.txt"]) == 0
    with zipfile.ZipFile(tmp_path / "out" / "s1.epub") as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert ">The Long Road</dc:title>" in opf


def test_build_dir_star_skips_sidecars(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _story(tmp_path / "d" / "road.txt")
    (tmp_path / "d" / "road.toml").write_text('authors = "Jo"\n', encoding="utf-8")
    args = [str(p.relative_to(tmp_path)) for p in sorted((tmp_path / "d").iterdir())]
    assert main(["build", "-f", "epub", *args]) == 0
    captured = capsys.readouterr()
    assert _wrote(captured.out) == ["out/road.epub"]
    assert "skipped 1 file that is not a story: d/road.toml" in captured.err
    assert main(["build", "-f", "epub", "d"]) == 0  # a folder: the same story
    assert "road.epub" in capsys.readouterr().out


def test_only_sidecars_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for n in ("a.toml", "b.toml"):
        (tmp_path / n).write_text("", encoding="utf-8")
    assert main(["build", "a.toml", "b.toml"]) == 2
    assert "no story files" in capsys.readouterr().err


def test_apostrophes_do_not_split_a_name():
    assert slugify("Please Don’t") == slugify("Please Don't") == "please-dont"
