"""Leave the command's process without the interpreter's teardown.

When a command is done, Python frees every module, class and object before the
process ends: about 20 ms for the ~300 modules a build imports, a seventh of a small
story's whole run, for memory the system takes back anyway. :func:`prepare` is called
before anything else registers an exit function, so :func:`_leave` runs after all the
others (they run last-registered first), once the interpreter has waited for its
threads: it writes what still needs writing (the compiled tables, log handlers, the
standard streams) and ends the process with the command's exit status.

Only the command line uses it (:func:`bookmaker.cli.entry_point`); ``import bookmaker``
leaves the interpreter's exit alone.
"""

from __future__ import annotations

import atexit
import os
import sys

__all__ = ["prepare", "status"]

_status: list[int] = []
"""The exit status the command returned; empty until it returned."""


def prepare() -> None:
    """Register :func:`_leave` (once); call it before anything registers an exit function."""
    if not getattr(prepare, "done", False):
        prepare.done = True  # type: ignore[attr-defined]
        atexit.register(_leave)


def status(code: int) -> int:
    """Remember the command's exit status for :func:`_leave`; ``code``."""
    _status[:] = [code]
    return code


def _leave() -> None:
    """The last exit function: finish the writing an early-registered function would have
    done, then end the process. Without a status (the command never returned: an
    uncaught exception), the interpreter's own exit goes on."""
    if not _status:
        return
    for module, function in (("bookmaker.patterns", "save"), ("bookmaker.classcode", "save"),
                             ("logging", "shutdown")):
        if module in sys.modules:  # each does nothing the second time
            try:
                getattr(sys.modules[module], function)()
            except Exception:  # exiting: there is nothing left to report it to
                pass
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to say
            pass
    os._exit(_status[0])
