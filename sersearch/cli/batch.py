"""``batch``: many queries from a file, a summary per query and a report per hit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sersearch.cli.options import (
    Filters,
    expansion_options,
    filter_options,
    index_option,
    mode_option,
    ready_index,
    search_options,
    user_errors,
)

if TYPE_CHECKING:
    from sersearch.batch import BatchOutcome


@click.command()
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-n",
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Passages per query.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write one row per hit, with the query (and label) first: .csv, .json, .jsonl "
    "or .md ('-' for standard output, as CSV unless --format is given).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl", "md"]), default=None)
@filter_options
@expansion_options
@mode_option
@index_option
@user_errors
def batch(
    queries: Path,
    limit: int,
    output: Path | None,
    fmt: str | None,
    filters: Filters,
    exact: bool,
    synonyms: Path | None,
    mode: str,
    index_dir: Path | None,
) -> None:
    """Run every query of a file and report how many passages each matches.

    QUERIES is a text file with one query per line, or a CSV file with a "query"
    column and an optional "label" column. Without -o the best passages of each
    query are printed; with -o they go to the file. A summary table follows (plain,
    tab-separated, when piped). A query that cannot be run is reported with its line
    number and the others still run; the exit code is then 1.

    \b
    Examples:
      sersearch batch namen.txt
      sersearch batch namen.csv -o treffers.csv --limit 20
      sersearch batch namen.txt --new -o nieuw.md
      sersearch batch namen.txt --since 2026-11-01 -o - --format jsonl
      sersearch batch vragen.txt --mode hybrid -o antwoorden.md
    """
    from sersearch import render
    from sersearch.batch import read_queries, run_batch
    from sersearch.search import Searcher

    chosen_format = batch_format(output, fmt)
    query_file = read_queries(queries)
    index_dir = ready_index(index_dir)
    options = search_options(index_dir, filters, limit, exact=exact, synonyms=synonyms, mode=mode)
    console = render.stderr()
    with Searcher(index_dir) as searcher, render.progress_bar(console) as hook:
        outcomes = run_batch(
            searcher,
            query_file.queries,
            options,
            lambda done, total: hook("Searching", done, total),
        )
    outcomes = sorted(outcomes + query_file.problems, key=lambda outcome: outcome.query.line)
    if output is None:
        print_hits(outcomes)
    else:
        write_report(outcomes, query_file.labelled, output, chosen_format or "csv")
    to_stdout = output is not None and str(output) == "-"
    summary_console = render.stderr() if to_stdout else render.stdout()
    render.print_batch_summary(summary_console, outcomes, query_file.labelled)
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed:
        click.echo(f"{queries.name} line {outcome.query.line}: {outcome.error}", err=True)
    if failed:
        sys.exit(1)


def batch_format(output: Path | None, fmt: str | None) -> str | None:
    """The report format: given, else from the extension of ``output``."""
    if fmt or output is None or str(output) == "-":
        return fmt
    from sersearch.export import SUFFIX_FORMATS

    found = SUFFIX_FORMATS.get(output.suffix.lower())
    if found not in ("csv", "json", "jsonl", "md"):
        raise click.BadParameter(
            f"cannot tell the format of {output.name} (use .csv, .json, .jsonl or .md, "
            "or pass --format)",
            param_hint="-o/--output",
        )
    return found


def print_hits(outcomes: list[BatchOutcome]) -> None:
    """Each query's best passages, as ``search`` prints them."""
    from sersearch.cli.searching import print_result

    for outcome in outcomes:
        if outcome.result is None:
            continue
        label = f"{outcome.query.label}: " if outcome.query.label else ""
        click.echo(f"== {label}{outcome.query.query} (line {outcome.query.line})")
        print_result(outcome.result, "auto")
        click.echo()


def write_report(outcomes: list[BatchOutcome], labelled: bool, output: Path, fmt: str) -> None:
    from sersearch.batch import report
    from sersearch.export import write_text

    text = report(outcomes, labelled, fmt)
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    write_text(text, output, fmt)
    hits = sum(len(outcome.result.hits) for outcome in outcomes if outcome.result)
    click.echo(f"Wrote {hits} passages of {len(outcomes)} queries to {output} ({fmt}).", err=True)
