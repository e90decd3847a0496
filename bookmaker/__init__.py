"""bookmaker: compile raw story texts into EPUB ebooks and print-ready PDFs."""

from __future__ import annotations

__version__ = "0.1.0"

from bookmaker import classcode  # noqa: E402 - before any of bookmaker's dataclasses

classcode.install()

__all__ = ["__version__", "load_story", "parse", "decode"]


def __getattr__(name: str):  # lazy: keep `import bookmaker` cheap
    if name == "load_story":
        from bookmaker.load import load_story

        return load_story
    if name == "parse":
        from bookmaker.parse import parse

        return parse
    if name == "decode":
        from bookmaker.read.text import decode

        return decode
    raise AttributeError(name)
