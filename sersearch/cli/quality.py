"""``eval`` and ``analyze``: retrieval quality and the terms the index sees."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sersearch.cli.options import (
    index_option,
    mode_option,
    ready_index,
    user_errors,
)


@click.command(name="eval")
@click.argument("judgements", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "json"]), default="auto")
@mode_option
@index_option
@user_errors
def evaluate_command(judgements: Path, fmt: str, mode: str, index_dir: Path | None) -> None:
    """Measure retrieval quality on judged queries (nDCG@10, MRR@10, Recall@20).

    JUDGEMENTS is a JSONL file of judged queries (see eval/README.md).

    \b
    Example:
      sersearch eval eval/dev.jsonl
      sersearch eval eval/dev.jsonl --mode hybrid
    """
    from sersearch.evaluate import evaluate, load_judgements, per_kind
    from sersearch.search import Searcher, SearchOptions

    index_dir = ready_index(index_dir)
    with Searcher(index_dir) as searcher:
        evaluation = evaluate(
            load_judgements(judgements),
            lambda query, depth: searcher.search(query, SearchOptions(depth, mode=mode)).hits,
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


@click.command()
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
