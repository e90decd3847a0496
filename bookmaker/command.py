"""The ``bookmaker`` command (console script and ``python -m bookmaker``).

The process is set up before the command line is imported, here and not on import of
:mod:`bookmaker.cli`, so that importing the command line (tests, tools that embed it)
changes neither the collector, the interpreter's exit nor :mod:`re`:

- :func:`bookmaker.process.prepare` first, so its exit function runs after every other;
- :func:`bookmaker.patterns.install` before click, whose import compiles patterns;
- :func:`bookmaker.process.imported` once the command line is loaded.
"""

from __future__ import annotations

import sys

__all__ = ["start", "run"]


def start() -> None:
    """Set up the command's process and load the command line (once)."""
    from bookmaker import patterns, process

    process.prepare()
    patterns.install()
    import bookmaker.cli  # noqa: F401

    process.imported()  # the command line is loaded: collect again, never its modules


def run() -> None:
    """Run the command with ``sys.argv`` and end the process with its exit status (no
    interpreter teardown: :mod:`bookmaker.process`)."""
    start()
    from bookmaker import process
    from bookmaker.cli import main

    sys.exit(process.status(main()))
