"""The one Jinja2 environment every renderer uses.

Templates come from bookmaker's ``templates/`` (or a user's folder). Story text is
always passed as data and autoescaped; it is never compiled as a template.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from bookmaker.resources import templates_dir

__all__ = ["environment"]


@cache
def environment(folder: str | None = None) -> jinja2.Environment:
    """A cached environment loading from ``folder`` (default: bookmaker's templates)."""
    path = Path(folder) if folder else templates_dir()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(path)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
