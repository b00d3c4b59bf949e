"""Passage filters (type, year) as a mask: one byte per document, non-zero where the
filter lets the document through.

The filter fields keep a Whoosh column of one-byte references to their few distinct
values, so a filter is a byte translation of that column per segment (C speed),
however many passages it lets through; segments without the column (indexes
written before it existed) fall back to the terms' postings.
"""

from __future__ import annotations

from typing import Any

from whoosh.columns import RefBytesColumn
from whoosh.query import And, Every, Or, Query, Term

from sersearch.postings import SegmentBlocks, leaf_readers


def filter_column() -> RefBytesColumn:
    """The column a filter field keeps (see :func:`filter_mask`)."""
    return RefBytesColumn()


def filter_mask(searcher: Any, query: Query) -> bytes | None:
    """The mask of a filter made of terms, ORs, ANDs and "any value of a field", or
    ``None`` for a filter of another shape."""
    if type(query) is Term:
        field = searcher.schema[query.fieldname]
        wanted = {field.to_bytes(query.text)}
        return _joined(searcher, query.fieldname, wanted)
    if isinstance(query, Every) and query.fieldname:
        return _joined(searcher, query.fieldname, None)
    if isinstance(query, (Or, And)) and query.subqueries:
        parts = [filter_mask(searcher, child) for child in query.subqueries]
        if any(part is None for part in parts):
            return None
        return _combined(parts, query)  # type: ignore[arg-type]
    return None


def _segment_mask(reader: Any, fieldname: str, wanted: set[bytes] | None) -> bytes:
    """A segment's mask for documents whose value is one of ``wanted`` (any value if
    ``None``)."""
    doccount = reader.doc_count_all()
    column = reader.column_reader(fieldname) if reader.has_column(fieldname) else None
    refs = getattr(column, "_typecode", None) == "B" and column
    if refs:
        uniques = refs._uniques
        table = bytearray(256)
        for ref, value in enumerate(uniques):
            table[ref] = (value in wanted) if wanted is not None else bool(value)
        return refs._dbfile.get(refs._basepos, doccount).translate(table)
    mask = bytearray(doccount)
    for text in wanted if wanted is not None else reader.lexicon(fieldname):
        blocks = SegmentBlocks.read(reader, fieldname, text, 0)
        for number in range(len(blocks.ends) if blocks else 0):
            for docnum in blocks.ids(number):  # type: ignore[union-attr]
                mask[docnum] = 1
    return bytes(mask)


def _joined(searcher: Any, fieldname: str, wanted: set[bytes] | None) -> bytes:
    """The segments' masks one after the other, as their documents are numbered."""
    return b"".join(
        _segment_mask(reader, fieldname, wanted) for reader, _ in leaf_readers(searcher)
    )


def _combined(masks: list[bytes], query: Query) -> bytes:
    """The masks ANDed (for ``And``) or ORed, as big integers (C speed)."""
    numbers = [int.from_bytes(mask, "little") for mask in masks]
    combined = numbers[0]
    for number in numbers[1:]:
        combined = combined & number if isinstance(query, And) else combined | number
    return combined.to_bytes(len(masks[0]), "little")
