"""Terminal output with rich: hits, index reports, document lists, progress bars.

Used only by the CLI. When output is piped rich drops colours and styles, so the
same calls give plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from sersearch.index import IndexedDocument, UpdateReport
from sersearch.models import Hit, OcrWork, Passage

if TYPE_CHECKING:
    from sersearch.evaluate import Evaluation
    from sersearch.index import ProgressHook
    from sersearch.search import SearchResult

HIGHLIGHT_STYLE = "bold yellow"


def stdout() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_result(console: Console, result: SearchResult) -> None:
    """Ranked passages: rank and citation, then the text with matches highlighted."""
    if not result.hits:
        console.print(f"No passages match {result.query!r}.")
    if result.note:
        console.print(Text(f"Note: {result.note}.", style="dim"))
    if result.suggestion:
        console.print(Text(f"Did you mean: {result.suggestion}?", style="bold"))
    if not result.hits:
        return
    for hit in result.hits:
        console.print(Text.assemble((f"[{hit.rank}] ", "bold"), (hit.citation, "bold cyan")))
        console.print(highlighted(hit))
        console.print()
    shown = len(result.hits)
    console.print(Text(f"{shown} of about {result.total} matching passages shown.", style="dim"))


def highlighted(hit: Hit) -> Text:
    text = Text(hit.text)
    for start, end in hit.highlights:
        text.stylize(HIGHLIGHT_STYLE, start, end)
    return text


@contextmanager
def progress_bar(console: Console) -> Iterator[ProgressHook]:
    """A progress bar on ``console``; yields the hook the index update calls."""
    columns = (
        TextColumn("{task.description:<9}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        tasks: dict[str, int] = {}

        def hook(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        yield hook


def print_report(console: Console, report: UpdateReport) -> None:
    """A summary of an index run: counts, then one line per warning or failure."""
    table = Table(title="Index update", show_header=True, header_style="bold")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for label, count in (
        ("added", len(report.added)),
        ("updated", len(report.updated)),
        ("removed", len(report.removed)),
        ("unchanged", len(report.unchanged)),
        ("with warnings", len({path for path, _ in report.warned})),
        ("skipped (failed)", len(report.failed)),
    ):
        table.add_row(label, str(count))
    console.print(table)
    if report.ocr.pages or report.ocr.cached:
        console.print(ocr_summary(report.ocr))
    for path, warning in report.warned:
        console.print(Text.assemble(("warning ", "yellow"), _about(path, warning)))
    for path, reason in report.failed:
        console.print(Text.assemble(("skipped ", "red"), _about(path, reason)))


def ocr_summary(work: OcrWork) -> str:
    """One line on the OCR of an index run: pages read, the time spent reading them
    (summed over files read side by side), pages from the cache."""
    line = f"OCR: {work.pages} page{'s' if work.pages != 1 else ''} read"
    if work.pages:
        line += f" ({work.seconds:.0f} s of OCR time)"
    if work.cached:
        line += f", {work.cached} from the OCR cache"
    return line


def _about(path: str, message: str) -> str:
    """``file: message``, unless the message already starts with the file's name."""
    name = Path(path).name
    return message if message.startswith(f"{name}:") else f"{name}: {message}"


def print_documents(console: Console, documents: Sequence[IndexedDocument]) -> None:
    table = Table(show_header=True, header_style="bold")
    columns = ("doc_id", "title", "date", "type", "pages", "ocr", "passages", "status", "file")
    for column in columns:
        table.add_column(column, overflow="fold")
    for doc in documents:
        table.add_row(
            doc.doc_id,
            doc.title,
            doc.date or "",
            doc.doc_type or "",
            "" if doc.pages is None else str(doc.pages),
            str(doc.ocr_pages) if doc.ocr_pages else "",
            str(doc.passages),
            doc.status if not doc.reason else f"{doc.status}: {doc.reason}",
            Path(doc.source).name,
        )
    console.print(table)


def print_passages(
    console: Console, document: IndexedDocument, passages: Sequence[Passage]
) -> None:
    console.print(Text(f"{document.title} ({Path(document.source).name})", style="bold cyan"))
    section = None
    for passage in passages:
        if passage.section != section and passage.section:
            console.print(Text(passage.section, style="bold"))
        section = passage.section
        where = f"p. {passage.page}" if passage.page is not None else ""
        console.print(Text(f"[{passage.passage_id}] {where}".rstrip(), style="dim"))
        console.print(passage.text)
        console.print()


def print_evaluation(console: Console, evaluation: Evaluation) -> None:
    from sersearch.evaluate import per_kind

    table = Table(title="Retrieval quality", show_header=True, header_style="bold")
    for column in ("kind", "queries", "nDCG@10", "MRR@10", "Recall@20"):
        table.add_column(column, justify="right" if column != "kind" else "left")
    counts = {
        kind: sum(s.query.kind == kind for s in evaluation.scores) for kind in evaluation.kinds()
    }
    counts["all"] = len(evaluation.scores)
    for kind, (ndcg, mrr, recall) in per_kind(evaluation).items():
        table.add_row(kind, str(counts[kind]), f"{ndcg:.3f}", f"{mrr:.3f}", f"{recall:.3f}")
    console.print(table)
