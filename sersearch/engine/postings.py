"""Whoosh 3 postings read a block at a time: the one module that knows how
``W3LeafMatcher`` stores them.

A term's postings in a segment are blocks of up to 128 passages, each with a header
(its last document number, length, compression) and a compressed pickle of ids,
term frequencies and encoded positions. ``SegmentBlocks`` reads all the headers of a
term first and a block's data only when asked, so a search can skip the blocks that
cannot hold a passage it wants (see ``sersearch.engine.scoring``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from itertools import accumulate
from pickle import UnpicklingError
from pickle import load as pickle_load
from struct import error as struct_error
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE, unpack_int

# Bytes read for a postings block header: its length and a pickle of six numbers.
HEADER_BYTES = 96


def segment_lengths(reader: Any, fieldname: str) -> bytes:
    """The length byte of the field in every document of a segment, read in one go
    (Whoosh's ``doc_field_length`` reads one document's)."""
    return document_lengths(reader._perdoc, fieldname, reader.doc_count_all())


def document_lengths(perdoc: Any, fieldname: str, doc_count: int) -> bytes:
    """The length byte of the field in each of a segment's ``doc_count`` documents,
    from its per-document reader."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    raw = b"" if column is None else column._dbfile.get(column._basepos, column._count)
    return raw + bytes(doc_count - len(raw))


def leaf_readers(searcher: Any) -> list[tuple[Any, int]]:
    """Each segment's reader and the number of its first document."""
    return [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]


@dataclass
class SegmentBlocks:
    """A term's postings in one segment as blocks: the last (global) document number
    of each block is known up front, a block's data is read when asked for."""

    matcher: Any
    offset: int
    ends: list[int]
    headers: list[tuple[int, int, int, int]]
    values: bool = False
    preloaded: tuple[list[int], list[float], list[bytes] | None] | None = None
    _decoded: dict[int, tuple[Sequence[int], Sequence[bytes]]] = field(default_factory=dict)

    @classmethod
    def read(
        cls, reader: Any, fieldname: str, text: Any, offset: int, values: bool = False
    ) -> SegmentBlocks | None:
        """The blocks of a term in a segment (``None`` when it has none), with encoded
        positions if ``values``. Only the block headers are read here."""
        try:
            matcher = reader.postings(fieldname, text)
        except TermNotFound:
            return None
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deletions are the caller's business
        if not isinstance(matcher, W3LeafMatcher):  # inlined (one passage): read it all
            ids, weights, encoded = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                encoded.append(matcher.value() if values else b"")
                matcher.next()
            preloaded = (ids, weights, encoded if values else None)
            ends = [offset + ids[-1]] if ids else []
            return cls(matcher, offset, ends, [], values, preloaded)
        ends, headers = [], []
        for last, header in block_headers(matcher):
            ends.append(last + offset)
            headers.append(header)
        return cls(matcher, offset, ends, headers, values)

    @property
    def count(self) -> int:
        """How many documents of the segment have the term."""
        if self.preloaded is not None:
            return len(self.preloaded[0])
        return sum(header[2] for header in self.headers)

    def block(self, number: int) -> tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]:
        """The (local ids, weights, encoded positions or ``None``) of one block."""
        if self.preloaded is not None:
            return self.preloaded
        ids = self.ids(number)
        matcher = self.matcher
        matcher._read_weights()
        if self.values:
            matcher._read_values()
        return ids, matcher._weights, matcher._values

    def ids(self, number: int) -> Sequence[int]:
        """The local ids of one block."""
        if self.preloaded is not None:
            return self.preloaded[0]
        matcher = self.matcher
        matcher._data = matcher._ids = matcher._weights = matcher._values = None
        (
            matcher._dataoffset,
            matcher._nextoffset,
            matcher._blocklength,
            matcher._compression,
        ) = self.headers[number]
        matcher._read_data()
        ids = matcher._data[0]
        if not matcher._byteids:  # deltas, as Whoosh's _read_ids decodes them (in C)
            matcher._ids = ids = tuple(accumulate(ids))
        return ids

    def value(self, docnum: int) -> bytes:
        """The encoded positions in a document (local number) that has the term; its
        block is decoded once."""
        number = bisect_left(self.ends, docnum + self.offset)
        if number not in self._decoded:
            ids, _, values = self.block(number)
            self._decoded[number] = (ids, values)  # type: ignore[assignment]
        ids, values = self._decoded[number]
        return values[bisect_left(ids, docnum)]

    def blocks_with(self, wanted: Sequence[int]) -> Iterator[int]:
        """The numbers of the blocks that may hold one of the ``wanted`` (sorted,
        global) document numbers."""
        first = self.offset
        for number, last in enumerate(self.ends):
            index = bisect_left(wanted, first)
            if index < len(wanted) and wanted[index] <= last:
                yield number
            first = last + 1


def block_headers(matcher: W3LeafMatcher) -> Iterator[tuple[int, tuple[int, int, int, int]]]:
    """Each block's last document number and (data offset, next block's offset,
    postings, compression), read as ``W3LeafMatcher._goto`` reads them but with one
    read per block (a header is a length and a small pickle; Whoosh reads the pickle
    from the file byte by byte)."""
    postfile, position = matcher._postfile, matcher._baseoffset
    while True:
        header = BytesIO(postfile.get(position, HEADER_BYTES))
        try:
            (length,) = unpack_int(header.read(_INT_SIZE))
            count, last, _, compression, _, _ = pickle_load(header)
        except (EOFError, UnpicklingError, ValueError, struct_error):  # a longer header
            matcher._goto(position)
            length = matcher._nextoffset - position - _INT_SIZE
            length = -length if matcher._lastblock else length
            count, last, compression = matcher._blocklength, matcher._maxid, matcher._compression
            header.seek(matcher._dataoffset - position)
        next_block = position + _INT_SIZE + abs(length)
        yield last, (position + header.tell(), next_block, count, compression)
        if length < 0:  # the last block
            return
        position = next_block
