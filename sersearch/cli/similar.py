"""``similar``: the passages about the same thing as a given passage."""

from __future__ import annotations

from pathlib import Path

import click

from sersearch.cli.options import (
    Filters,
    filter_options,
    format_option,
    index_option,
    ready_index,
    search_options,
    user_errors,
)


@click.command()
@click.argument("passage_id")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--other-docs", is_flag=True, help="Leave out the passage's own document.")
@filter_options
@format_option
@index_option
@user_errors
def similar(
    passage_id: str,
    limit: int,
    other_docs: bool,
    filters: Filters,
    fmt: str,
    index_dir: Path | None,
) -> None:
    """Find passages about the same thing as PASSAGE_ID.

    The passage's key terms (its words as the index analyses them, weighted by how
    rare they are) are searched for; the passage itself is left out. Passage ids
    are in the output of `search --format json|csv` and `show`.

    \b
    Examples:
      sersearch similar 004_09f0e7c6cb67b6ab-25ae78:0012
      sersearch similar 004_09f0e7c6cb67b6ab-25ae78:0012 --other-docs --limit 5
      sersearch similar 004_09f0e7c6cb67b6ab-25ae78:0012 --format csv --from 2020
    """
    from sersearch.cli.searching import print_result
    from sersearch.search import Searcher
    from sersearch.similar import similar_passages

    index_dir = ready_index(index_dir)
    options = search_options(index_dir, filters, limit)
    with Searcher(index_dir) as searcher:
        found = similar_passages(searcher, passage_id, options, other_docs=other_docs)
    if found.terms:
        click.echo(
            f"Passages like {passage_id} (key terms, as stems: {', '.join(found.terms)})", err=True
        )
    print_result(found.result, fmt)
