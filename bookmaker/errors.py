"""Exceptions bookmaker raises; each class carries the exit code the CLI uses.

Library code raises these and knows nothing of the CLI; ``cli.py`` turns them into
one ``Error: …`` line and ``exit_code``.
"""

from __future__ import annotations

__all__ = [
    "BookmakerError",
    "InputError",
    "ConfigError",
    "RenderError",
    "OutputError",
]


class BookmakerError(Exception):
    """Base class: a problem the user can act on.

    :param message: what went wrong.
    :param path: the file it concerns, shown first in the message.
    :param hint: what to do about it, shown in parentheses.
    """

    exit_code = 1

    def __init__(self, message: str, *, path: object = None, hint: str = "") -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text} ({self.hint})" if self.hint else text


class InputError(BookmakerError):
    """A story file is missing, unreadable, or not text."""

    exit_code = 3


class ConfigError(BookmakerError):
    """A sidecar or project file is invalid (bad TOML, unknown key, bad value)."""

    exit_code = 4


class RenderError(BookmakerError):
    """A book could not be rendered."""

    exit_code = 5


class OutputError(BookmakerError):
    """An output file could not be written (permissions, full disk…)."""

    exit_code = 6
