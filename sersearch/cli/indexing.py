"""``index``: bring the index up to date with folders of documents."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from sersearch.cli.options import (
    index_option,
    user_errors,
)
from sersearch.errors import SersearchError
from sersearch.ocr import DEFAULT_LANGUAGES, OcrSettings


def ocr_settings(languages: str, *, enabled: bool) -> OcrSettings:
    """The OCR settings of the options; languages Tesseract lacks are a usage error."""
    from sersearch.ocr import missing_languages, tesseract_version

    languages = languages.strip()
    if not re.fullmatch(r"[A-Za-z_]+(\+[A-Za-z_]+)*", languages):
        raise click.BadParameter(
            "give Tesseract language codes joined by '+'", param_hint="--ocr-lang"
        )
    settings = OcrSettings(enabled=enabled, languages=languages)
    if enabled and tesseract_version(settings.tesseract) is not None:
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
    help="Start the index over (the extraction and OCR caches are kept).",
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
@click.option(
    "--ocr-lang",
    default=DEFAULT_LANGUAGES,
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
    ocr_lang: str,
    no_ocr: bool,
    index_dir: Path | None,
) -> None:
    """Add new and changed files to the index and drop removed ones.

    PATHS are files or folders (PDF and plain-text files; default: the bundled
    corpus or $SERSEARCH_CORPUS). Unchanged files (same content) are not read
    again. A file that cannot be read is skipped with a reason; the exit code is
    1 when any file was skipped.

    Pages without a usable text layer (scans) are read by OCR when Tesseract is
    installed (apt-get install tesseract-ocr tesseract-ocr-nld); each page is read
    once and cached.

    \b
    Examples:
      sersearch index
      sersearch index ~/adviezen new-letter.txt
      sersearch index --rebuild
      sersearch index --ocr-lang nld+eng+deu scans/
      sersearch index --no-ocr ~/woo-release
    """
    from sersearch import render
    from sersearch.index import update_index
    from sersearch.settings import default_corpus_paths, default_index_dir

    chosen = list(paths) or default_corpus_paths()
    if not chosen:
        raise SersearchError("no files to index: give PATH arguments or set $SERSEARCH_CORPUS")
    ocr = ocr_settings(ocr_lang, enabled=not no_ocr)
    console = render.stderr()
    with render.progress_bar(console) as hook:
        report = update_index(
            index_dir or default_index_dir(),
            chosen,
            rebuild=rebuild,
            workers=workers,
            wait_seconds=wait_seconds,
            progress=hook,
            ocr=ocr,
        )
    render.print_report(console, report)
    if not report.ok:
        sys.exit(1)
