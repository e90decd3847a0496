"""docs/architecture.md names every module of the package, so the map stays true."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_architecture_lists_every_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "bookmaker"
    modules = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                     if p.name not in ("__init__.py", "__main__.py"))
    missing = [m for m in modules if f"`{m}`" not in doc]
    assert modules and not missing, f"add to docs/architecture.md: {missing}"
