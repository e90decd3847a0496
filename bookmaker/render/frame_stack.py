"""Run WeasyPrint's layout at one frame-stack depth, whoever calls it.

CPython 3.11 keeps the frames of Python calls in 16 kB chunks, each mapped from the
system when a call needs it and unmapped as soon as the first call in it returns. A
call that WeasyPrint makes millions of times and that happens to open a chunk maps and
unmaps 16 kB each time, a fresh page to fault in every time; where that happens depends
only on how deep the stack already is. Counted with ``strace``, bookmaker's render called
from the PDF benchmark made 2 to 6 times raw WeasyPrint's ``mmap`` calls (32,000 against
8,100 on the 36-page sample, 83,000 against 15,000 on a generated 30,000-word book: the
same instructions, 6-18 % more time), and about raw's count from the command line.

:func:`steady` runs the layout in a thread of its own, :data:`PAD` calls deep: the same
depth from the command line, ``bookmaker watch``, an anthology or a test. There, three
samples, their anthology and the 30,000-word book made 3,100-8,100 calls (raw WeasyPrint:
4,900-15,200), and the benchmark's PDF time went from +6 % over raw to -5 %; a few calls
shallower (8-11) or deeper (14-16) brought part of the thrashing back.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["PAD", "steady"]

T = TypeVar("T")

PAD = 12
"""Calls of :func:`_padded` between the thread's start and the layout: the fewest chunk
mappings on every book tried (13 nearly as few)."""


def _padded(depth: int, run: Callable[[], T]) -> T:
    return _padded(depth - 1, run) if depth else run()


def steady(run: Callable[[], T], pad: int = PAD) -> T:
    """``run()`` in a thread of its own, ``pad`` calls deep, with the caller's context
    (its context variables: the user's template folders); its exception is raised here.

    The thread is a daemon: an interrupted caller does not wait for it to finish.
    """
    context = contextvars.copy_context()
    result: list[T] = []
    failed: list[BaseException] = []

    def body() -> None:
        try:
            result.append(context.run(_padded, pad, run))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as it is
            failed.append(exc)

    thread = threading.Thread(target=body, name="bookmaker-layout", daemon=True)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return result[0]
