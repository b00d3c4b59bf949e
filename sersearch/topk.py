"""Fast top-k evaluation of the queries sersearch's parser produces.

Whoosh runs a query through a tree of matcher objects and scores every matching
passage one posting at a time, through several method calls per posting. The
queries people type here are sums of BM25 term scores (words, their compound parts
and synonyms, AND/OR/NOT), some of which count only where terms stand near each
other (phrases, nearness bonuses). For those, this module computes the same scores
with far less work:

1. each term's postings are read a block at a time and scored with BM25 from a
   table per field (Whoosh stores a passage's length as one byte: 256 entries);
2. each passage gets its exact score without the positional clauses and an upper
   bound with them (as if every positional clause whose terms it has matched);
3. positional clauses are checked, by Whoosh's own matchers, only for the passages
   whose bound can still reach the top k, best bound first.

Scores equal Whoosh's up to the order of floating-point additions (tested). For
other queries (wildcards, ranges, fields without BM25, a lone NOT) ``plan_query``
returns ``None`` and the caller lets Whoosh search.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndNot, Every, NullQuery, Or, Phrase, Query, Term
from whoosh.query.spans import SpanNear2
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

# Positional clauses are checked for the best-bounded candidates in batches this many
# times the number of hits wanted (then twice as many, ...).
BATCH_FACTOR = 2
# Upper bounds are sums in another order than the exact scores: allow for rounding.
_SLACK = 1e-9

Weighted = tuple[str, str, float]  # (field, term, weight)


@dataclass(frozen=True)
class Clause:
    """A sum of weighted term scores; a ``positional`` clause counts only where its
    Whoosh query (a phrase or a nearness span) matches, and then scores as Whoosh does."""

    terms: tuple[Weighted, ...]
    positional: Query | None = None


@dataclass(frozen=True)
class Plan:
    """A passage matches when it matches a clause of every group and no excluded
    clause; its score is the sum of all clauses it matches."""

    groups: tuple[tuple[Clause, ...], ...]
    excluded: tuple[Clause, ...] = ()

    @property
    def clauses(self) -> Iterator[Clause]:
        for group in self.groups:
            yield from group


def plan_query(query: Query) -> Plan | None:
    """The plan of ``query``, or ``None`` when it has a shape this module leaves to Whoosh."""
    if isinstance(query, AndNot):
        positive = plan_query(query.a)
        excluded = _clauses(query.b)
        if positive is None or excluded is None or any(c.positional for c in excluded):
            return None
        return Plan(positive.groups, positive.excluded + excluded)
    if isinstance(query, And) and query.boost == 1.0:
        groups = [_clauses(child) for child in query.subqueries]
        if any(group is None for group in groups):
            return None
        return Plan(tuple(groups))  # type: ignore[arg-type]
    clauses = _clauses(query)
    return None if clauses is None else Plan((clauses,))


def _clauses(query: Query) -> tuple[Clause, ...] | None:
    """An OR of terms, phrases and spans as flat clauses (``None`` for anything else)."""
    if query is NullQuery:
        return ()
    if type(query) is Term:
        return (Clause(((query.fieldname, query.text, query.boost),)),)
    if isinstance(query, Or) and query.boost == 1.0 and query.scale is None:
        parts = [_clauses(child) for child in query.subqueries]
        if any(part is None for part in parts):
            return None
        return tuple(clause for part in parts for clause in part)  # type: ignore[union-attr]
    if isinstance(query, SpanNear2) and all(type(q) is Term for q in query.qs):
        return (Clause(tuple((q.fieldname, q.text, q.boost) for q in query.qs), query),)
    if isinstance(query, Phrase):
        terms = tuple((query.fieldname, word, query.boost) for word in query.words)
        return (Clause(terms, query),)
    return None


def allowed_documents(searcher: Any, query: Query | None) -> frozenset[int] | bool | None:
    """The document numbers a filter query (terms, OR, AND, any value of a field)
    lets through; ``True`` when there is no filter, ``None`` for other filters."""
    if query is None:
        return True
    if type(query) is Term:
        return frozenset(_term_documents(searcher, query.fieldname, query.text))
    if isinstance(query, Every) and query.fieldname:
        return frozenset(
            docnum
            for text in searcher.reader().lexicon(query.fieldname)
            for docnum in _term_documents(searcher, query.fieldname, text)
        )
    if isinstance(query, (Or, And)):
        parts = [allowed_documents(searcher, child) for child in query.subqueries]
        if any(part is None or part is True for part in parts):
            return None
        if isinstance(query, Or):
            return frozenset().union(*parts)  # type: ignore[arg-type]
        return frozenset.intersection(*parts)  # type: ignore[arg-type]
    return None


def _term_documents(searcher: Any, fieldname: str, text: Any) -> Iterator[int]:
    for reader, offset in _leaf_readers(searcher):
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        for ids, _, _ in _blocks(reader, fieldname, text):
            yield from (docnum + offset for docnum in ids if docnum not in deleted)


def _leaf_readers(searcher: Any) -> list[tuple[Any, int]]:
    return [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]


def _blocks(
    reader: Any, fieldname: str, text: Any, values: bool = False
) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]]:
    """A term's postings in one segment, a block of (local ids, weights, encoded
    positions if ``values``) at a time."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are the caller's business
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            if values:
                matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values
            matcher._next_block()
        return
    ids, weights, encoded = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            encoded.append(matcher.value())
        matcher.next()
    yield ids, weights, encoded if values else None


