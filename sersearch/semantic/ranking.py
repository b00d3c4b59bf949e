"""Semantic and hybrid rankings of a searcher's passages, with the search's filters."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sersearch.semantic.fusion import CANDIDATES, fuse
from sersearch.semantic.store import Row, view

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
    """``lexical`` (best first) fused with, or (``semantic`` mode) replaced by, the
    passages nearest ``query`` that the same filters accept; and how many match."""
    doc_types = {doc_type.lower() for doc_type in options.doc_types}
    doc_ids = set(options.doc_ids)

    def accept(row: Row) -> bool:
        return (
            (not doc_types or (row.doc_type or "").lower() in doc_types)
            and (not doc_ids or row.doc_id in doc_ids)
            and passage_filter.accepts({"date": row.date})
        )

    depth = max(options.limit, CANDIDATES)
    nearest = view(folder).nearest(query, accept, depth)
    if options.mode == "semantic":
        fields = _stored(searcher, [row for _, row in nearest])
        ranked = [
            (score, fields[row.passage_id]) for score, row in nearest if row.passage_id in fields
        ]
        return ranked, len(ranked)
    known = {fields["passage_id"]: fields for _, fields in lexical}
    fields = _stored(searcher, [row for _, row in nearest if row.passage_id not in known])
    fields.update(known)
    fused = fuse(
        [fields["passage_id"] for _, fields in lexical[:depth]],
        [row.passage_id for _, row in nearest],
    )
    ranked = [(score, fields[passage_id]) for score, passage_id in fused if passage_id in fields]
    return ranked, max(total, len(ranked))


def _stored(searcher: Searcher, rows: list[Row]) -> dict[str, dict[str, Any]]:
    """Stored fields of the passages in ``rows``, by passage id (a passage that an
    index run removed since the embeddings were written is left out)."""
    wanted: dict[str, set[str]] = {}
    for row in rows:
        wanted.setdefault(row.doc_id, set()).add(row.passage_id)
    found: dict[str, dict[str, Any]] = {}
    for doc_id, passage_ids in wanted.items():
        for docnum in searcher.document_numbers(doc_id=doc_id):
            fields = searcher.stored_fields(docnum)
            if fields.get("passage_id") in passage_ids and fields.get("kind") != "doc":
                found[fields["passage_id"]] = fields
    return found
