"""The one Jinja2 environment every renderer uses.

Templates come from bookmaker's ``templates/`` (or a user's folder). Story text is
always passed as data and autoescaped; it is never compiled as a template.
A user's templates are shared like themes, so they run in Jinja's sandbox
(``SandboxedEnvironment``: no ``__globals__``, no private attributes, so no way to
``os``), and a template file is read only when it is a regular file inside its
folder (no symbolic link out, no device) and under a size limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from bookmaker.errors import ConfigError
from bookmaker.read.files import STYLE_LIMIT, file_problem
from bookmaker.resources import data_dir, templates_dir

__all__ = ["environment", "reload_on_change", "template_errors"]


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that reads only regular files inside its folder, under a size limit."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        root = Path(self.searchpath[0]).resolve()
        path = root.joinpath(*jinja2.loaders.split_template_path(template))
        if not path.exists() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        if not path.resolve().is_relative_to(root):
            raise ConfigError("the template points outside its folder", path=path,
                              hint="copy the file into the templates folder instead of linking")
        problem = file_problem(path, STYLE_LIMIT)
        if problem is not None:
            raise ConfigError(f"cannot use the template: {problem}", path=path)
        return super().get_source(environment, template)


def environment(folder: str | None = None) -> jinja2.Environment:
    """A cached environment loading from ``folder`` (default: :func:`templates_dir`).

    Templates the folder lacks fall back to bookmaker's own.
    """
    return _environment(str(Path(folder) if folder else templates_dir()))


_reload = False
"""Whether environments check their template files for changes at each use (a watch)."""


def reload_on_change() -> None:
    """Make environments re-read a template file that changed, as a long-running
    ``watch`` needs. Otherwise a process reads each template once: checking every
    file's time at every page (``auto_reload``) was a sixth of a book's page time."""
    global _reload
    _reload = True
    _environment.cache_clear()  # the next ones are made checking


@cache
def _environment(folder: str) -> jinja2.Environment:
    own = str(data_dir("templates"))
    users = Path(folder).resolve() != Path(own).resolve()
    loaders: list[jinja2.BaseLoader] = [_ConfinedLoader(folder)]
    if users:
        loaders.append(jinja2.FileSystemLoader(own))
    # the sandbox costs ~15 % of template time, so only a user's folder pays for it
    kind = jinja2.sandbox.SandboxedEnvironment if users else jinja2.Environment
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache("sandbox" if users else "own"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=_reload,
    )
    return env


@contextmanager
def template_errors() -> Iterator[None]:
    """Report a broken or unsafe user template as a :class:`ConfigError` naming the file."""
    try:
        yield
    except jinja2.sandbox.SecurityError as exc:
        raise ConfigError(f"the template tried something unsafe: {exc}",
                          hint="templates may only format the book's values") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"line {exc.lineno}: template error: {exc.message}",
                          path=exc.filename or exc.name) from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template error: {exc.message or exc}",
                          hint="check the templates folder") from None


@cache
def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Jinja's per-user cache of compiled templates (keyed by source checksum).

    Compiling the templates costs ~40 ms per process, more than rendering a short
    book's HTML; without a private, writable temp folder there is no cache. The
    sandbox compiles templates to different code (every call goes through its
    checks), so sandboxed and plain environments keep separate caches (``kind``).
    """
    try:
        return _QuietBytecodeCache(pattern=f"__bookmaker_{kind}_%s.cache")
    except (OSError, RuntimeError):
        return None


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache whose failed writes only cost the next run a compile."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
