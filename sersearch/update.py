"""Bringing an index up to date with folders of files: discovery, change detection and
writing in batches.

Passages and the per-document records (source, content hash, metadata, or why the
file failed) are written in the same commits, so the index never lists a document
without its passages. Updates commit in batches: an interrupted run keeps what it
committed, and the next run carries on from there. A rebuild writes a new generation
and switches to it when complete (see ``sersearch.store``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sersearch.errors import IndexVersionError, InterruptedRunError, SersearchError
from sersearch.limits import DEFAULT_LIMITS, FileLimits
from sersearch.models import Document, OcrWork
from sersearch.store import (
    CACHE_DIR_NAME,
    IndexedDocument,
    data_dir,
    index_exists,
    indexed_documents,
    make_current,
    new_generation,
    open_index,
    record_run,
    remove_retired,
    run_stamp,
    write_lock,
)

if TYPE_CHECKING:
    from whoosh.index import Index

    from sersearch.ingest import Outcome, SourceFile
    from sersearch.ocr import OcrSettings

ProgressHook = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CommitCadence:
    """How often an index run commits: after this many documents or seconds, whichever
    comes first. Each commit is a point an interrupted run keeps."""

    documents: int = 500
    seconds: float = 60.0


DEFAULT_CADENCE = CommitCadence()


@dataclass
class UpdateReport:
    """What an index run did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warned: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # Files in the folders that are of no supported type: reported, not failures.
    unsupported: list[tuple[str, str]] = field(default_factory=list)
    ocr: OcrWork = field(default_factory=OcrWork)  # what OCR this run took

    @property
    def ok(self) -> bool:
        return not self.failed


