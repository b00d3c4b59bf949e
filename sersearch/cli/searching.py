"""``search`` and ``export``: ranked passages to the terminal or to a file."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sersearch.cli.options import (
    Filters,
    expansion_options,
    filter_options,
    format_option,
    index_option,
    messages_on_stderr,
    mode_option,
    ready_index,
    search_options,
    user_errors,
)
from sersearch.errors import SersearchError

if TYPE_CHECKING:
    from sersearch.models import Hit
    from sersearch.search import SearchResult

EXPORT_FORMATS = ("csv", "json", "jsonl", "md", "text", "ris", "bibtex", "csljson")


@click.command()
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@filter_options
@expansion_options
@mode_option
@format_option
@index_option
@user_errors
def search(
    query: str,
    limit: int,
    filters: Filters,
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
    Gedeputeerde Staten) unless --exact is given. Each hit has a link that opens
    the file at its page. The first search builds the index from the bundled
    corpus.

    \b
    Examples:
      sersearch search "brede welvaart"
      sersearch search "welvaartsgroei regio's" --limit 5
      sersearch search '"onbenut arbeidspotentieel" NOT zorg' --format json
      sersearch search "jongeren" --type brief --from 2020 --to 2021-06
      sersearch search "stikstof" --new
      sersearch search "stikstof" --since 2026-11-01
      sersearch search "hoe lang wachten patiënten op een plek?" --mode hybrid
    """
    from sersearch.search import search as run_search

    index_dir = ready_index(index_dir)
    options = search_options(index_dir, filters, limit, exact=exact, synonyms=synonyms, mode=mode)
    print_result(run_search(index_dir, query, options), fmt)


def print_result(result: SearchResult, fmt: str) -> None:
    """A search result on stdout in ``fmt`` (``auto``: styled in a terminal, plain
    text when piped); machine formats keep their messages on stderr."""
    from sersearch.export import FORMATTERS, to_plain_report

    if fmt == "auto" and sys.stdout.isatty():
        from sersearch import render

        render.print_result(render.stdout(), result)
        return
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
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    required=True,
    help="File to write ('-' for standard output); the format follows the extension "
    "(.csv .json .jsonl .md .txt .ris .bib) unless --format is given.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="ris, bibtex and csljson are citations for reference managers "
    "(with -o -: jsonl unless given).",
)
@click.option(
    "--per-document",
    is_flag=True,
    help="Citation formats: one entry per document instead of per passage.",
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
    per_document: bool,
    limit: int,
    filters: Filters,
    exact: bool,
    synonyms: Path | None,
    mode: str,
    index_dir: Path | None,
) -> None:
    """Write the passages matching QUERY to a file with all citation fields, or as
    citations for reference managers (RIS, BibTeX, CSL-JSON).

    \b
    Examples:
      sersearch export "brede welvaart" -o passages.csv
      sersearch export "krapte" -o krapte.md --limit 20
      sersearch export "SDG's" -o sdg.json --type advies
      sersearch export "stikstof" -o stikstof.ris
      sersearch export "stikstof" -o stikstof.bib --per-document
      sersearch export "stikstof" -o bronnen.json --format csljson
      sersearch export "stikstof" -o - --format csv --new | head
      sersearch export "tekort aan personeel" -o tekort.csv --mode hybrid
    """
    from sersearch.search import search as run_search

    to_stdout = str(output) == "-"
    chosen_format = export_format(output, fmt)
    if per_document and chosen_format not in ("ris", "bibtex", "csljson"):
        raise click.UsageError("--per-document is for the citation formats ris, bibtex, csljson")
    index_dir = ready_index(index_dir)
    options = search_options(index_dir, filters, limit, exact=exact, synonyms=synonyms, mode=mode)
    result = run_search(index_dir, query, options)
    text = export_text(index_dir, result.hits, chosen_format, per_document=per_document)
    if to_stdout:
        click.echo(text, nl=False)
    else:
        from sersearch.export import write_text

        write_text(text, output, chosen_format)
        click.echo(f"Wrote {len(result.hits)} passages to {output} ({chosen_format}).", err=True)
    messages_on_stderr(result)


def export_format(output: Path, fmt: str | None) -> str:
    """The format of an export: given, else from the extension (``-``: JSON lines)."""
    from sersearch.export import format_for

    if fmt:
        return fmt
    if str(output) == "-":
        return "jsonl"
    try:
        return format_for(output)
    except SersearchError as error:
        raise click.BadParameter(str(error), param_hint="-o/--output") from None


def export_text(
    index_dir: Path, hits: Sequence[Hit], fmt: str, *, per_document: bool = False
) -> str:
    """The hits in an export format; citation formats read the document records for
    the organisation and page count."""
    from sersearch.citations import CITATION_FORMATTERS
    from sersearch.export import export_text as formatted

    documents = {}
    if fmt in CITATION_FORMATTERS and hits:
        from sersearch.browse import list_documents

        documents = {doc.doc_id: doc for doc in list_documents(index_dir)}
    return formatted(hits, fmt, documents, per_document=per_document)
