"""EPUB build speed: bookmaker against pandoc, whole process; and in-process render time.

Run: ``.venv/bin/python bench/epub_bench.py [-n RUNS]``. pandoc is skipped if it is
not installed. Figures are medians over RUNS runs. Target: in-process build of one
sample under 50 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))
BOOKMAKER = Path(sys.executable).parent / "bookmaker"


def _median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def whole_process(runs: int) -> None:
    pandoc = shutil.which("pandoc")
    print(f"Whole process, median of {runs} (ms)")
    print(f"{'sample':<26}{'bookmaker':>11}{'pandoc':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            ours = _median_seconds([str(BOOKMAKER), "-q", "build", str(sample), "-o", tmp,
                                    "--format", "epub"], runs)
            theirs = (_median_seconds([pandoc, "-f", "markdown", "-t", "epub", str(sample),
                                       "-o", str(Path(tmp) / "pandoc.epub")], runs)
                      if pandoc else None)
            shown = f"{theirs * 1000:9.0f}" if theirs is not None else "  skipped"
            print(f"{sample.stem:<26}{ours * 1000:11.0f}{shown}")


def in_process(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bookmaker.bind import single_book
    from bookmaker.build.book import build_book
    from bookmaker.load import load_story
    from bookmaker.render import cover

    sample = max(SAMPLES, key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        story = load_story(sample)
        load = time.perf_counter() - start
        book = single_book(story)
        start = time.perf_counter()
        build_book(book, Path(tmp), ["epub"])
        first = time.perf_counter() - start
        warm, on_disk, cold_cover, cpu = [], [], [], []
        folder = cover.cache_folder
        for _ in range(runs):
            start = time.perf_counter()
            build_book(book, Path(tmp), ["epub"])
            warm.append(time.perf_counter() - start)
            cover.render_cover.cache_clear()
            start = time.perf_counter()
            build_book(book, Path(tmp), ["epub"])
            on_disk.append(time.perf_counter() - start)
            cover.render_cover.cache_clear()
            cover.cache_folder = lambda: None  # no disk cache: the cover is drawn
            start, start_cpu = time.perf_counter(), time.process_time()
            build_book(book, Path(tmp), ["epub"])
            cold_cover.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            cover.cache_folder = folder
    from bookmaker.render.epub import render_epub

    render_only = []
    for _ in range(runs):
        cover.render_cover.cache_clear()
        cover.cache_folder = lambda: None
        start = time.perf_counter()
        render_epub(book)
        render_only.append(time.perf_counter() - start)
        cover.cache_folder = folder
    print(f"\nIn process, {sample.name} ({story.word_count:,} words), ms:")
    print(f"  load+parse+typeset          {load * 1000:7.1f}")
    print(f"  first build (cold caches)   {first * 1000:7.1f}")
    redrawn = statistics.median(cold_cover) * 1000
    print(f"  build, cover redrawn        {redrawn:7.1f}  (target < 50)")
    print(f"  render_epub only, no disk   {statistics.median(render_only) * 1000:7.1f}  "
          "(cover redrawn; the write's fsync is the rest)")
    print(f"  same, CPU time only         {statistics.median(cpu) * 1000:7.1f}  (ignores waiting "
          "for a busy CPU)")
    print(f"  build, cover from disk      {statistics.median(on_disk) * 1000:7.1f}  "
          "(the cover cache of an earlier run)")
    print(f"  build, cover in memory      {statistics.median(warm) * 1000:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args()
    whole_process(args.runs)
    in_process(max(args.runs, 10))


if __name__ == "__main__":
    main()
