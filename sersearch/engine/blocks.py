"""A term's postings handed to Whoosh's postings writer a block at a time.

Whoosh's ``W3PostingsWriter`` takes postings one call each (``add_posting``), keeps
each block's postings and statistics, and writes a block when the next posting
would overflow it. ``add_term_postings`` fills the same block buffer and statistics
from a pooled term's arrays (``sersearch.engine.pool``) one block at a time, so the
writer writes byte for byte what it would have written (tests/test_writer.py
compares the two).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

from whoosh.codec.whoosh3 import W3PostingsWriter

from sersearch.engine.pool import TermPostings


def add_term_postings(
    postwriter: Any, postings: TermPostings, lengths: Sequence[int], length_of_byte: Sequence[int]
) -> None:
    """Add a term's postings to ``postwriter`` (a started term of a
    ``W3PostingsWriter``) as its ``add_posting`` would, with each document's field
    length from its length byte (``length_of_byte[lengths[docnum]]``)."""
    if not isinstance(postwriter, W3PostingsWriter):  # another codec: its own way
        for docnum, weight, value in postings:
            postwriter.add_posting(docnum, weight, value, length_of_byte[lengths[docnum]])
        return
    limit = postwriter._blocklimit
    data, ends, weights = bytes(postings.values), postings.ends, postings.weights
    for start in range(0, len(postings), limit):
        if start:  # the block before is full
            postwriter._write_block()
        ids = postings.docnums[start : start + limit]
        block_weights = weights[start : start + limit]
        postwriter._ids = ids
        postwriter._weights = array("f", block_weights)
        postwriter._values = _values(data, ends, start, len(ids))
        known = [length for length in (length_of_byte[lengths[docnum]] for docnum in ids) if length]
        postwriter._minlength = min(known) if known else None
        postwriter._maxlength = max(known, default=0)
        heaviest = max(block_weights)
        postwriter._maxweight = heaviest if heaviest > 0 else 0


def _values(data: bytes, ends: Sequence[int], start: int, count: int) -> list[bytes]:
    """The non-empty encoded values of ``count`` postings from posting ``start``."""
    values, begin = [], ends[start - 1] if start else 0
    for end in ends[start : start + count]:
        if end > begin:
            values.append(data[begin:end])
        begin = end
    return values
