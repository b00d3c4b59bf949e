"""The ``sersearch`` command: a thin click layer over the library.

Exit codes: 0 success (also when nothing matches), 1 an error the user can fix,
2 a usage error.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sersearch import __version__
from sersearch.errors import SersearchError

if TYPE_CHECKING:
    from sersearch.search import SearchResult

F = TypeVar("F", bound=Callable[..., Any])
OUTPUT_FORMATS = ("auto", "text", "json", "jsonl", "csv", "md")


def index_option(command: F) -> F:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Index folder (default: $SERSEARCH_INDEX, else index/ in the checkout).",
    )(command)


def filter_options(command: F) -> F:
    options = [
        click.option(
            "--type",
            "doc_types",
            multiple=True,
            metavar="TYPE",
            help="Only this type (advies, brief, jaarverslag, persbericht, …); repeatable.",
        ),
        click.option(
            "--from", "date_from", metavar="DATE", help="Dated on or after (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--to", "date_to", metavar="DATE", help="Dated on or before (YYYY[-MM[-DD]])."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def expansion_options(command: F) -> F:
    """``--exact`` (no abbreviation or synonym expansion) and ``--synonyms FILE``."""
    options = [
        click.option(
            "--exact",
            is_flag=True,
            help="Match the words as typed: no abbreviation or synonym expansion.",
        ),
        click.option(
            "--synonyms",
            "synonyms",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            envvar="SERSEARCH_SYNONYMS",
            default=None,
            help="Your own synonyms, one set per line: term<TAB>synonym[|synonym...] "
            "(default: $SERSEARCH_SYNONYMS).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def user_errors(command: F) -> F:
    """Report library errors as one line on stderr with exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SersearchError as error:
            raise click.ClickException(str(error)) from error

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sersearch")
def cli() -> None:
    """Search Dutch advisory texts (advisories, letters, annual reports, press releases)
    and get ranked passages with citations.

    \b
    Examples:
      sersearch search "brede welvaart"
      sersearch search '"leven lang ontwikkelen"' --type advies --from 2021
      sersearch index ~/adviezen
      sersearch export "krapte arbeidsmarkt" -o passages.csv
    """


@cli.command()
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@filter_options
@expansion_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default="auto",
    show_default=True,
    help="auto: styled in a terminal, plain text when piped.",
)
@index_option
@user_errors
def search(
    query: str,
    limit: int,
    doc_types: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    exact: bool,
    synonyms: Path | None,
    fmt: str,
    index_dir: Path | None,
) -> None:
    """Search the index and print the best passages with their citations.

    Words may match in any combination (passages matching more rank higher);
    "quoted phrases" match exactly; AND, OR, NOT and fields (type:brief,
    title:…, section:…) work too. Abbreviations and synonyms also match (GS ↔
    Gedeputeerde Staten) unless --exact is given. The first search builds the
    index from the bundled corpus.

    \b
    Examples:
      sersearch search "brede welvaart"
      sersearch search "welvaartsgroei regio's" --limit 5
      sersearch search '"onbenut arbeidspotentieel" NOT zorg' --format json
      sersearch search "jongeren" --type brief --from 2020 --to 2021-06
    """
    from sersearch.search import SearchOptions
    from sersearch.search import search as run_search

    index_dir = _ready_index(index_dir)
    options = SearchOptions(limit, doc_types, date_from, date_to, not exact, synonyms)
    result = run_search(index_dir, query, options)
    if fmt == "auto" and sys.stdout.isatty():
        from sersearch import render

        render.print_result(render.stdout(), result)
        return
    from sersearch.export import FORMATTERS, to_plain_report

    if fmt == "auto":
        click.echo(to_plain_report(result), nl=False)
        return

    click.echo(FORMATTERS[fmt](result.hits), nl=False)
    _messages_on_stderr(result)


@cli.command()
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


@cli.command()
@click.argument("query")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write; the format follows the extension unless --format is given.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "md", "text"]), default=None
)
@click.option("-n", "--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@filter_options
@expansion_options
@index_option
@user_errors
def export(
    query: str,
    output: Path,
    fmt: str | None,
    limit: int,
    doc_types: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    exact: bool,
    synonyms: Path | None,
    index_dir: Path | None,
) -> None:
    """Write the passages matching QUERY to a file with all citation fields.

    \b
    Examples:
      sersearch export "brede welvaart" -o passages.csv
      sersearch export "krapte" -o krapte.md --limit 20
      sersearch export "SDG's" -o sdg.json --type advies
    """
    from sersearch.export import format_for, write_export
    from sersearch.search import SearchOptions
    from sersearch.search import search as run_search

    chosen_format = format_for(output, fmt)
    index_dir = _ready_index(index_dir)
    options = SearchOptions(limit, doc_types, date_from, date_to, not exact, synonyms)
    result = run_search(index_dir, query, options)
    write_export(result.hits, output, chosen_format)
    click.echo(f"Wrote {len(result.hits)} passages to {output} ({chosen_format}).", err=True)
    _messages_on_stderr(result)


def _messages_on_stderr(result: SearchResult) -> None:
    """Machine formats keep stdout for the data: a note or suggestion goes to stderr."""
    from sersearch.export import result_messages

    for line in result_messages(result):
        click.echo(line, err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["auto", "json"]), default="auto")
