"""All of bookmaker's benchmarks, as tables: ``make bench`` or ``.venv/bin/python bench/run.py``.

Sections (each can be picked with ``--only NAME``; ``--quick`` skips the 500k-word book
and the instruction counts):

* ``startup``: import time and whole-process time of ``--help``, ``inspect``;
* ``epub``: per sample, whole-process ``bookmaker build --format epub`` beside
  ``pandoc -f markdown -t epub`` and calibre's ``ebook-convert --enable-heuristics``
  (a missing peer is skipped), run in alternating rounds, then in-process build time
  (``bench/epub_bench.py``);
* ``pdf``: bookmaker's PDF beside raw WeasyPrint on the same HTML (``bench/pdf_bench.py``),
  timed, then (where valgrind is installed) counted in instructions, which the machine's
  load does not change (about ten minutes; ``--quick`` skips the counts);
* ``scaling``: generated 10k/100k/500k-word stories: parse, EPUB and PDF time and
  peak memory, each in a fresh process (peak from ``wait4``'s rusage), with the
  per-word ratios that show whether the curve is linear;
* ``batch``: 40 generated stories in one command beside pandoc run once per story
  (alternating rounds), then 200 stories, ``--jobs 1`` and ``--jobs 2``, EPUB only,
  and a second run with nothing changed.

Comparisons run in alternating rounds (ours, then each peer, then ours again …) and
print the median with the spread (min–max) of every side; the load average is
printed before and after, since the machine may be shared. Ratios are the figures
to read. Targets are printed beside results.

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


Step = Callable[[], float]
"""One timed thing to run: returns its wall seconds (a command, or a loop of them)."""


def command(cmd: list[str], cwd: Path | None = None,
            env: Callable[[], dict[str, str]] | None = None) -> Step:
    return lambda: run_child(cmd, cwd, env() if env else None)[0]


def alternating(steps: dict[str, Step], rounds: int) -> dict[str, list[float]]:
    """Run each step once per round, in turn, ``rounds`` times.

    Alternating keeps a change in the machine's load (another build, a cron job) from
    landing on one side of a comparison only; every side is then read as a median.
    """
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            times[name].append(step())
    return times


def spread(times: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    """``median (min–max)`` of ``times``, scaled (ms by default)."""
    med, lo, hi = (f"{x * scale:.{digits}f}" for x in
                   (statistics.median(times), min(times), max(times)))
    return f"{med} ({lo}–{hi})"


def ratio(ours: list[float], theirs: list[float]) -> str:
    return f"{statistics.median(ours) / statistics.median(theirs):.2f}"


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} cores"


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
    proc = subprocess.run([PY, "-X", "importtime", "-c",  # as the command loads it
                           "from bookmaker.command import start; start()"],
                          capture_output=True, text=True, env=ENV)
    top = sum(int(ln.split("|")[1]) for ln in proc.stderr.splitlines()  # top-level imports
              if ln.count("|") == 2 and ln.split("|")[1].strip().isdigit()
              and not ln.split("|")[2].startswith("  "))
    base = median_time([PY, "-c", "pass"], runs)
    rows = [["python -c pass", f"{base * 1000:.0f}", ""],
            ["the command's imports up to its command line (importtime)",
             f"{top / 1000:.0f}", "bookmaker.command.start()"]]
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
    print(f"## EPUB, whole process per sample (ms: median (min–max) of {runs} alternating "
          "rounds); target: bookmaker <= pandoc over the five samples")
    print("(each round runs bookmaker, then pandoc, then calibre if installed, on the same file; "
          "bookmaker's generated cover comes from the cover cache, as on a rebuild)")
    print(load_note())
    pandoc, calibre = shutil.which("pandoc"), shutil.which("ebook-convert")
    rows, sums = [], {"bookmaker": 0.0, "pandoc": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for sample in SAMPLES:
            ours = [*BOOKMAKER, "-q", "build", "--format", "epub", "--jobs", "1", "--force",
                    "-o", str(t), str(sample)]
            run_child(ours, cwd=t)  # draws the cover into the (warm) cache
            steps = {"bookmaker": command(ours, cwd=t)}
            if pandoc:
                steps["pandoc"] = command([pandoc, "-f", "markdown", "-t", "epub", "-o",
                                           str(t / "p.epub"), str(sample)])
            if calibre:
                steps["calibre"] = command([calibre, str(sample), str(t / "c.epub"),
                                            "--enable-heuristics"])
            times = alternating(steps, runs)
            row = [sample.stem, spread(times["bookmaker"])]
            sums["bookmaker"] += statistics.median(times["bookmaker"])
            if "pandoc" in times:
                sums["pandoc"] += statistics.median(times["pandoc"])
                row += [spread(times["pandoc"]), ratio(times["bookmaker"], times["pandoc"])]
            else:
                row += ["skipped", "-"]
            if "calibre" in times:
                row += [spread(times["calibre"]), ratio(times["bookmaker"], times["calibre"])]
            else:
                row += ["skipped", "-"]
            rows.append(row)
    if pandoc:
        rows.append(["all five (sum of medians)", f"{sums['bookmaker'] * 1000:.0f}",
                     f"{sums['pandoc'] * 1000:.0f}", f"{sums['bookmaker'] / sums['pandoc']:.2f}",
                     "", ""])
    table(["sample", "bookmaker", "pandoc", "bm/pandoc", "calibre", "bm/calibre"], rows)
    print(load_note(), "(after)\n")
    print("## EPUB, in process (bench/epub_bench.py)")
    subprocess.run([PY, "-c", "import sys; sys.path[:0] = ['bench', '.']; "
                    "import epub_bench; epub_bench.in_process(5)"], cwd=ROOT, env=ENV)
    print()


def pdf(count: bool) -> None:
    print("## PDF: bookmaker vs raw WeasyPrint on the same HTML (bench/pdf_bench.py); "
          "target: overhead <= 5 %")
    subprocess.run([PY, str(BENCH / "pdf_bench.py"), "--quick"], cwd=ROOT, env=ENV)
    print()
    if count:
        print("## PDF in instructions (callgrind): bookmaker vs raw WeasyPrint, the same "
              "renders counted instead of timed; target: overhead <= 5 %")
        subprocess.run([PY, str(BENCH / "pdf_bench.py"), "--instructions"], cwd=ROOT,
                       env=ENV)
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


def write_stories(folder: Path, count: int) -> list[str]:
    """``count`` generated stories of 800–3,300 words in ``folder``; their paths."""
    folder.mkdir()
    for i in range(count):
        words = 800 + (i * 137) % 2500
        (folder / f"s{i:03d}.txt").write_text(
            generated_story(words, f"Story Number {i}", seed=i, chapter_words=1200),
            encoding="utf-8")
    return sorted(str(p) for p in folder.glob("*.txt"))


def against_pandoc(count: int, runs: int) -> None:
    """A fan's folder of stories in one command beside pandoc run once per story."""
    pandoc = shutil.which("pandoc")
    print(f"## Batch against pandoc: {count} generated stories, EPUB (s: median (min–max) of "
          f"{runs} alternating rounds); target: bookmaker <= 0.12 x pandoc once per story")
    if not pandoc:
        print("pandoc is not installed: skipped\n")
        return
    print(load_note())
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        stories = write_stories(t / "stories", count)
        ours = [*BOOKMAKER, "-q", "build", "-f", "epub", "--force", "-o", "out", *stories]
        run_child(ours, cwd=t)  # covers drawn into the cache, as on a second run

        def pandoc_each() -> float:
            return sum(run_child([pandoc, "-f", "markdown", "-t", "epub", "-o",
                                  str(t / "p.epub"), s])[0] for s in stories)

        steps = {"jobs 1": command([*ours[:5], "--jobs", "1", *ours[5:]], cwd=t),
                 "jobs 2": command([*ours[:5], "--jobs", "2", *ours[5:]], cwd=t),
                 "pandoc": pandoc_each}
        times = alternating(steps, runs)
    rows = [[f"bookmaker, one command, --jobs {n}", spread(times[f"jobs {n}"], 1, 2),
             ratio(times[f"jobs {n}"], times["pandoc"])] for n in (1, 2)]
    rows.append([f"pandoc, once per story ({count} processes)", spread(times["pandoc"], 1, 2),
                 "1.00"])
    table(["run", "seconds", "x pandoc"], rows)
    print(load_note(), "(after)\n")


