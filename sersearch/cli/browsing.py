"""``docs``, ``show`` and ``stats``: look around the index."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from sersearch.cli.options import (
    complete_documents,
    index_option,
    ready_index,
    user_errors,
)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "csv", "tsv", "json"]),
    default="auto",
    show_default=True,
    help="auto: a table; csv, tsv and json have every field of each document.",
)
@index_option
@user_errors
def docs(fmt: str, index_dir: Path | None) -> None:
    """List the indexed documents with their metadata and when each was added.

    \b
    Examples:
      sersearch docs
      sersearch docs --format csv > documenten.csv
      sersearch docs --format json
    """
    from sersearch.browse import document_rows, list_documents

    documents = list_documents(ready_index(index_dir))
    if fmt == "json":
        click.echo(json.dumps(document_rows(documents), ensure_ascii=False, indent=2))
        return
    if fmt in ("csv", "tsv"):
        click.echo(delimited(document_rows(documents), "," if fmt == "csv" else "\t"), nl=False)
        return
    from sersearch import render

    render.print_documents(render.stdout(), documents)


def delimited(rows: list[dict[str, object]], delimiter: str) -> str:
    """Rows as CSV or TSV with a header (lists joined with "; ")."""
    from sersearch.browse import DOCUMENT_FIELDS

    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=DOCUMENT_FIELDS, delimiter=delimiter, lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


@click.command()
@click.argument("document", required=False, shell_complete=complete_documents)
@click.option(
    "--page", type=click.IntRange(1), default=None, help="Only the passages of this page."
)
@click.option("--all", "every", is_flag=True, help="Every passage of every document.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "json", "jsonl"]),
    default="auto",
    help="json/jsonl: the passages with the fields of search results.",
)
@click.option(
    "--removed", is_flag=True, help="What cleaning removed from the document's file, and why."
)
@index_option
@user_errors
def show(
    document: str | None,
    page: int | None,
    every: bool,
    fmt: str,
    removed: bool,
    index_dir: Path | None,
) -> None:
    """Print a document's passages in order (DOCUMENT: doc id, file name or stem).

    \b
    Examples:
      sersearch show 003_99d1da83fd922a9e.txt
      sersearch show jaarverslag --page 4
      sersearch show jaarverslag --format json
      sersearch show jaarverslag --removed
      sersearch show --all --format jsonl > passages.jsonl
    """
    if every == (document is not None):
        raise click.UsageError("give a DOCUMENT or --all (not both)")
    if removed:
        _show_removed(ready_index(index_dir), document, page)
        return
    if fmt != "auto":
        from sersearch.browse import stored_hits
        from sersearch.export import to_json, to_jsonl

        hits = stored_hits(ready_index(index_dir), document)
        if page is not None:
            hits = [hit for hit in hits if hit.page == page]
        click.echo((to_json if fmt == "json" else to_jsonl)(hits), nl=False)
        return
    if every:
        raise click.UsageError("--all needs --format json or jsonl")
    from sersearch import render
    from sersearch.browse import document_passages

    found, passages = document_passages(ready_index(index_dir), document, page)
    render.print_passages(render.stdout(), found, passages)


def _show_removed(index_dir: Path, document: str | None, page: int | None) -> None:
    """One line per removal: page, class, text."""
    from sersearch.browse import removed_lines

    if document is None:
        raise click.UsageError("--removed needs a DOCUMENT")
    for removal in removed_lines(index_dir, document):
        if page is None or removal.page == page:
            click.echo(f"p. {removal.page}\t{removal.reason}\t{removal.text}")


@click.command()
@index_option
@user_errors
def stats(index_dir: Path | None) -> None:
    """Documents, passages, index size and time of the last update.

    \b
    Example:
      sersearch stats
    """
    from sersearch.browse import index_stats

    index_dir = ready_index(index_dir)
    figures = index_stats(index_dir)
    click.echo(f"index:       {index_dir}")
    click.echo(f"documents:   {figures.documents} (+{figures.failed} skipped)")
    click.echo(f"passages:    {figures.passages}")
    click.echo(f"size:        {figures.size_bytes / 1_048_576:.1f} MiB")
    click.echo(f"last update: {figures.last_update or 'never'}")
