"""Command-line interface: a thin layer over assemble, build and inspect.

Library errors become one ``Error: …`` line and their exit code here, and only here.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from bookmaker import __version__
from bookmaker.errors import BookmakerError

__all__ = ["main", "entry_point"]

log = logging.getLogger("bookmaker")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into ``Error: …`` and an exit code; never a traceback."""
    try:
        yield
    except BookmakerError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Error: interrupted", err=True)
        sys.exit(130)
    except (click.exceptions.Exit, click.ClickException, SystemExit):
        raise
    except Exception as exc:  # a bug: still one line, with a pointer to -v
        log.debug("internal error", exc_info=True)
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(run with -v for details and report it)", err=True)
        sys.exit(70)


def _split_formats(value: str) -> list[str]:
    from bookmaker.build import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated)")
    return formats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bookmaker")
@click.option("-v", "--verbose", count=True, help="Show more detail (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Compile raw story texts into EPUB ebooks and print-ready PDFs.

    \b
    Typical use:
      bookmaker inspect story.txt          show the structure bookmaker found
      bookmaker build story.txt            write out/<title>.epub and .pdf
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)


@cli.command()
@click.argument("story", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed model as JSON.")
@click.option("--no-typography", is_flag=True, help="Show the text before typography rules.")
def inspect(story: Path, as_json: bool, no_typography: bool) -> None:
    """Show the structure found in STORY and why each decision was made."""
    from bookmaker.assemble import load_story
    from bookmaker.inspect import format_tree

    with _errors():
        parsed = load_story(story, typography=not no_typography)
        if as_json:
            click.echo(json.dumps(parsed.as_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo(format_tree(parsed))


@cli.command()
@click.argument("stories", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write books into.")
@click.option("-f", "--format", "formats", default="epub,pdf", show_default=True,
              help="Comma-separated formats: epub, pdf, html.")
@click.option("--trim", default="digest", show_default=True,
              help="PDF page size: pocket, digest, trade, a5, a4, letter, or WxH with units "
                   "(e.g. 5x8in, 148x210mm).")
@click.option("--style", default="classic", show_default=True,
              help="Theme: classic or large-print (or a CSS file).")
@click.option("--proof", is_flag=True, help="Also write OUTPUT/<slug>-proof.png, a contact "
              "sheet of the PDF's first pages.")
def build(stories: tuple[Path, ...], out_dir: Path, formats: str, trim: str, style: str,
          proof: bool) -> None:
    """Build each STORY into OUTPUT/<slug>.<format>.

    Several stories build in one call; each output file is written atomically.
    """
    from bookmaker.assemble import load_story, single_book
    from bookmaker.build import build_book

    fmts = _split_formats(formats)
    with _errors():
        if not stories:
            stories = tuple(sorted(Path("stories").glob("*.txt")))
            if not stories:
                raise click.UsageError("give STORY files, or run where a stories/ folder is")
        for path in stories:
            book = single_book(load_story(path), {"trim": trim, "style": style, "proof": proof})
            for result in build_book(book, out_dir, fmts):
                click.echo(f"wrote {result.path} ({result.size:,} bytes)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit status."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="bookmaker",
                 standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Error: aborted", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
