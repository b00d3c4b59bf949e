"""Batch search: many queries from a file against one index, with a report per hit.

A query file is plain text with one query per line (blank lines are passed over), or a
CSV file (``.csv``) with a ``query`` column and optionally a ``label`` column. Each
query runs through the same open :class:`~sersearch.search.Searcher`; a query that
cannot be parsed is recorded with its line number and reason, and the others still run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sersearch.errors import QueryError, SersearchError
from sersearch.export import FIELDS, records, to_markdown
from sersearch.search import Searcher, SearchOptions, SearchResult

BATCH_FORMATS = ("csv", "json", "jsonl", "md")


@dataclass(frozen=True)
class BatchQuery:
    """One query of a batch, with the line of the file it came from."""

    line: int
    query: str
    label: str | None = None


@dataclass(frozen=True)
class BatchOutcome:
    """A query's result, or why it could not run (``error``)."""

    query: BatchQuery
    result: SearchResult | None = None
    error: str | None = None


@dataclass(frozen=True)
class QueryFile:
    """The queries of a file, whether it has labels, and the lines that hold no query."""

    queries: list[BatchQuery]
    labelled: bool
    problems: list[BatchOutcome]


def read_queries(path: Path) -> QueryFile:
    """The queries of a text or CSV file (see the module docstring)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SersearchError(f"{path.name} is not UTF-8 text: save it as UTF-8") from None
    except OSError as error:
        raise SersearchError(f"cannot read {path}: {error.strerror}") from error
    if path.suffix.lower() == ".csv":
        return _csv_queries(path.name, text)
    queries = [
        BatchQuery(number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    return QueryFile(queries, labelled=False, problems=[])


def _csv_queries(name: str, text: str) -> QueryFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if "query" not in header:
        found = ", ".join(repr(cell) for cell in header if cell) or "none"
        raise SersearchError(f"{name} has no 'query' column (its columns: {found})")
    column = header.index("query")
    label_column = header.index("label") if "label" in header else None
    queries, problems = [], []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        label = None
        if label_column is not None and label_column < len(row):
            label = row[label_column].strip() or None
        query = BatchQuery(line, row[column].strip() if column < len(row) else "", label)
        if query.query:
            queries.append(query)
        else:
            problems.append(BatchOutcome(query, error="the query cell is empty"))
    return QueryFile(queries, labelled=label_column is not None, problems=problems)


def run_batch(
    searcher: Searcher,
    queries: Sequence[BatchQuery],
    options: SearchOptions,
    progress: Callable[[int, int], None] | None = None,
) -> list[BatchOutcome]:
    """Run every query with ``options``; a query the parser refuses becomes an outcome
    with its reason, the rest still run."""
    outcomes = []
    for done, query in enumerate(queries, start=1):
        try:
            outcomes.append(BatchOutcome(query, searcher.search(query.query, options)))
        except QueryError as error:
            outcomes.append(BatchOutcome(query, error=str(error)))
        if progress:
            progress(done, len(queries))
    return outcomes


def hit_rows(outcomes: Iterable[BatchOutcome], labelled: bool) -> list[dict[str, object]]:
    """One row per hit: ``query`` (and ``label``) before the usual export fields."""
    rows = []
    for outcome in outcomes:
        if outcome.result is None:
            continue
        first = {"query": outcome.query.query}
        if labelled:
            first["label"] = outcome.query.label or ""
        rows += [{**first, **record} for record in records(outcome.result.hits)]
    return rows


def report(outcomes: Sequence[BatchOutcome], labelled: bool, fmt: str) -> str:
    """The hits of a batch as ``csv``, ``json``, ``jsonl`` or ``md``."""
    if fmt == "md":
        return _markdown(outcomes)
    rows = hit_rows(outcomes, labelled)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    names = ["query", *(["label"] if labelled else []), *FIELDS]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "highlights": json.dumps(row["highlights"])})
    return buffer.getvalue()


def _markdown(outcomes: Sequence[BatchOutcome]) -> str:
    """A section per query: its matches in numbers, then its passages."""
    sections = []
    for outcome in outcomes:
        query = outcome.query
        title = f"{query.label}: {query.query}" if query.label else query.query
        if outcome.result is None:
            sections.append(f"## {title}\n\nLine {query.line}: {outcome.error}\n")
            continue
        result = outcome.result
        lead = f"{len(result.hits)} of about {result.total} matching passages."
        body = to_markdown(result.hits)
        sections.append(f"## {title}\n\n{lead}\n" + (f"\n{body}" if body else ""))
    return "\n".join(sections)
