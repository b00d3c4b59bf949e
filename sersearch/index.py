"""The Whoosh index: schema, version check, locking and incremental updates.

One index holds two kinds of records: passages (what searches return) and one
record per document (its source, content hash and metadata, or why it failed).
Both are written in the same commits, so the index never lists a document without
its passages. Updates commit in batches: an interrupted run keeps what it
committed, and the next run carries on from there.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sersearch.errors import (
    IndexLockedError,
    IndexMissingError,
    IndexVersionError,
    SersearchError,
)
from sersearch.models import Document, OcrWork

if TYPE_CHECKING:
    from whoosh.fields import Schema
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from sersearch.ingest import Failure, SourceFile
    from sersearch.ocr import OcrSettings

SCHEMA_VERSION = 6
MANIFEST_NAME = "sersearch.json"
LOCK_NAME = "sersearch.lock"
CACHE_DIR_NAME = "extraction-cache"
COMMIT_EVERY_SECONDS = 60.0
COMMIT_EVERY_DOCUMENTS = 500
# Tries at opening an index whose files a concurrent commit may be replacing.
OPEN_ATTEMPTS = 5


@dataclass(frozen=True)
class IndexedDocument:
    """A document record as stored in the index."""

    doc_id: str
    source: str
    sha256: str
    status: str
    title: str = ""
    date: str | None = None
    doc_type: str | None = None
    organisation: str | None = None
    pages: int | None = None
    passages: int = 0
    warnings: tuple[str, ...] = ()
    reason: str | None = None
    indexed_at: str = ""
    ocr_pages: int = 0


@dataclass
class UpdateReport:
    """What an index run did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warned: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    ocr: OcrWork = field(default_factory=OcrWork)

    @property
    def ok(self) -> bool:
        return not self.failed


ProgressHook = Callable[[str, int, int], None]


def analysis_settings() -> dict[str, Any]:
    """What the schema's analysis depends on: recorded in the index, checked on open."""
    from sersearch.analysis.stemming import stemmer_version
    from sersearch.analysis.words import ANALYSIS_VERSION, DEFAULT_STEMMER

    return {
        "schema_version": SCHEMA_VERSION,
        "analysis_version": ANALYSIS_VERSION,
        "stemmer": DEFAULT_STEMMER,
        "stemmer_version": stemmer_version(DEFAULT_STEMMER),
    }


def build_schema() -> Schema:
    """The index schema (pickled into the index by Whoosh)."""
    from whoosh.fields import ID, STORED, TEXT, Schema

    from sersearch.analysis import dutch_analyzer
    from sersearch.engine.masks import filter_column

    dutch = dutch_analyzer()
    # Every indexed value costs a posting per passage: only what queries, filters and
    # deletions look up is indexed, the rest is only stored. Date filters narrow by
    # ``year`` and check the stored ``date`` of the passages found.
    return Schema(
        kind=ID(stored=True),
        passage_id=STORED,
        doc_id=ID(stored=True),
        ordinal=STORED,
        text=_text_field(dutch),
        title=TEXT(analyzer=dutch, stored=True, phrase=False, field_boost=1.5),
        section=TEXT(analyzer=dutch, stored=True, phrase=False, field_boost=1.5),
        doc_type=ID(stored=True, sortable=filter_column()),
        date=STORED,
        year=ID(sortable=filter_column()),
        page=STORED,
        page_label=STORED,
        ocr=STORED,
        source=STORED,
        sha256=STORED,
        record=STORED,
    )


def _text_field(analyzer: Any) -> Any:
    """The passage text: stems with positions, its length counted in words."""
    from whoosh.fields import TEXT

    from sersearch.analysis.formats import WordPositions

    field = TEXT(analyzer=analyzer, stored=True)
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


