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

from sersearch.links import file_link
from sersearch.models import Hit, OcrWork, Passage
from sersearch.store import IndexedDocument
from sersearch.update import UpdateReport

if TYPE_CHECKING:
    from sersearch.batch import BatchOutcome
    from sersearch.evaluate import Evaluation
    from sersearch.search import SearchResult
    from sersearch.update import ProgressHook

HIGHLIGHT_STYLE = "bold yellow"


def stdout() -> Console:
    """The console for results: lines wrap in a terminal, never when piped."""
    console = Console(highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


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
        link = file_link(hit.source, hit.page)
        console.print(Text(link, style=f"dim link {link}"))
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
        ("not indexed (unsupported type)", len(report.unsupported)),
    ):
        table.add_row(label, str(count))
    console.print(table)
    if report.ocr.pages or report.ocr.cached:
        console.print(ocr_summary(report.ocr))
    for path, warning in report.warned:
        console.print(Text.assemble(("warning ", "yellow"), _about(path, warning)))
    for path, reason in report.failed:
        console.print(Text.assemble(("skipped ", "red"), _about(path, reason)))
    for path, reason in report.unsupported:
        console.print(Text.assemble(("not indexed ", "dim"), _about(path, reason)))


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
    """A compact listing that reads at 80 columns: per document its title, then
    indented its whole id and its date, type and the day it was added (or why it was
    skipped); every field is in ``sersearch docs --format csv``."""
    for doc in documents:
        name = Path(doc.source).name + (f" › {doc.part}" if doc.part else "")
        console.print(Text(doc.title or name, style="bold"))
        console.print(Text(f"  {doc.doc_id}", style="cyan"), soft_wrap=True)
        if doc.part:
            console.print(Text(f"  {name}", style="dim"), soft_wrap=True)
        facts = [doc.date or "undated", doc.doc_type or "", f"added {doc.added[:10]}"]
        if doc.reference:
            facts.insert(1, f"kenmerk {doc.reference}")
        if doc.part and doc.first_page is not None:
            facts.append(f"pp. {doc.first_page}–{doc.last_page}")
        if doc.ocr_pages:
            facts.append(f"{doc.ocr_pages} page{'s' if doc.ocr_pages != 1 else ''} by OCR")
        console.print(Text("  " + " · ".join(fact for fact in facts if fact), style="dim"))
        if len(doc.sources) > 1:
            copies = ", ".join(Path(source).name for source in doc.sources)
            console.print(Text(f"  {len(doc.sources)} copies: {copies}", style="dim"))
        if doc.status == "failed":
            reason = (doc.reason or "").removeprefix(f"{Path(doc.source).name}: ")
            console.print(Text(f"  skipped: {reason}", style="red"))
        elif doc.warnings:
            console.print(
                Text(f"  {len(doc.warnings)} warning(s): {doc.warnings[0]}", style="yellow")
            )
    console.print(Text(f"{len(documents)} documents", style="dim"))


def print_passages(
    console: Console, document: IndexedDocument, passages: Sequence[Passage]
) -> None:
    console.print(Text(f"{document.title} ({Path(document.source).name})", style="bold cyan"))
    facts = [
        document.date,
        f"kenmerk {document.reference}" if document.reference else None,
        f"onderwerp: {document.subject}" if document.subject else None,
        f"pp. {document.first_page}–{document.last_page}" if document.part else None,
    ]
    if any(facts):
        console.print(Text(" · ".join(fact for fact in facts if fact), style="dim"))
    section = None
    for passage in passages:
        if passage.section != section and passage.section:
            console.print(Text(passage.section, style="bold"))
        section = passage.section
        where = f"p. {passage.page}" if passage.page is not None else ""
        console.print(Text(f"[{passage.passage_id}] {where}".rstrip(), style="dim"))
        console.print(passage.text)
        console.print()


def print_batch_summary(console: Console, outcomes: Sequence[BatchOutcome], labelled: bool) -> None:
    """One row per query: its line, (label,) query, matching passages, passages shown and
    the best hit's citation or why it failed; a table in a terminal, tab-separated
    lines when piped."""
    columns = ["line", *(["label"] if labelled else []), "query", "matches", "shown", "best hit"]
    rows = []
    for outcome in outcomes:
        query, result = outcome.query, outcome.result
        cells = [str(query.line), *([query.label or ""] if labelled else []), query.query]
        if result is None:
            cells += ["", "", f"error: {outcome.error}"]
        else:
            best = result.hits[0].citation if result.hits else ""
            cells += [str(result.total), str(len(result.hits)), best]
        rows.append(cells)
    if not console.is_terminal:
        for cells in [columns, *rows]:  # written as they are: rich would expand the tabs
            console.file.write("\t".join(" ".join(cell.split()) for cell in cells) + "\n")
        return
    table = Table(title="Batch search", show_header=True, header_style="bold")
    for column in columns:
        table.add_column(
            column, justify="right" if column in ("line", "matches", "shown") else "left"
        )
    for cells in rows:
        table.add_row(*cells)
    console.print(table)


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