def update_index(
    index_dir: Path,
    paths: Sequence[Path],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    wait_seconds: float = 0.0,
    progress: ProgressHook | None = None,
    cadence: CommitCadence = DEFAULT_CADENCE,
    limits: FileLimits = DEFAULT_LIMITS,
    ocr: OcrSettings | None = None,
) -> UpdateReport:
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    New files are added, changed ones (by content hash) re-processed, files that no
    longer exist dropped; unchanged files are not touched. With ``rebuild`` a new
    index is built beside the current one and replaces it when complete (the
    extraction cache is kept). Each file is processed within ``limits``; ``ocr`` says
    how pages without usable text are read (default ``OcrSettings()``). An index
    folder that cannot be written (read-only, disk full, …) is a
    :class:`SersearchError`; the index then keeps its last commit. An interrupted run
    (Ctrl-C, SIGTERM) raises :class:`InterruptedRunError` saying what it committed.
    """
    from sersearch.processes import few_collections

    try:
        with write_lock(index_dir, wait_seconds=wait_seconds), few_collections():
            remove_retired(index_dir)
            return _update(index_dir, paths, rebuild, workers, progress, cadence, limits, ocr)
    except KeyboardInterrupt:  # before the batch wrote anything (it says what it committed)
        raise InterruptedRunError(0) from None
    except OSError as error:
        raise SersearchError(
            f"cannot update the index at {index_dir}: {error.strerror or error}"
        ) from error


def _update(
    index_dir: Path,
    paths: Sequence[Path],
    rebuild: bool,
    workers: int | None,
    progress: ProgressHook | None,
    cadence: CommitCadence,
    limits: FileLimits,
    ocr: OcrSettings | None,
) -> UpdateReport:
    from sersearch.ingest import SourceFile, find_files, hash_file, indexable
    from sersearch.metadata import catalog_entry
    from sersearch.processes import check_stop

    report = UpdateReport()
    # What the index holds now: a rebuild writes every file anew, but keeps when each
    # unchanged one was added and last changed.
    history: dict[str, list[IndexedDocument]] = {}
    exists = index_exists(index_dir)
    if exists:
        try:
            with open_index(index_dir).searcher() as searcher:
                history = by_source(indexed_documents(searcher))
        except IndexVersionError:
            if not rebuild:
                raise  # a rebuild is the way out of an index of another version
    if rebuild or not exists:
        folder = new_generation(index_dir)
        if not rebuild:
            make_current(index_dir, folder)
        known: dict[str, list[IndexedDocument]] = {}
    else:
        folder = data_dir(index_dir)
        known = history
    discovery = find_files(paths)
    files = discovery.files
    report.failed.extend((indexable(str(path)), reason) for path, reason in discovery.problems)
    report.unsupported.extend(
        (indexable(str(path)), reason) for path, reason in discovery.unsupported
    )

    todo: list[SourceFile] = []
    for position, path in enumerate(files, start=1):
        check_stop()
        if progress:
            progress("Checking", position, len(files))
        name = indexable(str(path))
        try:
            source = SourceFile(path, hash_file(path), tuple(catalog_entry(path).items()))
        except OSError as error:
            report.failed.append((name, f"cannot be read: {error.strerror}"))
            continue
        record = own_record(known.get(name, []))
        if record and record.sha256 == fingerprint(source):
            if record.status == "failed":
                report.failed.append((name, f"{record.reason} (unchanged)"))
            else:
                report.unchanged.append(name)
            continue
        todo.append(source)

    found = {indexable(str(path)) for path in files}
    gone = [
        records
        for source, records in known.items()
        if source not in found and not Path(source).is_file()
    ]
    stamp = run_stamp()
    record_run(folder, stamp)
    batch = _Batch(
        index_dir, folder, known, report, workers, progress, cadence, limits, ocr, history, stamp
    )
    batch.write(todo, gone)
    try:
        check_stop()
        _sync_embeddings(index_dir, folder, progress, workers)
    except KeyboardInterrupt:
        raise InterruptedRunError(batch.committed) from None
    if rebuild:
        make_current(index_dir, folder)
    return report


def _sync_embeddings(
    index_dir: Path, folder: Path, progress: ProgressHook | None, workers: int | None
) -> None:
    """Bring the generation's passage embeddings up to date, when the semantic extra
    is installed and not turned off (see ``sersearch.semantic.store``)."""
    from sersearch import semantic
    from sersearch.settings import embeddings_enabled

    if embeddings_enabled() and semantic.available():
        from sersearch.semantic.store import sync

        sync(index_dir, folder, progress, workers)


def write_documents(
    index_dir: Path, documents: Iterable[Document], *, procs: int | None = None
) -> int:
    """Add documents that are already cut into passages (from another system, or a
    benchmark corpus), replacing any with the same ``doc_id``; one commit at the end.
    Returns how many documents were written."""
    from sersearch.engine.impacts import write_missing
    from sersearch.engine.storage import open_dir
    from sersearch.engine.writer import PARALLEL_MIN_DOCUMENTS, abandon, open_writer
    from sersearch.records import add_document

    with write_lock(index_dir):
        if not index_exists(index_dir):
            make_current(index_dir, new_generation(index_dir))
        folder = data_dir(index_dir)
        with open_index(index_dir).searcher() as searcher:
            known = {record.doc_id for record in indexed_documents(searcher)}
        index = open_dir(folder)
        writer = open_writer(index, PARALLEL_MIN_DOCUMENTS, procs)
        written, stamp = 0, run_stamp()
        record_run(folder, stamp)
        try:
            for document in documents:
                if document.doc_id in known:
                    writer.delete_by_term("doc_id", document.doc_id)
                add_document(writer, document, document.sha256, added_at=stamp, changed_at=stamp)
                written += 1
            writer.commit()
        except BaseException:
            abandon(writer)
            raise
        write_missing(folder, index)
    return written


def by_source(records: Iterable[IndexedDocument]) -> dict[str, list[IndexedDocument]]:
    """Records grouped by their file: a file's own document and those inside it."""
    grouped: dict[str, list[IndexedDocument]] = {}
    for record in records:
        grouped.setdefault(record.source, []).append(record)
    return grouped


def own_record(records: Sequence[IndexedDocument]) -> IndexedDocument | None:
    """The record of the file's own document (not of a part inside it)."""
    return next((record for record in records if record.part is None), None)


