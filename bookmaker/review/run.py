"""Start a review: the stories of a STORY or PROJECT argument, a loopback socket, uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bookmaker.errors import ConfigError, InputError
from bookmaker.review.session import Review
from bookmaker.settings.project import Defaults

__all__ = ["Started", "review_of", "make_server", "serve"]


def review_of(target: Path, output: Path | None = None) -> Review:
    """The review of one story file, or of the project in a folder or project file.

    :raises InputError: when the target is missing or has no stories.
    :raises ConfigError: on a bad project file.
    """
    from bookmaker.settings.project import find_project, implied_project, load_project

    if target.is_file() and target.suffix != ".toml":
        found = find_project(target.parent)
        project = load_project(found) if found else None
        defaults = project.defaults if project else Defaults()
        out = output or (project.output if project else Path(defaults.output))
        return Review((target,), out, defaults)
    if target.is_dir() or target.suffix == ".toml":
        found = find_project(target) if target.is_dir() else target
        if found is not None and not found.is_file():
            raise InputError("no such project file", path=target)
        project = load_project(found) if found else implied_project(target)
        if not project.stories:
            raise ConfigError("no stories to review", path=target,
                              hint="give a story file, or a folder with stories/")
        return Review(tuple(project.stories), output or project.output, project.defaults)
    raise InputError("no such story or project", path=target)


@dataclass(frozen=True)
class Started:
    """A running review's address."""

    url: str
    port: int


def make_server(review: Review, sock: socket.socket, token: str) -> tuple[Any, Started]:
    """A uvicorn server for ``review`` on the listening loopback ``sock``, and its address."""
    import uvicorn

    from bookmaker.review.server import make_app

    port = sock.getsockname()[1]
    config = uvicorn.Config(make_app(review, token, port), log_level="warning",
                            lifespan="off", access_log=False, server_header=False)
    return uvicorn.Server(config), Started(f"http://127.0.0.1:{port}/{token}/", port)


def serve(review: Review, sock: socket.socket, token: str,
          on_ready: Callable[[Started], None] | None = None) -> None:
    """Serve ``review`` on ``sock`` until Ctrl-C."""
    server, started = make_server(review, sock, token)
    if on_ready:
        on_ready(started)
    server.run(sockets=[sock])