@index_option
@user_errors
def docs(fmt: str, index_dir: Path | None) -> None:
    """List the indexed documents with their metadata.

    \b
    Example:
      sersearch docs --format json
    """
    from sersearch.browse import list_documents

    documents = list_documents(_ready_index(index_dir))
    if fmt == "json":
        click.echo(json.dumps([asdict(doc) for doc in documents], ensure_ascii=False, indent=2))
        return
    from sersearch import render

    render.print_documents(render.stdout(), documents)


@cli.command()
@click.argument("document")
@click.option(
    "--page", type=click.IntRange(1), default=None, help="Only the passages of this page."
)
@index_option
@user_errors
def show(document: str, page: int | None, index_dir: Path | None) -> None:
    """Print a document's passages in order (DOCUMENT: doc id, file name or stem).

    \b
    Examples:
      sersearch show 003_99d1da83fd922a9e.txt
      sersearch show jaarverslag --page 4
    """
    from sersearch import render
    from sersearch.browse import document_passages

    found, passages = document_passages(_ready_index(index_dir), document, page)
    render.print_passages(render.stdout(), found, passages)


@cli.command()
@index_option
@user_errors
def stats(index_dir: Path | None) -> None:
    """Documents, passages, index size and time of the last update.

    \b
    Example:
      sersearch stats
    """
    from sersearch.browse import index_stats

    index_dir = _ready_index(index_dir)
    figures = index_stats(index_dir)
    click.echo(f"index:       {index_dir}")
    click.echo(f"documents:   {figures.documents} (+{figures.failed} skipped)")
    click.echo(f"passages:    {figures.passages}")
    click.echo(f"size:        {figures.size_bytes / 1_048_576:.1f} MiB")
    click.echo(f"last update: {figures.last_update or 'never'}")


@cli.command(name="eval")
@click.argument("judgements", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "json"]), default="auto")
@index_option
@user_errors
def evaluate_command(judgements: Path, fmt: str, index_dir: Path | None) -> None:
    """Measure retrieval quality on judged queries (nDCG@10, MRR@10, Recall@20).

    JUDGEMENTS is a JSONL file of judged queries (see eval/README.md).

    \b
    Example:
      sersearch eval eval/dev.jsonl
    """
    from sersearch.evaluate import evaluate, load_judgements, per_kind
    from sersearch.search import SearchOptions
    from sersearch.search import search as run_search

    index_dir = _ready_index(index_dir)
    evaluation = evaluate(
        load_judgements(judgements),
        lambda query, depth: run_search(index_dir, query, SearchOptions(limit=depth)).hits,
    )
    if fmt == "json":
        table = {
            kind: dict(zip(("ndcg@10", "mrr@10", "recall@20"), means, strict=True))
            for kind, means in per_kind(evaluation).items()
        }
        click.echo(json.dumps(table, indent=2))
        return
    from sersearch import render

    render.print_evaluation(render.stdout(), evaluation)


@cli.command()
@click.argument("text")
def analyze(text: str) -> None:
    """Print the terms the index makes of TEXT (one per line).

    \b
    Example:
      sersearch analyze "welvaartsgroei in alle regio's"
    """
    from sersearch.analysis import analyze as analyze_text

    for term in analyze_text(text):
        click.echo(term)


def _ready_index(index_dir: Path | None) -> Path:
    """The index folder to use; when there is no index yet, build one from the
    default corpus first (with a progress bar on stderr)."""
    from sersearch.index import index_exists, update_index
    from sersearch.settings import default_corpus_paths, default_index_dir

    index_dir = index_dir or default_index_dir()
    if index_exists(index_dir):
        return index_dir
    corpus = default_corpus_paths()
    if not corpus:
        raise SersearchError(f"no index at {index_dir}: build one with `sersearch index PATH`")
    from sersearch import render

    console = render.stderr()
    console.print(f"No index yet: indexing {', '.join(map(str, corpus))} into {index_dir}")
    with render.progress_bar(console) as hook:
        report = update_index(index_dir, corpus, progress=hook)
    for path, reason in report.failed:
        console.print(f"skipped {Path(path).name}: {reason}")
    return index_dir


def main() -> None:
    """Entry point: run the CLI; an unexpected error is one line, not a traceback."""
    try:
        cli(prog_name="sersearch")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SERSEARCH_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(error).__name__}: {error} "
            "(set SERSEARCH_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)
    finally:
        # The process ends here. Python's garbage collections at exit would go over
        # every object of every imported module once more: a fifth of a cold search's
        # time, for memory the operating system takes back anyway.
        gc.freeze()