def open_index(index_dir: Path) -> Index:
    """Open an existing index, refusing one built with other analysis settings."""
    from whoosh import index as whoosh_index

    manifest = _read_manifest(index_dir)
    if manifest is None or not whoosh_index.exists_in(str(index_dir)):
        raise IndexMissingError(
            f"no index at {index_dir}: build one with `sersearch index [PATH ...]`"
        )
    expected = analysis_settings()
    found = {key: manifest.get(key) for key in expected}
    if found != expected:
        raise IndexVersionError(
            f"the index at {index_dir} was built with other analysis settings "
            f"({_describe_settings(found)}; this version uses {_describe_settings(expected)}): "
            "run `sersearch index --rebuild`"
        )
    from sersearch.engine.storage import open_dir

    return open_dir(index_dir)


def open_searcher(index_dir: Path, **options: Any) -> tuple[Index, Searcher]:
    """The index and a Whoosh searcher over its latest commit (``options`` such as
    ``weighting`` go to the searcher), opened again when a concurrent commit just
    replaced the files being read."""
    from whoosh.searching import Searcher

    for attempt in range(1, OPEN_ATTEMPTS):
        try:
            index = open_index(index_dir)
            return index, Searcher(index.reader(), fromindex=index, **options)
        except FileNotFoundError:
            time.sleep(0.05 * attempt)
    index = open_index(index_dir)
    return index, Searcher(index.reader(), fromindex=index, **options)


def _describe_settings(settings: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in settings.items())


