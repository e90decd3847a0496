"""All of bookmaker's benchmarks, as tables: ``make bench`` or ``.venv/bin/python bench/run.py``.

Sections (each can be picked with ``--only NAME``; ``--quick`` skips the 500k-word book):

* ``startup``: import time and whole-process time of ``--help``, ``inspect``;
* ``epub``: per sample, whole-process ``bookmaker build --format epub`` beside
  ``pandoc -f markdown -t epub`` and calibre's ``ebook-convert --enable-heuristics``
  (a missing peer is skipped), then in-process build time (``bench/epub_bench.py``);
* ``pdf``: bookmaker's PDF beside raw WeasyPrint on the same HTML (``bench/pdf_bench.py``);
* ``scaling``: generated 10k/100k/500k-word stories: parse, EPUB and PDF time and
  peak memory, each in a fresh process (peak from ``wait4``'s rusage), with the
  per-word ratios that show whether the curve is linear;
* ``batch``: 200 generated stories, ``--jobs 1`` and ``--jobs 2``, EPUB only, then a
  second run with nothing changed.

Timings are wall-clock medians; the machine may be shared, so peers run in the
same pass and ratios are the figures to read. Targets are printed beside results.

Children run as on a user's machine: with compiled bytecode (kept in a temporary
``PYTHONPYCACHEPREFIX``, warmed before timing, even when the caller sets
``PYTHONDONTWRITEBYTECODE``) and a temporary ``XDG_CACHE_HOME`` for the cover
cache: warm where the table says "cover cached", empty where it says "cold".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SAMPLES = sorted((ROOT / "stories").glob("*.txt"))
PY = sys.executable
BOOKMAKER = [PY, "-m", "bookmaker"]


_SCRATCH = Path(tempfile.mkdtemp(prefix="bookmaker-bench-"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(_SCRATCH / "pycache")
ENV["XDG_CACHE_HOME"] = str(_SCRATCH / "cache")


def cold_cache() -> dict[str, str]:
    """An environment whose cover cache is a new, empty folder."""
    return {**ENV, "XDG_CACHE_HOME": tempfile.mkdtemp(dir=_SCRATCH, prefix="cold-")}


def warm_bytecode() -> None:
    """Compile bookmaker and its dependencies into the bench's bytecode folder."""
    subprocess.run([PY, "-c", "import bookmaker.cli, bookmaker.load, bookmaker.build.run, "
                    "bookmaker.render.epub, bookmaker.render.cover, bookmaker.render.pdf, "
                    "PIL.Image, PIL.ImageDraw, PIL.ImageFont, PIL.JpegImagePlugin"],
                   env=ENV, cwd=ROOT, check=True)
    subprocess.run([*BOOKMAKER, "--help"], env=ENV, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def run_child(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
              ) -> tuple[float, float, str]:
    """Run ``cmd``; wall seconds, the child's own peak resident MB (``wait4``) and stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env or ENV)
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def median_time(cmd: list[str], runs: int, cwd: Path | None = None,
                env: Callable[[], dict[str, str]] | None = None) -> float:
    """Median wall seconds of ``runs`` runs; ``env`` gives each run its environment."""
    return statistics.median(run_child(cmd, cwd, env() if env else None)[0]
                             for _ in range(runs))


def table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in
                    enumerate(zip(head, widths, strict=True))))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    print()


# --- generated stories -------------------------------------------------------------------


def _paragraphs() -> list[str]:
    """Prose paragraphs of the samples (blank-line separated blocks of some length)."""
    paras = []
    for p in SAMPLES:
        for block in p.read_text(encoding="utf-8").split("\n\n"):
            block = " ".join(block.split())
            if len(block.split()) >= 12:
                paras.append(block)
    return paras


def generated_story(words: int, title: str, seed: int = 0, chapter_words: int = 5000) -> str:
    """A plain-text story of about ``words`` words made of the samples' paragraphs."""
    paras = _paragraphs()
    out = [title, "by Bench Mark", ""]
    n, i, total = 0, seed * 7, 0
    while total < words:
        n += 1
        out += [f"Chapter {n}: Part {n}", ""]
        in_chapter = 0
        while in_chapter < min(chapter_words, words - total) or in_chapter == 0:
            p = paras[i % len(paras)]
            i += 1
            out += [p, ""]
            in_chapter += len(p.split())
            if i % 23 == 0:
                out += ["* * *", ""]
        total += in_chapter
    return "\n".join(out) + "\n"


# --- sections ---------------------------------------------------------------------------------


def startup(runs: int) -> None:
    print("## Start-up (ms, median)")
    proc = subprocess.run([PY, "-X", "importtime", "-c", "import bookmaker.cli"],
                          capture_output=True, text=True, env=ENV)
    cumulative = {ln.split("|")[2].strip(): int(ln.split("|")[1])
                  for ln in proc.stderr.splitlines() if ln.count("|") == 2
                  and ln.split("|")[1].strip().isdigit()}
    base = median_time([PY, "-c", "pass"], runs)
    rows = [["python -c pass", f"{base * 1000:.0f}", ""],
            ["import bookmaker.cli (importtime)",
             f"{cumulative.get('bookmaker.cli', 0) / 1000:.0f}", ""]]
    for label, args in [("bookmaker --help", ["--help"]),
                        ("bookmaker inspect bounty", ["inspect", str(SAMPLES[0])])]:
        rows.append([label, f"{median_time([*BOOKMAKER, *args], runs) * 1000:.0f}", ""])
    for label, args in [("--help", ["--help"]), ("inspect", ["inspect", str(SAMPLES[0])])]:
        check = subprocess.run([PY, "-X", "importtime", "-m", "bookmaker", *args],
                               capture_output=True, text=True, env=ENV)
        heavy = sorted({ln.split("|")[2].strip().split(".")[0] for ln in check.stderr.splitlines()
                        if ln.count("|") == 2} & {"weasyprint", "PIL", "jinja2", "pypdfium2",
                                                  "ftfy", "charset_normalizer"})
        rows.append([f"heavy imports in {label}", "-", ", ".join(heavy) or "none"])
    table(["what", "ms", "note"], rows)


def epub(runs: int) -> None:
    print(f"## EPUB, whole process per sample (ms, median of {runs}); target: bookmaker <= pandoc")
    print("(bookmaker: the generated cover taken from the cover cache, as on a rebuild; "
          "cold: drawn, the cache empty)")
    pandoc, calibre = shutil.which("pandoc"), shutil.which("ebook-convert")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for sample in SAMPLES:
            cmd = [*BOOKMAKER, "-q", "build", "--format", "epub", "--jobs", "1", "--force",
                   "-o", str(t), str(sample)]
            run_child(cmd, cwd=t)  # draws the cover into the (warm) cache
            ours = median_time(cmd, runs, cwd=t)
            cold = median_time(cmd, runs, cwd=t, env=cold_cache)
            row = [sample.stem, f"{ours * 1000:.0f}", f"{cold * 1000:.0f}"]
            if pandoc:
                theirs = median_time([pandoc, "-f", "markdown", "-t", "epub", "-o",
                                      str(t / "p.epub"), str(sample)], runs)
                row += [f"{theirs * 1000:.0f}", f"{ours / theirs:.2f}"]
            else:
                row += ["skipped", "-"]
            if calibre:
                cal = median_time([calibre, str(sample), str(t / "c.epub"),
                                   "--enable-heuristics"], max(1, runs // 2))
                row += [f"{cal * 1000:.0f}", f"{ours / cal:.2f}"]
            else:
                row += ["skipped", "-"]
            rows.append(row)
    table(["sample", "bookmaker", "cold", "pandoc", "bm/pandoc", "calibre", "bm/calibre"], rows)
    print("## EPUB, in process (bench/epub_bench.py)")
    subprocess.run([PY, "-c", "import sys; sys.path[:0] = ['bench', '.']; "
                    "import epub_bench; epub_bench.in_process(5)"], cwd=ROOT, env=ENV)
    print()


def pdf() -> None:
    print("## PDF: bookmaker vs raw WeasyPrint on the same HTML (bench/pdf_bench.py); "
          "target: overhead <= 15 %")
    subprocess.run([PY, str(BENCH / "pdf_bench.py"), "--quick"], cwd=ROOT, env=ENV)
    print()


_STAGE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from bookmaker.bind import single_book
from bookmaker.load import load_story
t0, c0 = time.perf_counter(), time.process_time()
story = load_story(sys.argv[2])
parse, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
from bookmaker.model import BookOptions
book = single_book(story, BookOptions(style="classic", trim="digest"))
t0, c0 = time.perf_counter(), time.process_time()
if sys.argv[3] == "epub":
    from bookmaker.render.epub import render_epub
    data = render_epub(book)
elif sys.argv[3] == "pdf":
    from bookmaker.render.pdf import render_pdf
    data = render_pdf(book)
else:
    data = b""
print(json.dumps({"parse": parse, "parse_cpu": parse_cpu, "render": time.perf_counter() - t0,
                  "render_cpu": time.process_time() - c0, "bytes": len(data),
                  "words": story.word_count}))
"""


def scaling(sizes: list[int]) -> None:
    print("## Scaling: generated stories, each stage in a fresh process; "
          "target: linear, 500k words PDF < 120 s and < 1.5 GB")
    print("(stage s: wall clock; cpu s: the stage's CPU time, which per-word figures use "
          "because a shared machine's load disturbs it least)")
    rows, per_word = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for words in sizes:
            path = Path(tmp) / f"gen{words}.txt"
            path.write_text(generated_story(words, f"Generated {words}"), encoding="utf-8")
            for stage in ("parse", "epub", "pdf"):
                wall, peak, out = run_child([PY, "-c", _STAGE, str(ROOT), str(path), stage])
                r = json.loads(out.strip().splitlines()[-1])
                key = "parse" if stage == "parse" else "render"
                secs, cpu = r[key], r[f"{key}_cpu"]
                per_word[(stage, words)] = cpu / r["words"] * 1e6
                rows.append([f"{words:,} words", stage, f"{r['words']:,}", f"{secs:.2f}",
                             f"{cpu:.2f}", f"{wall:.2f}", f"{peak:.0f}",
                             f"{cpu / r['words'] * 1e6:.1f}", f"{peak / (r['words'] / 1e3):.2f}"])
                print(f"  {words:,} {stage}: {secs:.2f} s ({cpu:.2f} s CPU), {peak:.0f} MB, "
                      f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    table(["story", "stage", "words", "stage s", "cpu s", "process s", "peak MB",
           "µs/word (cpu)", "MB/1k words"], rows)
    ordered = sorted(sizes)
    for stage in ("parse", "epub", "pdf"):
        for small in ordered[:-1]:
            ratio = per_word[(stage, ordered[-1])] / per_word[(stage, small)]
            print(f"{stage}: CPU time per word at {ordered[-1]:,} / at {small:,} words = "
                  f"{ratio:.2f} ({'linear' if ratio < 1.5 else 'SUPERLINEAR'})")
    print()


def batch(count: int) -> None:
    print(f"## Batch: {count} generated stories, EPUB only (whole process); "
          "target: >= 50 EPUBs/s with 2 jobs, no-change rebuild < 1 s; covers drawn (cold cache)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "stories").mkdir()
        for i in range(count):
            words = 800 + (i * 137) % 2500
            (t / "stories" / f"s{i:03d}.txt").write_text(
                generated_story(words, f"Story Number {i}", seed=i, chapter_words=1200),
                encoding="utf-8")
        stories = sorted(str(p) for p in (t / "stories").glob("*.txt"))
        for jobs in ("1", "2"):
            wall, _, _ = run_child([*BOOKMAKER, "-q", "build", "-f", "epub", "--force",
                                    "--jobs", jobs, "-o", f"out{jobs}", *stories], cwd=t,
                                   env=cold_cache())
            rows.append([f"--jobs {jobs}, everything built", f"{wall:.2f}",
                         f"{count / wall:.1f}"])
        wall, _, out = run_child([*BOOKMAKER, "build", "-f", "epub", "--jobs", "2", "-o", "out2",
                                  *stories], cwd=t)
        skipped = out.count("up to date: ")
        rows.append([f"--jobs 2, nothing changed ({skipped} up to date)", f"{wall:.2f}",
                     f"{count / wall:.0f}"])
    table(["run", "seconds", "books/s"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append",
                        choices=["startup", "epub", "pdf", "scaling", "batch"])
    parser.add_argument("--quick", action="store_true", help="skip the 500k-word story")
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per median")
    args = parser.parse_args(argv)
    only = set(args.only or ["startup", "epub", "pdf", "scaling", "batch"])
    print(f"bookmaker benchmarks — {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    warm_bytecode()
    if "startup" in only:
        startup(args.runs)
    if "epub" in only:
        epub(args.runs)
    if "pdf" in only:
        pdf()
    if "scaling" in only:
        scaling([10_000, 100_000] if args.quick else [10_000, 100_000, 500_000])
    if "batch" in only:
        batch(200)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(_SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