def batch(count: int) -> None:
    print(f"## Batch: {count} generated stories, EPUB only (whole process); "
          "target: >= 50 EPUBs/s with 2 jobs, no-change rebuild < 1 s; covers drawn (cold cache)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        stories = write_stories(t / "stories", count)
        envs = {jobs: cold_cache() for jobs in ("1", "2")}
        for jobs, env in envs.items():
            wall, _, _ = run_child([*BOOKMAKER, "-q", "build", "-f", "epub", "--force",
                                    "--jobs", jobs, "-o", f"out{jobs}", *stories], cwd=t,
                                   env=env)
            rows.append([f"--jobs {jobs}, everything built", f"{wall:.2f}",
                         f"{count / wall:.1f}"])
        # The same cache folder as the --jobs 2 run: its record is what makes books up to date.
        wall, _, out = run_child([*BOOKMAKER, "build", "-f", "epub", "--jobs", "2", "-o", "out2",
                                  *stories], cwd=t, env=envs["2"])
        skipped = out.count("up to date: ")
        rows.append([f"--jobs 2, nothing changed ({skipped} up to date)", f"{wall:.2f}",
                     f"{count / wall:.0f}"])
    table(["run", "seconds", "books/s"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append",
                        choices=["startup", "epub", "pdf", "scaling", "batch"])
    parser.add_argument("--quick", action="store_true",
                        help="skip the 500k-word story and the PDF instruction counts")
    parser.add_argument("-n", "--runs", type=int, default=7,
                        help="rounds per median (at least 5)")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs: at least 5 rounds, for a median and a spread worth reading")
    only = set(args.only or ["startup", "epub", "pdf", "scaling", "batch"])
    print(f"bookmaker benchmarks — {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    warm_bytecode()
    if "startup" in only:
        startup(args.runs)
    if "epub" in only:
        epub(args.runs)
    if "pdf" in only:
        pdf(count=not args.quick)
    if "scaling" in only:
        scaling([10_000, 100_000] if args.quick else [10_000, 100_000, 500_000])
    if "batch" in only:
        against_pandoc(40, args.runs)
        batch(200)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(_SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