def _read_manifest(index_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((index_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _create_index(index_dir: Path) -> Index:
    from whoosh import index as whoosh_index

    index_dir.mkdir(parents=True, exist_ok=True)
    index = whoosh_index.create_in(str(index_dir), build_schema())
    manifest = {**analysis_settings(), "created": _now()}
    temporary = index_dir / f"{MANIFEST_NAME}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    temporary.replace(index_dir / MANIFEST_NAME)
    return index


def index_exists(index_dir: Path) -> bool:
    """Whether a usable index (of any version) is at ``index_dir``."""
    from whoosh import index as whoosh_index

    return (index_dir / MANIFEST_NAME).is_file() and whoosh_index.exists_in(str(index_dir))


@contextmanager
def write_lock(index_dir: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; a lock left by a crashed process is free again,
    since the operating system releases it with the process."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir / LOCK_NAME
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexLockedError(
                        f"the index at {index_dir} is being updated by {holder}; "
                        "wait for it to finish (or pass --wait SECONDS)"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} (since {_now()})")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def indexed_documents(searcher: Searcher) -> list[IndexedDocument]:
    """Every document record in the index, ordered by source path."""
    from whoosh.query import Term

    records = [
        _record_from_json(hit["record"]) for hit in searcher.search(Term("kind", "doc"), limit=None)
    ]
    return sorted(records, key=lambda record: record.source)


def _record_from_json(raw: str) -> IndexedDocument:
    data = json.loads(raw)
    data["warnings"] = tuple(data.get("warnings") or ())
    return IndexedDocument(**data)


def update_index(
    index_dir: Path,
    paths: Sequence[Path],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    wait_seconds: float = 0.0,
    progress: ProgressHook | None = None,
    ocr: OcrSettings | None = None,
) -> UpdateReport:
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    New files are added, changed ones (by content hash) re-processed, files that no
    longer exist dropped; unchanged files are not touched. With ``rebuild`` the index
    starts over (the extraction cache is kept). ``ocr`` says how pages without usable
    text are read (default ``OcrSettings()``). An index folder that cannot be written
    (read-only, disk full, …) is a :class:`SersearchError`; the index then keeps its
    last commit.
    """
    try:
        return _update(index_dir, paths, rebuild, workers, wait_seconds, progress, ocr)
    except OSError as error:
        raise SersearchError(
            f"cannot update the index at {index_dir}: {error.strerror or error}"
        ) from error


def _update(
    index_dir: Path,
    paths: Sequence[Path],
    rebuild: bool,
    workers: int | None,
    wait_seconds: float,
    progress: ProgressHook | None,
    ocr: OcrSettings | None = None,
) -> UpdateReport:
    from sersearch.ingest import SourceFile, find_files, hash_file, indexable
    from sersearch.metadata import catalog_entry

    report = UpdateReport()
    with write_lock(index_dir, wait_seconds=wait_seconds):
        index = _fresh_or_existing_index(index_dir, rebuild)
        with index.searcher() as searcher:
            known = {record.source: record for record in indexed_documents(searcher)}
        files, problems = find_files(paths)
        report.failed.extend((indexable(str(path)), reason) for path, reason in problems)

        todo: list[SourceFile] = []
        for position, path in enumerate(files, start=1):
            if progress:
                progress("Checking", position, len(files))
            name = indexable(str(path))
            try:
                source = SourceFile(path, hash_file(path), tuple(catalog_entry(path).items()))
            except OSError as error:
                report.failed.append((name, f"cannot be read: {error.strerror}"))
                continue
            record = known.get(name)
            if record and record.sha256 == _fingerprint(source):
                if record.status == "failed":
                    report.failed.append((name, f"{record.reason} (unchanged)"))
                else:
                    report.unchanged.append(name)
                continue
            todo.append(source)

        found = {indexable(str(path)) for path in files}
        gone = [
            record
            for source, record in known.items()
            if source not in found and not Path(source).is_file()
        ]
        _write(index, index_dir, todo, gone, known, report, workers, progress, ocr)
    return report


def write_documents(
    index_dir: Path, documents: Iterable[Document], *, procs: int | None = None
) -> int:
    """Add documents that are already cut into passages (from another system, or a
    benchmark corpus), replacing any with the same ``doc_id``; one commit at the end.
    Returns how many documents were written."""
    from sersearch.engine.impacts import write_missing
    from sersearch.engine.writer import PARALLEL_MIN_DOCUMENTS, abandon, open_writer

    with write_lock(index_dir):
        index = _fresh_or_existing_index(index_dir, rebuild=False)
        with index.searcher() as searcher:
            known = {record.doc_id for record in indexed_documents(searcher)}
        writer = open_writer(index, PARALLEL_MIN_DOCUMENTS, procs)
        written = 0
        try:
            for document in documents:
                if document.doc_id in known:
                    writer.delete_by_term("doc_id", document.doc_id)
                _add_document(writer, document, document.sha256)
                written += 1
            writer.commit()
        except BaseException:
            abandon(writer)
            raise
        write_missing(index_dir, index)
    return written


def _fresh_or_existing_index(index_dir: Path, rebuild: bool) -> Index:
    """The index to update; a new one (on rebuild, or when there is none) replaces
    whatever is in the folder. The manifest goes first, so an interrupted clean-up
    leaves no index rather than a broken one."""
    if rebuild or not index_exists(index_dir):
        (index_dir / MANIFEST_NAME).unlink(missing_ok=True)
        for child in index_dir.iterdir() if index_dir.exists() else ():
            if child.name in {LOCK_NAME, CACHE_DIR_NAME}:
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        return _create_index(index_dir)
    return open_index(index_dir)


def _fingerprint(source: SourceFile) -> str:
    """The content hash, extended with the catalog entry so catalog edits count as changes."""
    if not source.catalog:
        return source.sha256
    return f"{source.sha256}+{json.dumps(source.catalog, sort_keys=True)}"


def _write(
    index: Index,
    index_dir: Path,
    todo: list[SourceFile],
    gone: Iterable[IndexedDocument],
    known: dict[str, IndexedDocument],
    report: UpdateReport,
    workers: int | None,
    progress: ProgressHook | None,
    ocr: OcrSettings | None = None,
) -> None:
    from sersearch.engine.impacts import write_missing
    from sersearch.engine.writer import abandon, open_writer
    from sersearch.ingest import Failure, indexable, process_files

    writer = open_writer(index, len(todo), workers)
    try:
        for record in gone:
            writer.delete_by_term("doc_id", record.doc_id)
            report.removed.append(record.source)
        written, last_commit = 0, time.monotonic()
        cache_dir = index_dir / CACHE_DIR_NAME

        def ocr_progress(done: int, total: int) -> None:
            if progress:
                progress("OCR pages", done, total)

        outcomes = process_files(
            todo, cache_dir, workers=workers, ocr=ocr, ocr_progress=ocr_progress
        )
        for done, (source, outcome) in enumerate(outcomes, start=1):
            source_path = indexable(str(source.path))
            previous = known.get(source_path)
            if previous:
                writer.delete_by_term("doc_id", previous.doc_id)
            if isinstance(outcome, Failure):
                _add_failure(writer, outcome)
                report.failed.append((source_path, outcome.reason))
            else:
                _add_document(writer, outcome, _fingerprint(source))
                (report.updated if previous else report.added).append(source_path)
                report.warned.extend((source_path, warning) for warning in outcome.warnings)
                report.ocr = _add_work(report.ocr, outcome.ocr_work)
            if progress:
                progress("Indexing", done, len(todo))
            written += 1
            if (
                written >= COMMIT_EVERY_DOCUMENTS
                or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS
            ):
                writer.commit()
                write_missing(index_dir, index)
                remaining = len(todo) - done
                writer, written, last_commit = (
                    open_writer(index, remaining, workers),
                    0,
                    time.monotonic(),
                )
        writer.commit()
    except BaseException:
        abandon(writer)
        raise
    write_missing(index_dir, index)


def _add_document(writer: Any, document: Document, fingerprint: str) -> None:
    from sersearch.ingest import indexable

    meta = document.meta
    title = indexable(meta.title)
    for passage in document.passages:
        writer.add_document(
            passage_id=passage.passage_id,
            doc_id=document.doc_id,
            ordinal=passage.ordinal,
            text=passage.text,
            title=title,
            section=passage.section or "",
            doc_type=meta.doc_type or "",
            date=meta.date,
            year=meta.date[:4] if meta.date else None,
            page=passage.page,
            page_label=passage.page_label,
            ocr=passage.ocr,
            source=document.source,
        )
    record = IndexedDocument(
        doc_id=document.doc_id,
        source=document.source,
        sha256=fingerprint,
        status="warnings" if document.warnings else "indexed",
        title=title,
        date=meta.date,
        doc_type=meta.doc_type,
        organisation=meta.organisation,
        pages=document.pages,
        passages=len(document.passages),
        warnings=document.warnings,
        indexed_at=_now(),
        ocr_pages=document.ocr_pages,
    )
    _add_record(writer, record)


def _add_work(total: OcrWork, more: OcrWork) -> OcrWork:
    pages, cached = total.pages + more.pages, total.cached + more.cached
    return OcrWork(pages, cached, total.seconds + more.seconds)


def _add_failure(writer: Any, failure: Failure) -> None:
    from sersearch.ingest import document_id, indexable

    record = IndexedDocument(
        doc_id=document_id(failure.source.path),
        source=indexable(str(failure.source.path)),
        sha256=_fingerprint(failure.source),
        status="failed",
        reason=failure.reason,
        indexed_at=_now(),
    )
    _add_record(writer, record)


def _add_record(writer: Any, record: IndexedDocument) -> None:
    writer.add_document(
        kind="doc",
        doc_id=record.doc_id,
        source=record.source,
        sha256=record.sha256,
        record=json.dumps(record.__dict__, ensure_ascii=False),
    )


def date_bounds(date_text: str | None) -> tuple[int | None, int | None]:
    """The first and last day (as ``YYYYMMDD`` numbers) of a date known to the year,
    month or day."""
    if not date_text:
        return None, None
    parts = date_text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(parts[1])
    if len(parts) == 2:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31
    day = int(parts[2])
    number = year * 10000 + month * 100 + day
    return number, number


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
