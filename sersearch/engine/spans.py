"""Whether a positional clause (a phrase or a nearness span) matches in a passage,
checked on its terms' positions as Whoosh's phrase and span queries define a match."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from whoosh.query import Phrase

from sersearch.engine.plan import Clause
from sersearch.engine.scoring import ScoredPostings, TermKey


def clause_matches(
    clause: Clause,
    postings: dict[TermKey, ScoredPostings],
    docnum: int,
    decoded: dict[TermKey, list[int]],
    schema: Any,
) -> bool:
    """Whether the positional clause matches in the document, its terms' positions
    decoded from their ``postings`` once per document (``decoded``: terms the
    document's clauses share)."""
    query = clause.positional
    ordered, slop, mindist = (
        (True, query.slop, 1)
        if isinstance(query, Phrase)
        else (query.ordered, query.slop, query.mindist)  # type: ignore[union-attr]
    )
    decode = schema[clause.terms[0][0]].format.decode_positions
    for name, text, _ in clause.terms:
        if (name, text) not in decoded:
            decoded[name, text] = postings[name, text].positions(docnum, decode)
    positions = [decoded[name, text] for name, text, _ in clause.terms]
    return spans_match(positions, slop, ordered, mindist)


def spans_match(positions: Sequence[Sequence[int]], slop: int, ordered: bool, mindist: int) -> bool:
    """Whether the terms' positions (sorted, one list per term in query order) form a
    span as Whoosh's ``SpanNear2`` defines it: each next term within ``mindist`` to
    ``slop`` positions of the span so far (after it, if ``ordered``)."""
    spans = sorted({(p, p) for p in positions[0]})
    for following in positions[1:]:
        joined = set()
        for start, end in spans:
            for position in following[
                bisect_left(following, start - slop if not ordered else start) :
            ]:
                if position > end + slop:
                    break
                if ordered and position < start:
                    continue
                distance = (
                    0
                    if start <= position <= end
                    else (position - end if position > end else start - position)
                )
                if mindist <= distance <= slop:
                    joined.add((min(start, position), max(end, position)))
        if not joined:
            return False
        spans = sorted(joined)
    return bool(spans)
