"""``index``: bring the index up to date with folders of documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sersearch.cli.options import (
    index_option,
    user_errors,
)
from sersearch.errors import SersearchError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild", is_flag=True, help="Start the index over (the extraction cache is kept)."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for extraction (default: one per core).",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(0),
    default=0.0,
    help="Seconds to wait for another index run to finish.",
)
@index_option
@user_errors
def index(
    paths: tuple[Path, ...],
    rebuild: bool,
    workers: int | None,
    wait_seconds: float,
    index_dir: Path | None,
) -> None:
    """Add new and changed files to the index and drop removed ones.

    PATHS are files or folders (PDF and plain-text files; default: the bundled
    corpus or $SERSEARCH_CORPUS). Unchanged files (same content) are not read
    again. A file that cannot be read is skipped with a reason; the exit code is
    1 when any file was skipped.

    \b
    Examples:
      sersearch index
      sersearch index ~/adviezen new-letter.txt
      sersearch index --rebuild
    """
    from sersearch import render
    from sersearch.index import update_index
    from sersearch.settings import default_corpus_paths, default_index_dir

    chosen = list(paths) or default_corpus_paths()
    if not chosen:
        raise SersearchError("no files to index: give PATH arguments or set $SERSEARCH_CORPUS")
    console = render.stderr()
    with render.progress_bar(console) as hook:
        report = update_index(
            index_dir or default_index_dir(),
            chosen,
            rebuild=rebuild,
            workers=workers,
            wait_seconds=wait_seconds,
            progress=hook,
        )
    render.print_report(console, report)
    if not report.ok:
        sys.exit(1)
