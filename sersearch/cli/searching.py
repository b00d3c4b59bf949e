"""``search`` and ``export``: ranked passages to the terminal or to a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sersearch.cli.options import (
    OUTPUT_FORMATS,
    expansion_options,
    filter_options,
    index_option,
    messages_on_stderr,
    mode_option,
    ready_index,
    user_errors,
)


@click.command()
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@filter_options
@expansion_options
@mode_option
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
    mode: str,
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
      sersearch search "hoe lang wachten patiënten op een plek?" --mode hybrid
    """
    from sersearch.search import SearchOptions
    from sersearch.search import search as run_search

    index_dir = ready_index(index_dir)
    options = SearchOptions(limit, doc_types, date_from, date_to, not exact, synonyms, mode=mode)
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
    messages_on_stderr(result)


@click.command()
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
@mode_option
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
    mode: str,
    index_dir: Path | None,
) -> None:
    """Write the passages matching QUERY to a file with all citation fields.

    \b
    Examples:
      sersearch export "brede welvaart" -o passages.csv
      sersearch export "krapte" -o krapte.md --limit 20
      sersearch export "SDG's" -o sdg.json --type advies
      sersearch export "tekort aan personeel" -o tekort.csv --mode hybrid
    """
    from sersearch.export import format_for, write_export
    from sersearch.search import SearchOptions
    from sersearch.search import search as run_search

    chosen_format = format_for(output, fmt)
    index_dir = ready_index(index_dir)
    options = SearchOptions(limit, doc_types, date_from, date_to, not exact, synonyms, mode=mode)
    result = run_search(index_dir, query, options)
    write_export(result.hits, output, chosen_format)
    click.echo(f"Wrote {len(result.hits)} passages to {output} ({chosen_format}).", err=True)
    messages_on_stderr(result)
