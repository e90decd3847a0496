"""Warm rebuild under ``bookmaker watch``: a save to one sample, its EPUB rebuilt.

Run: ``.venv/bin/python bench/watch_bench.py [-n SAVES]``. Each sample is copied to a
scratch folder and watched (EPUB only); every poll appends a sentence to the story,
and the rebuild time the watch prints is collected. The first build (cold: imports,
first templates) is left out. Target: median warm rebuild under 30 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))
TARGET_MS = 30.0


def _rebuilds(story: Path, saves: int) -> list[float]:
    from bookmaker.build.plan import single_jobs
    from bookmaker.build.watch import Plan, watch
    from bookmaker.settings.project import Defaults

    lines: list[str] = []
    count = 0

    def save(_seconds: float) -> None:
        nonlocal count
        count += 1
        with open(story, "a", encoding="utf-8") as fh:
            fh.write(f"\nAnd then, a {count}th thing happened.\n")

    plan = Plan(tuple(single_jobs([story], Defaults(), formats=["epub"])), story.parent / "out")
    watch(lambda: plan, rounds=saves + 1, say=lambda t, err=False: lines.append(t), sleep=save)
    times = [float(m.group(1)) for t in lines if (m := re.search(r" in (\d+) ms$", t))]
    return times[1:]  # the first build is the cold one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--saves", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        every: list[float] = []
        for sample in SAMPLES:
            story = Path(tmp) / sample.name
            shutil.copy(sample, story)
            times = _rebuilds(story, args.saves)
            every += times
            print(f"{sample.name:28} warm rebuild median {statistics.median(times):5.1f} ms "
                  f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} saves)")
        median = statistics.median(every)
        verdict = "ok" if median < TARGET_MS else "over"
        print(f"all samples: median {median:.1f} ms (target < {TARGET_MS:.0f} ms: {verdict}); "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