@dataclass
class _Postings:
    """A term's BM25 score per document and, for terms of positional clauses, where
    to find its positions in each document."""

    scores: dict[int, float]
    block_ends: list[int] = field(default_factory=list)
    blocks: list[tuple[int, Sequence[int], Sequence[bytes]]] = field(default_factory=list)

    def positions(self, docnum: int, decode: Any) -> list[int]:
        offset, ids, values = self.blocks[bisect_left(self.block_ends, docnum)]
        local = docnum - offset
        return decode(values[bisect_left(ids, local)])


@dataclass
class TopK:
    """Top-k search over one Whoosh searcher (one view of the index) with BM25F."""

    searcher: Any
    B: float
    K1: float
    _leaves: list[tuple[Any, int]] = field(init=False)
    _lengths: dict[tuple[int, str], bytes] = field(init=False, default_factory=dict)
    _norms: dict[str, list[float]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._leaves = _leaf_readers(self.searcher)

    def scorable(self, plan: Plan) -> bool:
        """Whether every term of the plan is in a field scored by BM25."""
        schema = self.searcher.schema
        return all(
            name in schema and schema[name].scorable
            for clause in (*plan.clauses, *plan.excluded)
            for name, _, _ in clause.terms
        )

    def search(
        self, plan: Plan, allowed: frozenset[int] | bool, limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``limit`` best (score, docnum) pairs, best first and ties by docnum, and
        about how many documents match in all."""
        positional = {
            (name, text)
            for clause in plan.clauses
            if clause.positional
            for name, text, _ in clause.terms
        }
        postings: dict[tuple[str, str], _Postings] = {}
        for clause in (*plan.clauses, *plan.excluded):
            for name, text, _ in clause.terms:
                if (name, text) not in postings:
                    postings[name, text] = self.postings(name, text, (name, text) in positional)
        scores = {term: found.scores for term, found in postings.items()}
        excluded = {d for clause in plan.excluded for d in _bag_documents(clause, scores)}
        candidates = _Candidates(len(plan.groups))
        for number, group in enumerate(plan.groups):
            for clause in group:
                if clause.positional is None:
                    candidates.add_bag(number, _bag_scores(clause, scores))
                else:
                    candidates.add_positional(number, clause, _potential(clause, scores))
        candidates.restrict(allowed, excluded)
        return self._select(candidates, postings, limit)

    def postings(self, fieldname: str, text: str, positions: bool = False) -> _Postings:
        """BM25 of one term in every document that has it (global docnums), and with
        ``positions`` where to find its positions."""
        searcher = self.searcher
        try:
            btext = searcher.schema[fieldname].to_bytes(text)
        except ValueError:
            return _Postings({})
        if (fieldname, btext) not in searcher.reader():
            return _Postings({})
        idf = searcher.idf(fieldname, btext)
        k1_plus_one = self.K1 + 1
        norms = self._norm_table(fieldname)
        found = _Postings({})
        scores = found.scores
        for number, (reader, offset) in enumerate(self._leaves):
            lengths = self._segment_lengths(number, reader, fieldname)
            for ids, weights, values in _blocks(reader, fieldname, btext, positions):
                for docnum, tf in zip(ids, weights, strict=True):
                    scores[docnum + offset] = idf * (
                        (tf * k1_plus_one) / (tf + norms[lengths[docnum]])
                    )
                if positions and ids:
                    found.block_ends.append(ids[-1] + offset)
                    found.blocks.append((offset, ids, values))
            if reader.has_deletions():
                for docnum in reader.deleted_docs_set:
                    scores.pop(docnum + offset, None)
        return found

    def _norm_table(self, fieldname: str) -> list[float]:
        """``K1 * ((1 - B) + B * length / average)`` for each one-byte length, as in
        Whoosh's ``bm25``."""
        if fieldname not in self._norms:
            average = self.searcher.avg_field_length(fieldname) or 1
            K1, B = self.K1, self.B
            self._norms[fieldname] = [
                K1 * ((1 - B) + B * byte_to_length(code) / average) for code in range(256)
            ]
        return self._norms[fieldname]

    def _segment_lengths(self, number: int, reader: Any, fieldname: str) -> bytes:
        """The length byte of every document of a segment, read in one go."""
        key = (number, fieldname)
        if key not in self._lengths:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            perdoc = reader._perdoc
            column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            doccount = reader.doc_count_all()
            raw = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            self._lengths[key] = raw + bytes(doccount - len(raw))
        return self._lengths[key]

    def _select(
        self, candidates: _Candidates, postings: dict[tuple[str, str], _Postings], limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        if not candidates.positional:
            return _best(candidates.bag, limit), len(candidates.bag)
        bounds = candidates.bounds()
        certain = candidates.certain()
        exact: dict[int, float] = {}
        uncertain_checked = uncertain_matched = 0
        batch = max(limit * BATCH_FACTOR, 16)
        while bounds:
            chosen = [docnum for _, docnum in _best(bounds, batch)]
            for docnum in chosen:
                del bounds[docnum]
            verified = self._verify(candidates, postings, chosen)
            for docnum in chosen:
                if docnum not in certain:
                    uncertain_checked += 1
                    uncertain_matched += docnum in verified
            exact.update(verified)
            best = _best(exact, limit)
            if len(best) >= limit and bounds and best[-1][0] > max(bounds.values()) + _SLACK:
                break
            batch *= 2
        unchecked_uncertain = sum(1 for docnum in bounds if docnum not in certain)
        share = uncertain_matched / uncertain_checked if uncertain_checked else 1.0
        total = (
            len(exact)
            + sum(1 for docnum in bounds if docnum in certain)
            + round(unchecked_uncertain * share)
        )
        return _best(exact, limit), total

    def _verify(
        self,
        candidates: _Candidates,
        postings: dict[tuple[str, str], _Postings],
        docnums: list[int],
    ) -> dict[int, float]:
        """Exact scores of the given documents: their positional clauses checked on
        the terms' positions, as Whoosh's span queries check them."""
        full = candidates.full
        verified: dict[int, float] = {}
        for docnum in docnums:
            score = candidates.bag.get(docnum, 0.0)
            groups = candidates.groups_of(docnum)
            decoded: dict[tuple[str, str], list[int]] = {}  # terms shared by clauses
            for clause, number, potential in candidates.positional:
                if docnum in potential and self._positions_match(clause, postings, docnum, decoded):
                    score += potential[docnum]
                    groups |= 1 << number
            if groups == full:
                verified[docnum] = score
        return verified

    def _positions_match(
        self,
        clause: Clause,
        postings: dict[tuple[str, str], _Postings],
        docnum: int,
        decoded: dict[tuple[str, str], list[int]],
    ) -> bool:
        query = clause.positional
        ordered, slop, mindist = (
            (True, query.slop, 1)
            if isinstance(query, Phrase)
            else (query.ordered, query.slop, query.mindist)
        )
        decode = self.searcher.schema[clause.terms[0][0]].format.decode_positions
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


@dataclass
class _Candidates:
    """Per document: the exact score of its bag-of-words clauses, which groups those
    match (bit ``g`` for group ``g``), and the positional clauses it might match
    with what they would add."""

    group_count: int
    bag: dict[int, float] = field(default_factory=dict)
    bag_groups: dict[int, int] = field(default_factory=dict)
    positional: list[tuple[Clause, int, dict[int, float]]] = field(default_factory=list)
    possible: set[int] = field(default_factory=set)  # set by ``restrict``
    full: int = field(init=False)

    def __post_init__(self) -> None:
        self.full = (1 << self.group_count) - 1

    def add_bag(self, group: int, scores: dict[int, float]) -> None:
        bag = self.bag
        if not bag:
            bag.update(scores)
        else:
            get = bag.get
            for docnum, score in scores.items():
                bag[docnum] = get(docnum, 0.0) + score
        if self.group_count > 1:
            bag_groups, bit = self.bag_groups, 1 << group
            get = bag_groups.get
            for docnum in scores:
                bag_groups[docnum] = get(docnum, 0) | bit

    def add_positional(self, group: int, clause: Clause, potential: dict[int, float]) -> None:
        if potential:
            self.positional.append((clause, group, potential))

    def groups_of(self, docnum: int) -> int:
        """The groups a document's bag-of-words clauses match."""
        if self.group_count == 1:
            return 1 if docnum in self.bag else 0
        return self.bag_groups.get(docnum, 0)

    def restrict(self, allowed: frozenset[int] | bool, excluded: set[int]) -> None:
        """Keep the documents the filter allows, not excluded, that match (or, given
        their positional clauses, might match) every group."""
        full = self.full
        possible = (
            set(self.bag)
            if self.group_count == 1
            else {d for d, groups in self.bag_groups.items() if groups == full}
        )
        if self.positional:
            reach = {d: self.groups_of(d) for d in self.bag}
            for _, group, potential in self.positional:
                for docnum in potential:
                    reach[docnum] = reach.get(docnum, 0) | 1 << group
            possible = {d for d, groups in reach.items() if groups == full}
        if allowed is not True:
            possible &= allowed
        possible -= excluded
        if len(possible) != len(self.bag) or self.positional:
            self.bag = {d: s for d, s in self.bag.items() if d in possible}
        self.positional = [
            (clause, group, {d: s for d, s in potential.items() if d in possible})
            for clause, group, potential in self.positional
        ]
        self.possible = possible

    def bounds(self) -> dict[int, float]:
        """Each candidate's score if all its possible positional clauses matched."""
        bag = self.bag
        bounds = {d: bag.get(d, 0.0) + _SLACK for d in self.possible}
        for _, _, potential in self.positional:
            for docnum, score in potential.items():
                bounds[docnum] += score
        return bounds

    def certain(self) -> set[int]:
        """Candidates whose bag-of-words clauses already match every group."""
        full = self.full
        return {d for d in self.bag if self.groups_of(d) == full}


def _bag_scores(
    clause: Clause, scores: dict[tuple[str, str], dict[int, float]]
) -> dict[int, float]:
    ((name, text, weight),) = clause.terms
    found = scores[name, text]
    return found if weight == 1.0 else {d: s * weight for d, s in found.items()}


def _bag_documents(clause: Clause, scores: dict[tuple[str, str], dict[int, float]]) -> set[int]:
    return {d for name, text, _ in clause.terms for d in scores[name, text]}


def _potential(clause: Clause, scores: dict[tuple[str, str], dict[int, float]]) -> dict[int, float]:
    """What a positional clause would add to each document that has all its terms."""
    term_scores = [(scores[name, text], weight) for name, text, weight in clause.terms]
    smallest = min((found for found, _ in term_scores), key=len)
    potential: dict[int, float] = {}
    for docnum in smallest:
        total = 0.0
        for found, weight in term_scores:
            score = found.get(docnum)
            if score is None:
                break
            total += score * weight
        else:
            potential[docnum] = total
    return potential


def _best(scores: dict[int, float], limit: int) -> list[tuple[float, int]]:
    """The ``limit`` highest (score, docnum) pairs, ties broken by the lower docnum."""
    if len(scores) > limit:
        cutoff = heapq.nlargest(limit, scores.values())[-1]
        scores = {d: s for d, s in scores.items() if s >= cutoff}
    return sorted(((s, d) for d, s in scores.items()), key=lambda pair: (-pair[0], pair[1]))[:limit]
