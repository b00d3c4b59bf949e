"""Semantic and hybrid rankings of a searcher's passages, with the search's filters."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sersearch.errors import SersearchError
from sersearch.semantic import INSTALL_HINT, available
from sersearch.semantic.fusion import CANDIDATES, fuse
from sersearch.semantic.view import Row, view

if TYPE_CHECKING:
    from whoosh.searching import Searcher

    from sersearch.query import PassageFilter
    from sersearch.search import SearchOptions

Ranked = list[tuple[float, dict[str, Any]]]


def blend_rankings(
    searcher: Searcher,
    folder: Path,
    query: str,
    lexical: Ranked,
    total: int,
    options: SearchOptions,
    passage_filter: PassageFilter,
) -> tuple[Ranked, int]:
    """``lexical`` (best first) fused with its own candidates ordered by meaning
    (``hybrid``), or replaced by the passages nearest ``query`` that the same filters
    accept (``semantic``); and how many match."""
    if not available():
        raise SersearchError(f"--mode {options.mode} needs the semantic extra: {INSTALL_HINT}")
    depth = max(options.limit, CANDIDATES)
    # Hybrid when the words match nothing: the meaning alone ranks.
    if options.mode == "semantic" or not lexical:
        nearest = _nearest(folder, query, depth, options, passage_filter)
        top = nearest[: options.limit]
        fields = _stored(searcher, [row for _, row in top])
        ranked = [(score, fields[row.passage_id]) for score, row in top if row.passage_id in fields]
        return ranked, len(nearest)
    # Hybrid: the lexical candidates, fused with the same candidates ordered by meaning.
    candidates = [fields["passage_id"] for _, fields in lexical[:depth]]
    by_id = {fields["passage_id"]: fields for _, fields in lexical[:depth]}
    fused = fuse(candidates, view(folder).order(query, candidates))
    return [(score, by_id[pid]) for score, pid in fused[: options.limit]], total


def _nearest(
    folder: Path, query: str, depth: int, options: SearchOptions, passage_filter: PassageFilter
) -> list[tuple[float, Row]]:
    """The ``depth`` passages nearest ``query`` that the search's filters accept."""
    doc_types = {doc_type.lower() for doc_type in options.doc_types}
    doc_ids = options.doc_ids  # None: any document

    def accept(doc_id: str, doc_type: str | None, date: str | None) -> bool:
        return (
            (not doc_types or (doc_type or "").lower() in doc_types)
            and (doc_ids is None or doc_id in doc_ids)
            and passage_filter.accepts({"doc_id": doc_id, "date": date})
        )

    filtered = (
        doc_types
        or doc_ids is not None
        or passage_filter.first_day is not None
        or passage_filter.last_day is not None
        or passage_filter.documents
    )
    return view(folder).nearest(query, depth, accept if filtered else None, passage_filter.passages)


def _stored(searcher: Searcher, rows: list[Row]) -> dict[str, dict[str, Any]]:
    """Stored fields of the passages in ``rows``, by passage id; a passage an index run
    removed since the embeddings were written is left out."""
    found = {row.passage_id: _find(searcher, row) for row in rows}
    return {passage_id: fields for passage_id, fields in found.items() if fields is not None}


def _find(searcher: Searcher, row: Row) -> dict[str, Any] | None:
    """A passage's stored fields: at the document number the embeddings recorded, or
    else (a commit renumbered the index) among the passages of its document."""
    reader = searcher.reader()
    recorded = [row.docnum] if 0 <= row.docnum < reader.doc_count_all() else []
    for docnums in (recorded, searcher.document_numbers(doc_id=row.doc_id)):
        for docnum in docnums:
            if reader.is_deleted(docnum):
                continue
            fields = searcher.stored_fields(docnum)
            if fields.get("passage_id") == row.passage_id and fields.get("kind") != "doc":
                return fields
    return None
