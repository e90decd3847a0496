"""Command-line interface: a thin layer over assemble, build and inspect.

Library errors become one ``Error: …`` line and their exit code here, and only here.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bookmaker import __version__
from bookmaker.errors import BookmakerError
from bookmaker.report import SafeFormatter, say

if TYPE_CHECKING:
    from bookmaker.settings.overrides import Overrides

__all__ = ["main"]

log = logging.getLogger("bookmaker")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into ``Error: …`` and an exit code; never a traceback."""
    try:
        yield
    except BookmakerError as exc:
        say(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        say("Error: interrupted", err=True)
        sys.exit(130)
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except Exception as exc:  # a bug: still one line, with a pointer to -v
        log.debug("internal error", exc_info=True)
        say(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(run with -v for details and report it)", err=True)
        sys.exit(70)


def _split_formats(value: str) -> list[str]:
    from bookmaker.settings.options import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated)")
    return list(dict.fromkeys(formats))  # each once: epub,epub builds one EPUB


def _checked_look(trim: str | None, style: str | None) -> tuple[str | None, str | None]:
    """``--trim`` and ``--style`` checked before any book is planned or written."""
    from bookmaker.settings.options import check_style, check_trim

    if trim is not None:
        check_trim(trim, key="--trim")
    if style is not None:
        style = check_style(style, key="--style", root=Path("."))
    return trim, style


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bookmaker")
@click.option("-v", "--verbose", count=True, help="Show more detail (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Compile raw story texts into EPUB ebooks and print-ready PDFs.

    \b
    Typical use:
      bookmaker inspect story.txt          show the structure bookmaker found
      bookmaker build story.txt            write out/story.epub and out/story.pdf
      bookmaker anthology a.txt b.txt -t "Title"   bind stories into one book
      bookmaker new myproject              start a project (bookmaker.toml)
      bookmaker build                      build the project in this folder
    """
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    level = logging.ERROR if quiet else levels[min(verbose, 2)]
    _logging(level, verbose)


_LIBRARIES = ("weasyprint", "fontTools", "PIL", "distributed", "dask")
"""Loggers of libraries whose warnings and notes (WeasyPrint's font subsetting, a Dask
cluster's start-up lines) are not the user's business in a normal build; ``-v`` shows them."""


def _logging(level: int, verbose: int) -> None:
    """One stderr handler with escaped messages; library warnings only with ``-v``."""
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.raiseExceptions = False  # a closed stderr must not print logging tracebacks
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:  # ours, not a test harness's
            handler.setFormatter(SafeFormatter("%(levelname)s: %(message)s"))
    for name in _LIBRARIES:
        logging.getLogger(name).setLevel(level if verbose else max(level, logging.ERROR))


def _metadata_options(func, *, title: bool = True, cover: bool = True):
    """Metadata flags: they win over the sidecar, the project's defaults and the text."""
    if cover:
        func = click.option("--cover", "meta_cover", default=None, metavar="IMAGE",
                            help="Cover image (PNG, JPEG or GIF) of the book, over the "
                                 "sidecar's.")(func)
    func = click.option("--language", "meta_language", default=None, metavar="TAG",
                        help="Language as a BCP 47 tag (en, fr, pt-BR), over the sidecar's "
                             "and the detected one.")(func)
    func = click.option("--series-index", "meta_series_index", type=click.IntRange(min=1),
                        default=None, metavar="N", help="The story's place in its series.")(func)
    func = click.option("--series", "meta_series", default=None, metavar="NAME",
                        help="Series name, over the sidecar's and the project's.")(func)
    if title:
        func = click.option("--title", "meta_title", default=None,
                            help="The book's title, over the detected one (one STORY "
                                 "only).")(func)
    func = click.option("--author", "meta_authors", multiple=True, metavar="NAME",
                        help="Author (repeat for several), over the sidecar's, the project's "
                             "and the text's.")(func)
    return func


def _flags(params: dict) -> Overrides:
    """The metadata flags among a command's ``params``, checked."""
    from bookmaker.settings.overrides import Overrides, check_overrides

    return check_overrides(Overrides(
        title=params.get("meta_title"), authors=tuple(params.get("meta_authors") or ()),
        series=params.get("meta_series"), series_index=params.get("meta_series_index"),
        language=params.get("meta_language"), cover=params.get("meta_cover"),
        source="flag"))


@cli.command()
@click.argument("story", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed model as JSON.")
@click.option("--no-typography", is_flag=True, help="Show the text before typography rules.")
@_metadata_options
def inspect(story: Path, as_json: bool, no_typography: bool, **meta: Any) -> None:
    """Show the structure found in STORY and why each decision was made.

    The metadata flags, the sidecar and ./bookmaker.toml's [defaults] are applied as
    `build` applies them, each shown with where it came from.
    """
    from bookmaker.build.plan import metadata_layers
    from bookmaker.explain import format_tree
    from bookmaker.load import load_story
    from bookmaker.settings.project import Defaults

    with _errors():
        flags = _flags(meta)
        project = _project_here(None)
        layers = metadata_layers(project.defaults if project else Defaults(), flags)
        parsed = load_story(story, typography=not no_typography, layers=layers)
        if as_json:
            import json

            say(json.dumps(parsed.as_dict(), ensure_ascii=False, indent=2))
        else:
            say(format_tree(parsed))


_TRIM_HELP = ("PDF page size: pocket, digest, trade, a5, a4, letter, or WxH in inches or "
              "with units (e.g. 6x9, 148x210mm). Default: the project's, else digest.")
_STYLE_HELP = ("Theme: classic or large-print, or a CSS file. A theme styles the PDF and "
               "the print HTML, and the EPUB where it has an EPUB sheet (large-print: larger "
               "type and leading, in relative sizes the reader can still change); a CSS file "
               "styles print only. A bad value stops every build. Default: the project's, "
               "else classic.")


def _print_options(func):
    """Print-on-demand options shared by ``build`` and ``anthology``."""
    func = click.option("--icc-profile", default=None, metavar="FILE",
                        help="CMYK ICC profile of the printer, the output intent of a PDF/X "
                             "(default: one the system has, e.g. Ghostscript's).")(func)
    func = click.option("--paper", default=None,
                        help="Paper: white or cream (sets the wrap cover's spine). "
                             "Default: white.")(func)
    func = click.option("--preset", default=None, metavar="SERVICE",
                        help="Print-on-demand rules: kdp or lulu (their 6x9 trim unless "
                             "--trim is given, page-limit warnings).")(func)
    func = click.option("--pdf-variant", default=None,
                        help="PDF standard: pdf/x-4, pdf/x-3, pdf/x-1a (text in pure black), "
                             "pdf/a-2b or pdf/a-3b.")(func)
    func = click.option("--bleed", is_flag=True,
                        help="Extend each PDF page 0.125 in past the trim on the outer sides "
                             "(the page's trim box stays the trim).")(func)
    return func


def _printing(jobs: list, bleed: bool, pdf_variant: str | None, preset: str | None,
              paper: str | None, icc_profile: str | None = None) -> list:
    """``jobs`` with the print-on-demand flags applied to each book's options."""
    from dataclasses import replace

    from bookmaker.errors import ConfigError
    from bookmaker.settings.options import check_paper, check_pdf_variant, check_service

    changes: dict[str, str] = {}
    if bleed:
        changes["bleed"] = "0.125in"
    if pdf_variant is not None:
        changes["pdf_variant"] = check_pdf_variant(pdf_variant, key="--pdf-variant")
    if preset is not None:
        changes["service"] = check_service(preset, key="--preset")
    if paper is not None:
        changes["paper"] = check_paper(paper, key="--paper")
    if icc_profile is not None:
        if not Path(icc_profile).is_file():
            raise ConfigError(f"--icc-profile: {icc_profile} is not a file",
                              hint="give the printer's CMYK .icc file")
        changes["icc_profile"] = str(Path(icc_profile).resolve())
    if not changes:
        return jobs
    return [replace(j, options=replace(j.options, **changes)) for j in jobs]


_FORMATS_HELP = "Comma-separated formats. Default: the project's, else epub,pdf."


class _FormatsOption(click.Option):
    """``--format``, whose help lists every format on a line of its own; the list is read
    from :mod:`bookmaker.settings.options` only when help is shown (start-up stays light)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from bookmaker.settings.options import formats_help

        self.help = f"{_FORMATS_HELP}\n\n{formats_help()}"
        return super().get_help_record(ctx)


def _output_options(func):
    """Options shared by ``build`` and ``anthology``."""
    func = _print_options(func)
    func = click.option("--proof", is_flag=True,
                        help="Also write OUTPUT/<slug>-proof.png, a contact sheet of the PDF's "
                             "first pages.")(func)
    func = click.option("--style", default=None, help=_STYLE_HELP)(func)
    func = click.option("--trim", default=None, help=_TRIM_HELP)(func)
    func = click.option("-f", "--format", "formats", default=None, cls=_FormatsOption,
                        help=_FORMATS_HELP)(func)
    func = click.option("-o", "--output", "out_dir", default=None,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Folder to write books into. Default: the project's, else out.")(func)
    return func


def _project_here(project_file: Path | None, allow_outside: bool = False):
    """The project file given, or the nearest bookmaker.toml here or above (like git),
    loaded; ``None`` when there is none."""
    from bookmaker.settings.project import find_project, load_project

    path = project_file or find_project(".", upwards=True)
    return load_project(path, allow_outside=allow_outside) if path else None


def _run_jobs(jobs, out_dir: Path, *, workers: int | None = None, scheduler: str | None = None,
              force: bool = False) -> None:
    """Build ``jobs``: a progress bar on a terminal and a line per book; non-zero exit on failure.

    Books are built by ``workers`` processes (or on a Dask cluster with ``scheduler``);
    a book the build cache finds unchanged is reported ``up to date`` unless ``force``.
    """
    from contextlib import ExitStack

    from bookmaker.build.run import default_jobs, run_parallel
    from bookmaker.report import Progress, showing_stages, summary_table

    quiet = bool(click.get_current_context().find_root().params.get("quiet"))
    terminal = not quiet and sys.stderr.isatty()
    # stages within a book (read, layout, page 40…) only when it is built in this process
    in_process = scheduler is None and (len(jobs) == 1 or (workers or default_jobs()) == 1)
    progress = Progress(len(jobs)) if terminal and (len(jobs) > 1 or in_process) else None
    stages = ExitStack()
    if progress and in_process:
        stages.enter_context(showing_stages(progress.stage))
    results = []
    try:
        for result in run_parallel(jobs, out_dir, workers=workers, scheduler=scheduler,
                                   force=force, on_done=progress.advance if progress else None):
            results.append(result)
            if progress:
                progress.clear()
            if result.note and not quiet:
                say(f"note: {result.note}", err=True)
            if result.error is not None:
                say(f"Error: {result.error}", err=True)
            elif not quiet:
                for f in result.files:
                    if result.up_to_date:
                        say(f"up to date: {f.path}")
                    else:
                        say(f"wrote {f.path} ({f.size:,} bytes)")
            if progress:
                progress.draw()
    finally:
        stages.close()
        if progress:
            progress.clear()
    failed = [r for r in results if not r.ok]
    if not quiet and any(r.ok for r in results):
        say(summary_table(results, out_dir))
    if failed:
        if len(results) > 1:
            say(f"Error: {len(failed)} of {len(results)} books failed", err=True)
        assert failed[0].error is not None
        sys.exit(failed[0].error.exit_code)


def _quiet() -> bool:
    return bool(click.get_current_context().find_root().params.get("quiet"))


def _story_arguments(paths: tuple[Path, ...], *, quiet: bool) -> list[Path]:
    """The story files among ``paths`` (folders opened); a note for what is passed over."""
    from bookmaker.build.plan import story_files

    stories, skipped = story_files(paths)
    if skipped and not quiet:
        names = ", ".join(str(p) for p in skipped[:5]) + (" …" if len(skipped) > 5 else "")
        say(f"skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} that "
            f"{'are' if len(skipped) != 1 else 'is'} not a story: {names}", err=True)
    if not stories:
        raise click.UsageError("no story files among the paths given (stories end in "
                               ".txt .md .markdown .html .htm .docx .epub)")
    return stories


def _jobs_option(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("give at least 1")
    return value


@cli.command()
@click.argument("stories", nargs=-1, type=click.Path(path_type=Path))
@_output_options
@click.option("--project", "project_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Project file to build (default: ./bookmaker.toml).")
@click.option("-j", "--jobs", "workers", type=int, default=None,
              callback=lambda _c, _p, v: _jobs_option(v),
              help="Books to build at once: N - 1 worker processes and this one. Default: "
                   "the number of cores.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Build on a Dask cluster: tcp://HOST:PORT of a `dask scheduler`, or 'local' "
                   "for one on this machine. Workers must see the same paths.")
@click.option("--force", is_flag=True, help="Rebuild books even when they are up to date.")
@click.option("--allow-outside", is_flag=True,
              help="Let the project file name stories, covers, styles and folders outside its "
                   "own folder (refused by default: see the README's security notes).")
@click.option("--name-from", type=click.Choice(["file", "title"]), default="file",
              show_default=True,
              help="Name a single book's files after the story file (two stories with one "
                   "title keep apart) or after its title (transliterated to ASCII). A name "
                   "another book has taken gets a suffix (-2), and says so.")
@_metadata_options
def build(stories: tuple[Path, ...], out_dir: Path | None, formats: str | None, trim: str | None,
          style: str | None, proof: bool, project_file: Path | None, workers: int | None,
          scheduler: str | None, force: bool, allow_outside: bool, bleed: bool = False,
          pdf_variant: str | None = None, preset: str | None = None,
          paper: str | None = None, icc_profile: str | None = None, name_from: str = "file",
          **meta: Any) -> None:
    """Build each STORY into OUTPUT/<name>.<format>.

    A STORY may be a folder: its story files (.txt .md .markdown .html .htm .docx .epub)
    are built, never the sidecars beside them; so are only story files among several
    paths (`bookmaker build dir/*`). With no STORY, build the project in this
    folder: every story and anthology of ./bookmaker.toml, or every stories/*.txt
    when there is no project file.
    Each output file is written atomically; a book that fails does not stop the
    others. Books whose inputs, options, styles and templates are unchanged since
    the last build are not rebuilt (see --force).
    """
    from bookmaker.build.plan import project_jobs, single_jobs
    from bookmaker.settings.project import Defaults, implied_project

    fmts = _split_formats(formats) if formats else []
    with _errors():
        trim, style = _checked_look(trim, style)
        flags = _flags(meta)
        if flags.title is not None and not stories:
            raise click.UsageError("--title names one book: give exactly one STORY")
        project = _project_here(project_file, allow_outside)
        if stories:
            defaults = project.defaults if project else Defaults()
            found = _story_arguments(stories, quiet=_quiet())
            if flags.title is not None and len(found) != 1:
                raise click.UsageError("--title names one book: give exactly one STORY")
            jobs = single_jobs(found, defaults, formats=fmts, style=style, trim=trim,
                               proof=proof, flags=flags, name_from=name_from)
            out = out_dir or (project.output if project else Path(defaults.output))
        else:
            if project is None:
                project = implied_project(".", allow_outside=allow_outside)
                if not project.stories:
                    raise click.UsageError(
                        "give STORY files, or run where a bookmaker.toml (here or above) or a "
                        "stories/ folder is (`bookmaker new DIR` creates one)")
            jobs = project_jobs(project, formats=fmts, style=style, trim=trim, proof=proof,
                                flags=flags, name_from=name_from)
            if not jobs:
                raise click.UsageError(f"{project.path}: no stories and no anthologies to build")
            out = out_dir or project.output
        jobs = _printing(jobs, bleed, pdf_variant, preset, paper, icc_profile)
        _run_jobs(jobs, out, workers=workers, scheduler=scheduler, force=force)


@cli.command()
@click.argument("stories", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-t", "--title", required=True, help="The anthology's title.")
@click.option("--subtitle", default="", help="Subtitle shown under the title.")
@click.option("--editor", default="", help="Editor, shown instead of the authors.")
@click.option("--description", default="", help="Description (a line per story is added).")
@click.option("--cover", type=click.Path(dir_okay=False, path_type=Path),
              help="Cover image (PNG, JPEG or GIF); generated when absent.")
@click.option("--file", "stem", default=None, help="Output file stem (default: from the title).")
@_output_options
@click.option("--force", is_flag=True, help="Rebuild even when the anthology is up to date.")
@partial(_metadata_options, title=False, cover=False)
def anthology(stories: tuple[Path, ...], title: str, subtitle: str, editor: str,
              description: str, cover: Path | None, stem: str | None, out_dir: Path | None,
              formats: str | None, trim: str | None, style: str | None, proof: bool,
              force: bool, bleed: bool = False, pdf_variant: str | None = None,
              preset: str | None = None, paper: str | None = None,
              icc_profile: str | None = None, **meta: Any) -> None:
    """Bind the STORY files, in the order given, into one anthology.

    Writes OUTPUT/<slug>.epub and OUTPUT/<slug>.pdf; the style and trim apply
    to the whole volume; --author, --series and --series-index apply to each story,
    --language to the volume and each story.
    """
    from bookmaker.build.plan import anthology_job
    from bookmaker.errors import ConfigError
    from bookmaker.settings.options import book_language
    from bookmaker.settings.paths import check_stem
    from bookmaker.settings.project import Anthology, Defaults, check_cover

    fmts = _split_formats(formats) if formats else []
    with _errors():
        trim, style = _checked_look(trim, style)
        flags = _flags(meta)
        project = _project_here(None)
        defaults = project.defaults if project else Defaults()
        seen: dict[Path, Path] = {}
        for p in stories:
            if p.resolve() in seen:
                raise ConfigError(f"{p} is given twice", hint="each story may appear once")
            seen[p.resolve()] = p
        spec = Anthology(
            title=title, stories=stories, subtitle=subtitle, editor=editor,
            description=description,
            cover=(check_cover(str(cover), Path("."), "--cover", "anthology", allow_outside=True)
                   if cover else None),
            style=style or defaults.style, trim=trim or defaults.trim,
            language=book_language(flags.language, defaults.language),
            formats=tuple(fmts) or defaults.formats, file=check_stem(stem, "--file"),
        )
        if spec.cover is not None:
            from bookmaker.read.image import load_cover

            load_cover(spec.cover, key="--cover")  # decoded and verified before any writing
        job = anthology_job(spec, defaults, proof=proof, flags=flags)
        [job] = _printing([job], bleed, pdf_variant, preset, paper, icc_profile)
        _run_jobs([job], out_dir or (project.output if project else Path(defaults.output)),
                  force=force)


def _watch_planner(target: Path | None, formats: list[str], style: str | None,
                   trim: str | None, out_dir: Path | None):
    """What ``watch`` rebuilds: one story (with this folder's project defaults) or a project.

    Returns the planner (called on every change) and the paths watched even when it fails.
    """
    from bookmaker.build.plan import project_jobs, single_jobs
    from bookmaker.build.watch import Plan
    from bookmaker.errors import ConfigError, InputError
    from bookmaker.settings.project import (
        Defaults,
        find_project,
        implied_project,
        load_project,
    )

    if target is not None and not target.is_dir() and target.suffix != ".toml":
        if not target.is_file():
            raise InputError("no such story or project", path=target)
        here = find_project(".")

        def story() -> Plan:
            project = load_project(here) if here else None
            defaults = project.defaults if project else Defaults()
            jobs = single_jobs([target], defaults, formats=formats, style=style, trim=trim)
            out = out_dir or (project.output if project else Path(defaults.output))
            return Plan(tuple(jobs), out)

        return story, tuple(p for p in (here, target) if p)
    folder = target if target is not None and target.is_dir() else \
        (target.parent if target is not None else Path("."))
    found = target if target is not None and target.suffix == ".toml" else find_project(folder)
    if found is not None and not found.is_file():
        raise InputError("no such project file", path=found)

    def project() -> Plan:
        p = load_project(found) if found else implied_project(folder)
        jobs = project_jobs(p, formats=formats, style=style, trim=trim)
        if not jobs:
            raise ConfigError("no stories and no anthologies to build", path=found or folder,
                              hint="add stories, or give a STORY file")
        return Plan(tuple(jobs), out_dir or p.output, (folder / "stories",))

    return project, tuple(p for p in (found, folder / "stories") if p)


@cli.command()
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("-f", "--format", "formats", default=None,
              help="Comma-separated formats, as for build. Default: the project's, else "
                   "epub,pdf (-f epub rebuilds fastest).")
@click.option("-o", "--output", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write books into. Default: the project's, else out.")
@click.option("--style", default=None, help="Theme or CSS file, as for build.")
@click.option("--trim", default=None, help="PDF page size, as for build.")
@click.option("--interval", type=click.FloatRange(0.05, 60), default=0.3, show_default=True,
              help="Seconds between looks at the files.")
@click.option("--max-rounds", type=click.IntRange(1), default=None, hidden=True)
def watch(target: Path | None, formats: str | None, out_dir: Path | None, style: str | None,
          trim: str | None, interval: float, max_rounds: int | None) -> None:
    """Build TARGET, then rebuild it each time one of its files is saved.

    TARGET is a story file, a project file or a project folder (default: the
    project in this folder). Stories, sidecars, covers, styles, templates and
    the project file are watched; only books whose inputs changed are rebuilt,
    one line each with its time. A bad edit prints one Error line and the watch
    goes on. Stop with Ctrl-C.
    """
    from bookmaker.build.watch import watch as run_watch

    fmts = _split_formats(formats) if formats else []
    with _errors():
        trim, style = _checked_look(trim, style)
        planner, fixed = _watch_planner(target, fmts, style, trim, out_dir)
        quiet = bool(click.get_current_context().find_root().params.get("quiet"))
        if not quiet:
            say("watching (Ctrl-C stops)")

        def line(text: str, err: bool = False) -> None:
            if err or not quiet:
                say(text, err=err)

        try:
            run_watch(planner, fixed=fixed, interval=interval, rounds=max_rounds, say=line)
        except KeyboardInterrupt:  # Ctrl-C is how a watch ends
            if not quiet:
                say("watch stopped")


@cli.command("new")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def new(folder: Path) -> None:
    """Create a starter project in FOLDER (alias: init).

    Writes bookmaker.toml, stories/ with an example story, and copies of the
    templates/ and styles/ to edit. Then: cd FOLDER && bookmaker build
    """
    from bookmaker.scaffold import new_project
    from bookmaker.settings.project import PROJECT_FILE

    if (folder / PROJECT_FILE).exists():  # the user's choice of folder: a usage error
        raise click.UsageError(f"{folder / PROJECT_FILE} already exists: {folder} is a project "
                               "already (choose a new folder; nothing was changed)")
    with _errors():
        written = new_project(folder)
        say(f"created {folder}/ ({len(written)} files): bookmaker.toml, stories/, "
                   "templates/, styles/")
        say(f"next: cd {folder} && bookmaker build")


cli.add_command(click.Command("init", callback=new.callback, params=new.params,
                              help=new.help, hidden=True))  # the alias, not listed twice


@cli.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 to listen on. Default: a free one.")
@click.option("-o", "--output", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder the Build buttons write into. Default: the project's, else out.")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
def review(target: Path, port: int, out_dir: Path | None, no_browser: bool) -> None:
    """Check and correct the structure of TARGET (a story or a project) on a local page.

    Serves a page on 127.0.0.1 only, at an address with a secret token; each correction is
    written to the story's sidecar (STORY.toml). Stop with Ctrl-C.
    """
    from bookmaker.review.guard import new_token
    from bookmaker.review.run import review_of, serve
    from bookmaker.review.server import bind_socket

    with _errors():
        session = review_of(target, out_dir)
        try:
            sock = bind_socket(port)
        except OSError as exc:
            raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: "
                                   f"{exc.strerror or exc}") from None

        def ready(started) -> None:
            say(f"bookmaker review: {started.url}  (Ctrl-C stops)")
            if not no_browser:
                import webbrowser

                webbrowser.open(started.url)

        try:
            serve(session, sock, new_token(), ready)
        except KeyboardInterrupt:  # Ctrl-C is how a review ends
            say("review stopped")


_GLOBAL = re.compile(r"-q|--quiet|-v+|--verbose")
"""The group's own options, taken from anywhere on the command line."""


def hoist_globals(args: list[str]) -> list[str]:
    """``args`` with ``-q``/``-v`` moved before the subcommand (``build x.txt -v`` works);
    nothing after ``--`` is touched."""
    end = args.index("--") if "--" in args else len(args)
    found = [a for a in args[:end] if _GLOBAL.fullmatch(a)]
    rest = [a for a in args[:end] if not _GLOBAL.fullmatch(a)]
    return [*found, *rest, *args[end:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit status."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        cli.main(args=hoist_globals(args), prog_name="bookmaker", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        say("Error: aborted", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0
