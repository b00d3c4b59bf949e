"""Looking around an index: its documents, a document's passages, its statistics."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from sersearch.errors import SersearchError
from sersearch.models import Hit, Passage, Removal
from sersearch.recent import moment
from sersearch.store import IndexedDocument, data_dir, indexed_documents, last_run, open_searcher


@dataclass(frozen=True)
class IndexStats:
    documents: int
    failed: int
    passages: int
    size_bytes: int
    last_update: str | None


# The fields of ``sersearch docs --format csv|tsv|json``, in order.
DOCUMENT_FIELDS = (
    "doc_id",
    "title",
    "date",
    "doc_type",
    "organisation",
    "reference",
    "subject",
    "part",
    "pages",
    "first_page",
    "last_page",
    "ocr_pages",
    "passages",
    "status",
    "reason",
    "warnings",
    "source",
    "sources",
    "sha256",
    "added",
    "changed",
    "indexed_at",
)


def document_rows(documents: list[IndexedDocument]) -> list[dict[str, object]]:
    """The documents as plain dictionaries with ``DOCUMENT_FIELDS`` in order: ``added``
    and ``changed`` are the times of the index runs that added the document and last
    changed it."""
    return [
        {
            name: list(value) if isinstance(value := getattr(doc, name), tuple) else value
            for name in DOCUMENT_FIELDS
        }
        for doc in documents
    ]


def list_documents(index_dir: Path) -> list[IndexedDocument]:
    """Every document in the index (failed files included, with their reason); files
    with the same content are one document listing all their ``sources``."""
    with open_searcher(index_dir)[1] as searcher:
        return merge_copies(indexed_documents(searcher))


def merge_copies(records: list[IndexedDocument]) -> list[IndexedDocument]:
    """The records with copies of one file (same content and part) merged into the
    first, which lists every source."""
    groups: dict[tuple[str, str | None], list[IndexedDocument]] = {}
    for record in records:
        key = (record.sha256, record.part) if record.status != "failed" else (record.doc_id, None)
        groups.setdefault(key, []).append(record)
    return [
        replace(group[0], sources=tuple(record.source for record in group))
        for group in groups.values()
    ]


def find_document(documents: list[IndexedDocument], reference: str) -> IndexedDocument:
    """The document a user means by a doc id, a file name or a file stem."""
    for match in (
        lambda d: d.doc_id == reference,
        lambda d: Path(d.source).name == reference,
        lambda d: Path(d.source).stem == reference,
        lambda d: d.doc_id.startswith(reference),
    ):
        found = [doc for doc in documents if match(doc)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(doc.doc_id for doc in found[:5])
            raise SersearchError(f"{reference!r} matches several documents: {names}")
    raise SersearchError(f"no document {reference!r} in the index: see `sersearch docs`")


def document_passages(
    index_dir: Path, reference: str, page: int | None = None
) -> tuple[IndexedDocument, list[Passage]]:
    """A document's passages in reading order, optionally those of one page."""
    from whoosh.query import Term

    with open_searcher(index_dir)[1] as searcher:
        document = find_document(indexed_documents(searcher), reference)
        hits = sorted(
            searcher.search(Term("doc_id", document.doc_id), limit=None, mask=Term("kind", "doc")),
            key=lambda hit: hit["ordinal"],
        )
        passages = [
            Passage(
                passage_id=hit["passage_id"],
                doc_id=hit["doc_id"],
                ordinal=hit["ordinal"],
                text=hit["text"],
                page=hit.get("page"),
                page_label=hit.get("page_label"),
                section=hit.get("section") or None,
            )
            for hit in hits
        ]
    if page is not None:
        passages = [p for p in passages if p.page == page]
        if not passages:
            raise SersearchError(f"{document.doc_id} has no passages on page {page}")
    return document, passages


def stored_hits(index_dir: Path, reference: str | None = None) -> list[Hit]:
    """The stored passages of one document (or of all, ``reference`` None) with the
    search contract's fields, in document and reading order; ``rank`` counts from 1."""
    from whoosh.query import Every, Term

    from sersearch.hits import Highlighter, to_hit

    with open_searcher(index_dir)[1] as searcher:
        documents = indexed_documents(searcher)
        if reference is None:
            query, order = Every(), {doc.doc_id: n for n, doc in enumerate(documents)}
        else:
            document = find_document(documents, reference)
            query, order = Term("doc_id", document.doc_id), {document.doc_id: 0}
        stored = sorted(
            (dict(hit) for hit in searcher.search(query, limit=None, mask=Term("kind", "doc"))),
            key=lambda fields: (order.get(fields["doc_id"], len(order)), fields["ordinal"]),
        )
    no_terms = Highlighter(())
    return [to_hit(rank, 0.0, fields, no_terms) for rank, fields in enumerate(stored, 1)]


def removed_lines(index_dir: Path, reference: str) -> list[Removal]:
    """What cleaning removes from a document's file and why, page by page (for a
    letter of a bundle: on its own pages).

    The file is read again from its indexed path (cleaning keeps no copy of what it
    drops); a file that has moved or changed since indexing is an error.
    """
    from sersearch.documents import clean_file, is_letter_part
    from sersearch.extract import extract_file
    from sersearch.ingest import hash_file

    with open_searcher(index_dir)[1] as searcher:
        records = indexed_documents(searcher)
        document = find_document(records, reference)
    bundle = any(r.source == document.source and is_letter_part(r.part) for r in records)
    path = Path(document.source)
    if not path.is_file():
        raise SersearchError(f"{path} is gone: cannot show what cleaning removed from it")
    if hash_file(path) != document.sha256.split("+", 1)[0]:
        raise SersearchError(f"{path} changed since it was indexed: run `sersearch index`")
    removals: list[Removal] = []
    clean_file(extract_file(path), removals)
    if bundle and document.first_page is not None and document.last_page is not None:
        pages = range(document.first_page, document.last_page + 1)
        return [removal for removal in removals if removal.page in pages]
    return removals


def index_stats(index_dir: Path) -> IndexStats:
    """Documents, passages, size on disk and time of the last update."""
    documents = list_documents(index_dir)
    indexed = [doc for doc in documents if doc.status != "failed"]
    size = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
    stamp = last_run(index_dir)
    if stamp is None:  # an index written before runs were recorded
        timestamps = [f.stat().st_mtime for f in data_dir(index_dir).glob("*.toc")]
        if timestamps:
            stamp = datetime.fromtimestamp(max(timestamps), timezone.utc).isoformat()
    last = moment(stamp) if stamp else None
    return IndexStats(
        documents=len(indexed),
        failed=len(documents) - len(indexed),
        passages=sum(doc.passages for doc in indexed),
        size_bytes=size,
        last_update=last,
    )