def fingerprint(source: SourceFile) -> str:
    """The content hash, extended with the catalog entry so catalog edits count as changes."""
    if not source.catalog:
        return source.sha256
    return f"{source.sha256}+{json.dumps(source.catalog, sort_keys=True)}"


@dataclass
class _Batch:
    """One index run's writing: processed files go in, commits follow the cadence."""

    index_dir: Path
    folder: Path
    known: dict[str, list[IndexedDocument]]
    report: UpdateReport
    workers: int | None
    progress: ProgressHook | None
    cadence: CommitCadence
    limits: FileLimits
    ocr: OcrSettings | None
    history: dict[str, list[IndexedDocument]]  # the records before this run (also on rebuild)
    stamp: str  # the time of this run
    committed: int = 0

    def write(self, todo: list[SourceFile], gone: Iterable[list[IndexedDocument]]) -> None:
        from sersearch.engine.storage import open_dir
        from sersearch.engine.writer import abandon, open_writer
        from sersearch.ingest import process_files, prune_stale_caches
        from sersearch.processes import check_stop

        index = open_dir(self.folder)
        writer = open_writer(index, len(todo), self.workers)
        pending, last_commit = 0, time.monotonic()
        try:
            for records in gone:
                for record in records:
                    writer.delete_by_term("doc_id", record.doc_id)
                self.report.removed.append(records[0].source)
            cache_dir = self.index_dir / CACHE_DIR_NAME
            prune_stale_caches(cache_dir)
            outcomes = process_files(
                todo,
                cache_dir,
                workers=self.workers,
                limits=self.limits,
                ocr=self.ocr,
                ocr_progress=self._ocr_progress,
                page_progress=self._page_progress,
            )
            for done, (source, outcome) in enumerate(outcomes, start=1):
                check_stop()
                self._add(writer, source, outcome)
                if self.progress:
                    self.progress("Indexing", done, len(todo))
                pending += 1
                if (
                    pending >= self.cadence.documents
                    or time.monotonic() - last_commit > self.cadence.seconds
                ):
                    self._commit(index, writer, pending)
                    writer = open_writer(index, len(todo) - done, self.workers)
                    pending, last_commit = 0, time.monotonic()
            self._commit(index, writer, pending)
        except KeyboardInterrupt:
            abandon(writer)
            raise InterruptedRunError(self.committed) from None
        except BaseException:
            abandon(writer)
            raise

    def _page_progress(self, done: int, total: int) -> None:
        if self.progress:
            self.progress("Pages", done, total)

    def _ocr_progress(self, done: int, total: int) -> None:
        if self.progress:
            self.progress("OCR pages", done, total)

    def _commit(self, index: Index, writer: Any, pending: int) -> None:
        from sersearch.engine.impacts import write_missing

        writer.commit()
        self.committed += pending
        write_missing(self.folder, index)

    def _add(self, writer: Any, source: SourceFile, outcome: Outcome) -> None:
        """Replace the file's documents (its own and those inside it) by the new ones."""
        from sersearch.ingest import Failure, indexable
        from sersearch.records import add_document, add_failure

        source_path = indexable(str(source.path))
        previous = self.known.get(source_path, [])
        for record in previous:
            writer.delete_by_term("doc_id", record.doc_id)
        if isinstance(outcome, Failure):
            add_failure(writer, outcome, fingerprint(source))
            self.report.failed.append((source_path, outcome.reason))
            return
        for document in outcome:
            before = next(
                (r for r in self.history.get(source_path, []) if r.part == document.part), None
            )
            unchanged = before is not None and before.sha256 == fingerprint(source)
            add_document(
                writer,
                document,
                fingerprint(source),
                added_at=before.added if before else self.stamp,
                changed_at=before.changed if unchanged else self.stamp,  # type: ignore[union-attr]
            )
            self.report.warned.extend(
                (source_path, f"{document.part}: {warning}" if document.part else warning)
                for warning in document.warnings
            )
        (self.report.updated if previous else self.report.added).append(source_path)
        self.report.ocr = self.report.ocr + outcome[0].ocr_work
