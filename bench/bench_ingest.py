"""Benchmark ingest and typography on large inputs (run: .venv/bin/python bench/bench_ingest.py).

Targets (2-core machine): a 5 MB single line and a 20 MB story each decode in
under 2 s, and typography runs over 4 MB of prose in under 2 s.
"""

from __future__ import annotations

import time
from pathlib import Path

from bookmaker.read.text import decode
from bookmaker.typography import smarten

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def _timed(label: str, fn) -> float:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:6.2f} s  {'ok' if elapsed < TARGET_S else 'SLOW'}")
    return elapsed


def main() -> int:
    samples = sorted((ROOT / "stories").glob("*.txt"))
    prose = "\n\n".join(p.read_text(encoding="utf-8") for p in samples)
    line = (b"word " * 1_000_000).strip() + b"\n"
    big = ("\n\n".join([prose] * (20_000_000 // len(prose) + 1))).encode()[:20_000_000]
    legacy = prose.encode("cp1252", errors="replace") * 50
    mojibake = prose.encode("utf-8").decode("cp1252", errors="replace").encode() * 20
    para = prose * 50
    times = [
        _timed("decode 5 MB single line", lambda: decode(line)),
        _timed("decode 20 MB UTF-8 story", lambda: decode(big.rsplit(b"\n", 1)[0])),
        _timed(f"decode {len(legacy) / 1e6:.0f} MB cp1252", lambda: decode(legacy)),
        _timed(f"decode {len(mojibake) / 1e6:.0f} MB mojibake", lambda: decode(mojibake)),
        _timed(f"smarten {len(para) / 1e6:.0f} MB prose", lambda: smarten(para)),
        _timed("smarten 5 MB single line", lambda: smarten(line.decode())),
    ]
    return 0 if max(times) < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
