"""Passage filters (type, year) as a mask: one byte per document, non-zero where the
filter lets the document through.

The filter fields keep a Whoosh column of one-byte references to their few distinct
values, so a filter on a field is a byte translation of that column per segment (C
speed), however many passages it lets through; segments without the column
(indexes written before it existed) fall back to the terms' postings.
"""

from __future__ import annotations

from typing import Any

from whoosh.columns import RefBytesColumn
from whoosh.query import And, Every, Or, Query, Term

from sersearch.engine.postings import SegmentBlocks, leaf_readers


def filter_column() -> RefBytesColumn:
    """The column a filter field keeps (see :class:`FilterMasks`)."""
    return RefBytesColumn()


class FilterMasks:
    """Masks of filters over one searcher (one view of the index), which reads each
    segment's filter columns once."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._leaves = leaf_readers(searcher)
        self._columns: dict[tuple[int, str], tuple[bytes, list[bytes]] | None] = {}

    def mask(self, query: Query) -> bytes | None:
        """The mask of a filter made of terms, ORs, ANDs and "any value of a field",
        or ``None`` for a filter of another shape."""
        values = _field_values(query, self.searcher.schema)
        if values is not None:
            fieldname, wanted = values
            return b"".join(
                self._segment_mask(number, reader, fieldname, wanted)
                for number, (reader, _) in enumerate(self._leaves)
            )
        if isinstance(query, (Or, And)) and query.subqueries:
            parts = [self.mask(child) for child in query.subqueries]
            if any(part is None for part in parts):
                return None
            return _combined(parts, isinstance(query, And))  # type: ignore[arg-type]
        return None

    def _segment_mask(
        self, number: int, reader: Any, fieldname: str, wanted: frozenset[bytes] | None
    ) -> bytes:
        """A segment's mask for the documents whose value is one of ``wanted`` (any
        value if ``None``)."""
        column = self._column(number, reader, fieldname)
        if column is not None:
            refs, uniques = column
            table = bytearray(256)
            for ref, value in enumerate(uniques):
                table[ref] = (value in wanted) if wanted is not None else bool(value)
            return refs.translate(table)
        mask = bytearray(reader.doc_count_all())
        for text in wanted if wanted is not None else reader.lexicon(fieldname):
            blocks = SegmentBlocks.read(reader, fieldname, text, 0)
            for block in range(len(blocks.ends) if blocks else 0):
                for docnum in blocks.ids(block):  # type: ignore[union-attr]
                    mask[docnum] = 1
        return bytes(mask)

    def _column(self, number: int, reader: Any, fieldname: str) -> tuple[bytes, list[bytes]] | None:
        """A segment's one-byte references per document and the values they refer
        to, or ``None`` when the segment has no such column."""
        key = (number, fieldname)
        if key not in self._columns:
            column = None
            if reader.has_column(fieldname):
                column = reader.column_reader(fieldname, translate=False)
            if getattr(column, "_typecode", None) == "B":
                refs = column._dbfile.get(column._basepos, reader.doc_count_all())
                self._columns[key] = (refs, column._uniques)
            else:
                self._columns[key] = None
        return self._columns[key]


def _field_values(query: Query, schema: Any) -> tuple[str, frozenset[bytes] | None] | None:
    """``(field, values)`` for a term, an OR of terms of one field or any value of a
    field (values ``None``); ``None`` for other queries."""
    if type(query) is Term:
        return query.fieldname, frozenset({schema[query.fieldname].to_bytes(query.text)})
    if isinstance(query, Every) and query.fieldname:
        return query.fieldname, None
    if isinstance(query, Or) and query.subqueries:
        parts = [_field_values(child, schema) for child in query.subqueries]
        fields = {part[0] if part else None for part in parts}
        if len(fields) == 1 and None not in fields and all(part[1] for part in parts):  # type: ignore[index]
            return fields.pop(), frozenset().union(*(part[1] for part in parts))  # type: ignore[index, misc]
    return None


def _combined(masks: list[bytes], intersect: bool) -> bytes:
    """The masks ANDed (``intersect``) or ORed, as big integers (C speed)."""
    numbers = [int.from_bytes(mask, "little") for mask in masks]
    combined = numbers[0]
    for number in numbers[1:]:
        combined = combined & number if intersect else combined | number
    return combined.to_bytes(len(masks[0]), "little")
