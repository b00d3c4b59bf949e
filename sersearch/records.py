"""The index's records of a document: one Whoosh document per passage (what searches
return) and one per file (its source, content hash and metadata, or why it failed)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sersearch.models import Document
from sersearch.store import IndexedDocument, now

if TYPE_CHECKING:
    from sersearch.ingest import Failure


def content_key(document: Document) -> str:
    """What copies of one document share: its file's content hash (and which part of the
    file it is, for an e-mail's attachments). Searches show one copy of a passage."""
    return f"{document.sha256}:{document.part}" if document.part else document.sha256


def add_document(
    writer: Any, document: Document, fingerprint: str, *, added_at: str = "", changed_at: str = ""
) -> None:
    """Add a document's passages and its record to an open writer; ``added_at`` and
    ``changed_at`` name the index runs that added it and last changed it (by default
    the time of writing)."""
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
            page_end=passage.page_end,
            ocr=passage.ocr,
            reference=meta.reference,
            subject=meta.subject,
            message_date=passage.message_date,
            message_subject=passage.message_subject,
            source=document.source,
            sha256=content_key(document),
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
        indexed_at=now(),
        part=document.part,
        added_at=added_at,
        changed_at=changed_at,
        ocr_pages=document.ocr_pages,
        reference=meta.reference,
        subject=meta.subject,
        first_page=min(pages) if (pages := _pages(document)) else None,
        last_page=max(pages) if pages else None,
    )
    add_record(writer, record)


def _pages(document: Document) -> list[int]:
    """The pages the document's passages stand on."""
    return [
        page
        for passage in document.passages
        for page in (passage.page, passage.page_end)
        if page is not None
    ]


def add_failure(writer: Any, failure: Failure, fingerprint: str) -> None:
    """Add the record of a file that could not be indexed, with its reason."""
    from sersearch.ingest import document_id, indexable

    record = IndexedDocument(
        doc_id=document_id(failure.source.path),
        source=indexable(str(failure.source.path)),
        sha256=fingerprint,
        status="failed",
        reason=failure.reason,
        indexed_at=now(),
    )
    add_record(writer, record)


def add_record(writer: Any, record: IndexedDocument) -> None:
    writer.add_document(
        kind="doc",
        doc_id=record.doc_id,
        source=record.source,
        sha256=record.sha256,
        record=json.dumps(record.__dict__, ensure_ascii=False),
    )
