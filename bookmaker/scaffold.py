"""``bookmaker new DIR``: a starter book project the user can edit.

Writes ``bookmaker.toml``, ``stories/`` with a short example story, and copies of
bookmaker's ``templates/`` and ``styles/`` that the project file points at. Never
overwrites a file that is already there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bookmaker.build.files import write_atomic
from bookmaker.errors import OutputError
from bookmaker.resources import styles_dir, templates_dir
from bookmaker.settings.project import PROJECT_FILE

__all__ = ["PROJECT_TEMPLATE", "EXAMPLE_STORY", "new_project"]

PROJECT_TEMPLATE = """\
# bookmaker project file: `bookmaker build` in this folder builds everything below.
# Paths are relative to this file. See `bookmaker --help` and the README.

# Stories built as single books (paths or globs, in order).
stories = ["stories/*.txt"]

[defaults]
output = "out"                 # where books are written
formats = ["epub", "pdf"]      # epub, pdf, html
style = "classic"              # classic, large-print, or a .css file
trim = "digest"                # PDF page size: pocket, digest, trade, a5, a4, letter, 5x8in…
# language = "en"              # every story's language (a sidecar's wins), over the text's
templates = "templates"        # your copy of the templates: edit freely
styles = "styles"              # your copy of the styles: edit freely

# An anthology binds several stories, in the order listed, into one book.
# Add one [[anthology]] table per anthology.
[[anthology]]
title = "{title}"
subtitle = "Collected Stories"
editor = ""                    # shown instead of the authors when set
description = "Every story of this project in one volume."
# cover = "cover.jpg"          # PNG, JPEG or GIF; a cover is generated when absent
stories = ["stories/*.txt"]
# style = "large-print"        # overrides [defaults] for this book only
# trim = "trade"
"""
"""The starter ``bookmaker.toml`` (``{title}`` is the project folder's name)."""

EXAMPLE_STORY = """\
The Lighthouse Keeper
by A. Writer

Summary: A keeper, a storm, and the ship that should not have made it. An example
story: replace it with your own.

Disclaimer: Everything here is made up.

Chapter 1: The Storm

The wind came in from the west at dusk, and by nightfall the sea was white.

Mara climbed the hundred and twelve steps with the oil can knocking against her knee.
She had climbed them every night for eleven years.

* * *

At midnight she saw the light of a ship where no ship should be.

Chapter 2: Morning

The morning was so still that the gulls sat on the water.

The ship lay on the sand below the rocks, whole, its crew asleep on the deck.

-The End-
"""
"""A short story in the plain-text shape bookmaker reads."""


def _copy_tree(src: Path, dest: Path, written: list[Path]) -> None:
    for item in sorted(src.rglob("*")):
        if item.is_dir() or "__pycache__" in item.parts:
            continue
        target = dest / item.relative_to(src)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, target)
            written.append(target)


def new_project(folder: str | Path) -> list[Path]:
    """Create a starter project in ``folder``; return the files written.

    :raises OutputError: when ``folder`` already holds a project file, or cannot be written.
    """
    root = Path(folder)
    if (root / PROJECT_FILE).exists():
        raise OutputError(f"{PROJECT_FILE} already exists", path=root,
                          hint="choose a new folder; nothing was changed")
    title = root.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "My Books"
    written: list[Path] = []
    try:
        story = root / "stories" / "the-lighthouse-keeper.txt"
        if not story.exists():
            write_atomic(story, EXAMPLE_STORY.encode("utf-8"))
            written.append(story)
        _copy_tree(templates_dir(), root / "templates", written)
        _copy_tree(styles_dir(), root / "styles", written)
        toml = PROJECT_TEMPLATE.format(title=title.replace("\\", "\\\\").replace('"', '\\"'))
        write_atomic(root / PROJECT_FILE, toml.encode("utf-8"))
        written.append(root / PROJECT_FILE)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}",
                          path=getattr(exc, "filename", None) or root) from None
    return written
