"""``python -m bookmaker``."""

from bookmaker.command import run

run()
