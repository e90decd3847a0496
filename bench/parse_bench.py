"""Parse speed on 1 MB and 10 MB of story text built from the samples.

Run: ``.venv/bin/python bench/parse_bench.py``. Target: 10 MB under 3 s, and time
growing linearly with size (the 10 MB / 1 MB ratio near 10).
"""

from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bookmaker.parse import parse  # noqa: E402
from bookmaker.read.text import normalize  # noqa: E402


def story_text(size: int) -> str:
    """About ``size`` bytes of samples, each repetition a new numbered chapter."""
    samples = [normalize(p.read_text(encoding="utf-8"))[0]
               for p in sorted((ROOT / "stories").glob("*.txt"))]
    parts: list[str] = []
    total = n = 0
    while total < size:
        text = samples[n % len(samples)]
        n += 1
        chunk = f"Chapter {n}\n\n{text}\n\n"
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
    return "".join(parts)


def wrapped(text: str) -> str:
    """The same text hard-wrapped at 70 columns (Project Gutenberg style)."""
    return "\n\n".join(textwrap.fill(p, 70) for p in text.split("\n\n"))


def timed(text: str, repeat: int) -> tuple[float, float]:
    """Best wall and CPU time of ``repeat`` parses (CPU time is steadier on a shared machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        parse(text, "bench")
        wall, cpu = min(wall, time.perf_counter() - w), min(cpu, time.process_time() - c)
    return wall, cpu


def main() -> int:
    ok = True
    for kind, make in (("blank-line paragraphs", lambda t: t), ("hard-wrapped", wrapped)):
        small, large = make(story_text(1_000_000)), make(story_text(10_000_000))
        (w1, c1), (w10, c10) = timed(small, 3), timed(large, 2)
        print(f"{kind}:")
        print(f"  1 MB:  {w1:.2f} s wall, {c1:.2f} s CPU")
        print(f"  10 MB: {w10:.2f} s wall, {c10:.2f} s CPU (target < 3 s)")
        print(f"  ratio 10 MB / 1 MB (CPU): {c10 / c1:.1f} (linear is about 10)")
        ok = ok and c10 < 3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
