"""``index``: bring the index up to date with folders of documents."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from sersearch.cli.options import (
    index_option,
    user_errors,
)
from sersearch.errors import SersearchError
from sersearch.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, FileLimits
from sersearch.settings import OCR_LANGUAGES
from sersearch.update import CommitCadence

if TYPE_CHECKING:
    from sersearch.ocr import OcrSettings


def ocr_settings(languages: str, *, enabled: bool) -> OcrSettings:
    """The OCR settings of the options; languages Tesseract lacks are a usage error."""
    from sersearch.ocr import OcrSettings, installed_languages, missing_languages

    languages = languages.strip()
    if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", languages):
        raise click.BadParameter(
            "give Tesseract language codes joined by '+'", param_hint="--ocr-lang"
        )
    settings = OcrSettings(enabled=enabled, languages=languages)
    if enabled and installed_languages(settings.tesseract) is not None:
        missing = missing_languages(languages, settings.tesseract)
        if missing:
            packages = " ".join(f"tesseract-ocr-{code.lower()}" for code in missing)
            raise click.BadParameter(
                f"Tesseract has no language data for {', '.join(missing)}: "
                f"install it (apt-get install {packages})",
                param_hint="--ocr-lang",
            )
    return settings


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build the index anew beside the current one, then switch (the extraction and "
    "OCR caches are kept; searches keep working meanwhile).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for extraction and embedding (default: one per core).",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(0),
    default=0.0,
    help="Seconds to wait for another index run to finish.",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(1),
    default=DEFAULT_SECONDS,
    show_default=True,
    help="Seconds one file may take (its OCR included); a file that takes longer is "
    "skipped with a reason.",
)
@click.option(
    "--file-memory",
    type=click.IntRange(64),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="Megabytes of memory one file may take; a file that needs more is skipped.",
)
@click.option(
    "--commit-every",
    type=click.IntRange(1),
    default=CommitCadence.documents,
    show_default=True,
    help="Commit after this many documents (or a minute): an interrupted run keeps them.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with code 1 when any file was skipped (default: 0 once the run completed).",
)
@click.option(
    "--ocr-lang",
    default=OCR_LANGUAGES,
    show_default=True,
    metavar="LANGS",
    help="Tesseract languages for scanned pages, joined by '+' (e.g. nld, nld+eng+deu).",
)
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned pages (they stay unsearchable).")
@index_option
@user_errors
def index(
    paths: tuple[Path, ...],
    rebuild: bool,
    workers: int | None,
    wait_seconds: float,
    file_timeout: float,
    file_memory: int,
    commit_every: int,
    strict: bool,
    ocr_lang: str,
    no_ocr: bool,
    index_dir: Path | None,
) -> None:
    """Add new and changed files to the index and drop removed ones.

    PATHS are files or folders (default: the bundled corpus or $SERSEARCH_CORPUS)
    of PDF, Word (.docx), OpenDocument (.odt), e-mail (.eml, each attachment
    indexed as a document of its own), web page (.html, .htm), Markdown (.md)
    and plain-text (.txt) files. Other files in the folders are listed as not
    indexed; hidden files and folders are passed over. Unchanged files (same
    content) are not read again. A file that cannot be read is skipped with a
    reason; the run still exits 0, unless --strict is given. Ctrl-C stops the
    run; what it committed is kept and the next run continues from there.
    `search --new` then searches what this run added or changed.

    Pages without a usable text layer (scans) are read by OCR when Tesseract is
    installed (apt-get install tesseract-ocr tesseract-ocr-nld); each page is read
    once and cached. With the semantic extra installed, new passage text is also
    embedded, in --workers processes, for --mode semantic/hybrid searches
    (SERSEARCH_EMBEDDINGS=off skips this).

    \b
    Examples:
      sersearch index
      sersearch index ~/adviezen new-letter.txt
      sersearch index ~/mail/woo-verzoek.eml notitie.docx
      sersearch index --rebuild
      sersearch index ~/woo-besluit --file-timeout 300
      sersearch index ~/adviezen --strict
      sersearch index --ocr-lang nld+eng+deu scans/
      sersearch index --no-ocr ~/woo-release
    """
    from sersearch import render
    from sersearch.settings import default_corpus_paths, default_index_dir
    from sersearch.update import update_index

    chosen = list(paths) or default_corpus_paths()
    if not chosen:
        raise SersearchError("no files to index: give PATH arguments or set $SERSEARCH_CORPUS")
    missing = [path for path in chosen if not os.path.lexists(path)]
    if missing and (rebuild or len(missing) == len(chosen)):
        # A mistyped path would otherwise leave an empty index (--rebuild) or do nothing.
        names = ", ".join(str(path) for path in missing)
        raise click.UsageError(f"no such file or folder: {names} (the index is unchanged)")
    ocr = ocr_settings(ocr_lang, enabled=not no_ocr)
    console = render.stderr()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    with render.progress_bar(console) as hook:
        report = update_index(
            index_dir or default_index_dir(),
            chosen,
            rebuild=rebuild,
            workers=workers,
            wait_seconds=wait_seconds,
            progress=hook,
            cadence=CommitCadence(documents=commit_every),
            limits=FileLimits(seconds=file_timeout, memory_mb=file_memory),
            ocr=ocr,
        )
    render.print_report(console, report)
    if strict and not report.ok:
        sys.exit(1)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM and Ctrl-C stop an index run (checked again where the run can stop,
    should Python have swallowed the exception)."""
    from sersearch.processes import request_stop

    request_stop()
