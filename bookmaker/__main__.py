"""``python -m bookmaker``."""

from bookmaker.cli import entry_point

entry_point()
