"""The one Jinja2 environment every renderer uses.

Templates come from bookmaker's ``templates/`` (or a user's folder). Story text is
always passed as data and autoescaped; it is never compiled as a template.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from bookmaker.resources import data_dir, templates_dir

__all__ = ["environment"]


def environment(folder: str | None = None) -> jinja2.Environment:
    """A cached environment loading from ``folder`` (default: :func:`templates_dir`).

    Templates the folder lacks fall back to bookmaker's own.
    """
    return _environment(str(Path(folder) if folder else templates_dir()))


@cache
def _environment(folder: str) -> jinja2.Environment:
    own = str(data_dir("templates"))
    loaders = [jinja2.FileSystemLoader(folder)]
    if Path(folder).resolve() != Path(own).resolve():
        loaders.append(jinja2.FileSystemLoader(own))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


@cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's per-user cache of compiled templates (keyed by source checksum).

    Compiling the templates costs ~40 ms per process, more than rendering a short
    book's HTML; without a private, writable temp folder there is no cache.
    """
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):
        return None


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache whose failed writes only cost the next run a compile."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
