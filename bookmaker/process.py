"""The command's own process: no garbage collection while it imports, no teardown at exit.

**Start.** Importing makes objects that live as long as the process: a collection
while modules load finds nothing to free, and a build's imports set off some sixty of
them (~8 ms). :func:`prepare` turns the collector off; :func:`imported` (after the
command line's imports, and :func:`importing` around a build's) moves everything made
so far out of every later collection (``gc.freeze``) and turns it back on, collecting
young objects less often (:data:`YOUNG`). Frozen objects also stay unwritten in forked
workers, whose pages the parent then shares.

**End.** When a command is done, Python frees every module, class and object before the
process ends: about 20 ms for the ~300 modules a build imports, a seventh of a small
story's whole run, for memory the system takes back anyway. :func:`prepare` is called
before anything else registers an exit function, so :func:`_leave` runs after all the
others (they run last-registered first), once the interpreter has waited for its
threads: it writes what still needs writing (the compiled tables, log handlers, the
standard streams) and ends the process with the command's exit status.

Only the command uses it (:mod:`bookmaker.command`); ``import bookmaker``, even
``import bookmaker.cli``, leaves the collector and the interpreter's exit alone.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["prepare", "imported", "importing", "status"]

_status: list[int] = []
"""The exit status the command returned; empty until it returned."""
_prepared = False
"""Whether :func:`prepare` ran: this is the command's own process."""


def prepare() -> None:
    """Stop collecting until :func:`imported`, and register :func:`_leave` (once); call it
    before anything registers an exit function."""
    global _prepared
    if not _prepared:
        _prepared = True
        gc.disable()
        atexit.register(_leave)


YOUNG = 20_000
"""Allocations between two collections of young objects in the command's process (Python's
default: 700). A build makes short-lived objects by the hundred thousand and few cycles:
at 700 it collects some forty times a book for nothing (~6 ms over 40 small stories);
at 20,000 a handful of times, with the same peak memory. The PDF renderer raises it
further while WeasyPrint lays out (:mod:`bookmaker.render.pdf`)."""


def imported() -> None:
    """Keep what exists now out of every later collection, and collect again, less often
    (in the command's process only)."""
    if _prepared:
        gc.freeze()
        young, middle, old = gc.get_threshold()
        gc.set_threshold(max(young, YOUNG), middle, old)
        gc.enable()


@contextmanager
def importing() -> Iterator[None]:
    """No collection while the block imports; when it loaded modules, :func:`imported`
    (in the command's process only; elsewhere the block runs as it is). A block that
    loaded nothing freezes nothing: ``bookmaker watch`` builds again and again, and
    garbage of an earlier round must stay collectable."""
    if not _prepared or not gc.isenabled():
        yield
        return
    loaded = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if len(sys.modules) > loaded:
            gc.freeze()
        gc.enable()


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
    for module, function in (("bookmaker.caches", "save_tables"), ("logging", "shutdown")):
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
