"""Fast top-k evaluation of the queries sersearch's parser produces.

Whoosh runs a query through a tree of matcher objects and scores every matching
passage one posting at a time, through several method calls per posting. The
queries people type here are sums of BM25 term scores (words, their compound parts
and synonyms, AND/OR/NOT), some of which count only where terms stand near each
other (phrases, nearness bonuses). For those, this module computes the same scores
with far less work:

1. each term's postings are read a block at a time and scored with BM25 from a
   table per field (Whoosh stores a passage's length as one byte: 256 entries);
   where every passage must have several terms (AND, a phrase, a NOT), the rarest
   is read first and the others only in the blocks that may hold its passages;
2. each passage gets its exact score without the positional clauses and an upper
   bound with them (as if every positional clause whose terms it has matched);
3. positional clauses are checked on the terms' positions (as Whoosh's phrase and
   span queries define a match) only for the passages whose bound can still reach
   the top k, best bound first; so are exclusions by a phrase or compound.

Scores equal Whoosh's up to the order of floating-point additions (tested). For
other queries (wildcards, ranges, fields without BM25, a lone NOT) ``plan_query``
returns ``None`` and the caller lets Whoosh search.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.query import And, AndNot, NullQuery, Or, Phrase, Query, Term
from whoosh.query.spans import SpanNear2
from whoosh.util.numeric import byte_to_length

from sersearch.engine.impacts import SegmentImpacts, TermClasses, impacts_path
from sersearch.engine.postings import SegmentBlocks, leaf_readers, segment_lengths

# Positional clauses are checked for the best-bounded candidates in batches this many
# times the number of hits wanted (then twice as many, ...).
BATCH_FACTOR = 2
# A term's postings are read only in blocks that may hold wanted documents when it
# has at least this many times as many documents as are wanted (else most blocks
# would be read anyway).
SPARSE_FACTOR = 16
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
        if positive is None or excluded is None:
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


@dataclass
class _Postings:
    """A term's BM25 score per document and, for terms of positional clauses, where
    to find its encoded positions: per segment, its first document number and a
    function from a local document number to them."""

    scores: dict[int, float]
    wanted: set[int] | None = None  # the documents it was read for (``None``: all)
    sources: list[tuple[int, Callable[[int], bytes]]] = field(default_factory=list)

    def positions(self, docnum: int, decode: Any) -> list[int]:
        offset, encoded = next(source for source in reversed(self.sources) if source[0] <= docnum)
        return decode(encoded(docnum - offset))


@dataclass(frozen=True)
class _Segment:
    """A term in one segment: its impact classes if the segment has them for the
    term, else (and for its positions) its postings blocks."""

    number: int
    reader: Any
    offset: int
    count: int
    classes: TermClasses | None
    blocks: SegmentBlocks | None


@dataclass(frozen=True)
class _Term:
    """A term's idf and where its postings are in each segment that has it."""

    fieldname: str
    idf: float
    segments: list[_Segment]

    @property
    def frequency(self) -> int:
        """How many documents have the term (deleted ones included)."""
        return sum(segment.count for segment in self.segments)


class _Reading:
    """The postings of a plan's terms, each read at most once for every block that
    may hold a document asked for so far."""

    def __init__(self, topk: TopK, plan: Plan) -> None:
        positional = {
            (name, text)
            for clause in (*plan.clauses, *plan.excluded)
            if clause.positional
            for name, text, _ in clause.terms
        }
        self.topk = topk
        self.terms: dict[tuple[str, str], _Term | None] = {}
        for clause in (*plan.clauses, *plan.excluded):
            for name, text, _ in clause.terms:
                if (name, text) not in self.terms:
                    self.terms[name, text] = topk.term(name, text, (name, text) in positional)
        self.postings: dict[tuple[str, str], _Postings] = {}

    def frequency(self, key: tuple[str, str]) -> int:
        term = self.terms[key]
        return 0 if term is None else term.frequency

    def group_size(self, group: tuple[Clause, ...]) -> int:
        """At most how many documents match a clause of the group."""
        return sum(min(self.frequency((n, t)) for n, t, _ in clause.terms) for clause in group)

    def clause_documents(self, clause: Clause, wanted: set[int] | None) -> set[int]:
        """The documents (among ``wanted``, and maybe others) that have every term of
        the clause, reading its terms rarest first."""
        keys = sorted({(name, text) for name, text, _ in clause.terms}, key=self.frequency)
        found: set[int] | None = wanted
        for key in keys:
            documents = self.read(key, found).scores.keys()
            found = set(documents) if found is None else found & documents
        return found or set()

    def read(self, key: tuple[str, str], wanted: set[int] | None) -> _Postings:
        """The term's postings for at least the ``wanted`` documents (all if
        ``None``); reading everything when most blocks would be read anyway."""
        term = self.terms[key]
        if term is None:
            return self.postings.setdefault(key, _Postings({}))
        if wanted is not None and len(wanted) * SPARSE_FACTOR >= term.frequency:
            wanted = None
        done = self.postings.get(key)
        if done is not None:
            if done.wanted is None or (wanted is not None and wanted <= done.wanted):
                return done
            wanted = None if wanted is None else wanted | done.wanted
        self.postings[key] = self.topk.read(term, wanted)
        return self.postings[key]

    def scores(self) -> dict[tuple[str, str], dict[int, float]]:
        return {key: found.scores for key, found in self.postings.items()}


@dataclass
class TopK:
    """Top-k search over one Whoosh searcher (one view of the index) with BM25F."""

    searcher: Any
    B: float
    K1: float
    index_dir: Path | None = None  # where to find the segments' impact classes
    _leaves: list[tuple[Any, int]] = field(init=False)
    _lengths: dict[tuple[int, str], bytes] = field(init=False, default_factory=dict)
    _norms: dict[str, list[float]] = field(init=False, default_factory=dict)
    _segment_impacts: dict[int, SegmentImpacts | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._leaves = leaf_readers(self.searcher)

    def scorable(self, plan: Plan) -> bool:
        """Whether every term of the plan is in a field scored by BM25."""
        schema = self.searcher.schema
        return all(
            name in schema and schema[name].scorable
            for clause in (*plan.clauses, *plan.excluded)
            for name, _, _ in clause.terms
        )

    def search(
        self, plan: Plan, allowed: bytes | None, limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``limit`` best (score, docnum) pairs, best first and ties by docnum, and
        about how many documents match in all."""
        return self.ranking(plan, allowed)(limit)

    def ranking(
        self, plan: Plan, allowed: bytes | None
    ) -> Callable[[int], tuple[list[tuple[float, int]], int]]:
        """``search`` as a function of ``limit``: the matching documents are found
        once, however many times the caller asks for more."""
        single = self._single_term(plan)
        if single is not None:
            term, weight = single
            return lambda limit: self._best_classes(term, weight, allowed, limit)
        reading = _Reading(self, plan)
        wanted: set[int] | None = None
        if len(plan.groups) > 1:  # only documents of the rarest group can match
            driver = min(plan.groups, key=reading.group_size)
            wanted = set().union(*(reading.clause_documents(c, None) for c in driver))
        for clause in plan.clauses:
            if clause.positional is None:
                ((name, text, _),) = clause.terms
                reading.read((name, text), wanted)
            else:
                reading.clause_documents(clause, wanted)
        candidates = _Candidates(len(plan.groups))
        scores = reading.scores()
        for number, group in enumerate(plan.groups):
            for clause in group:
                if clause.positional is None:
                    candidates.add_bag(number, _bag_scores(clause, scores))
                else:
                    candidates.add_positional(number, clause, _potential(clause, scores))
        matching = candidates.combine()
        excluded: set[int] = set()
        for clause in plan.excluded:
            reading.clause_documents(clause, matching)
        scores = reading.scores()
        for clause in plan.excluded:
            if clause.positional is None:
                excluded |= _bag_documents(clause, scores)
            else:
                candidates.add_excluded_positional(clause, set(_potential(clause, scores)))
        candidates.restrict(matching, allowed, excluded)
        postings = reading.postings
        return lambda limit: self._select(candidates, postings, limit)

    def _single_term(self, plan: Plan) -> tuple[_Term, float] | None:
        """The term and weight of a plan that is one term with impact classes in every
        segment that has it, else ``None``."""
        if plan.excluded or len(plan.groups) != 1 or len(plan.groups[0]) != 1:
            return None
        (clause,) = plan.groups[0]
        if clause.positional is not None:
            return None
        ((name, text, weight),) = clause.terms
        term = self.term(name, text)
        if term is None or any(segment.classes is None for segment in term.segments):
            return None
        return term, weight

    def _best_classes(
        self, term: _Term, weight: float, allowed: bytes | None, limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        """``search`` for a single term: its classes best first, until the ``limit``
        best documents are known (ties broken by document number); how many match is
        counted without scoring them."""
        k1_plus_one = self.K1 + 1
        norms, idf = self._norm_table(term.fieldname), term.idf
        heap, total = [], 0
        for segment in term.segments:
            deleted = segment.reader.deleted_docs_set if segment.reader.has_deletions() else ()
            for tf, length, docs in segment.classes:  # type: ignore[union-attr]
                score = idf * ((tf * k1_plus_one) / (tf + norms[length]))
                if weight != 1.0:
                    score *= weight
                documents = map(segment.offset.__add__, docs) if segment.offset else docs
                heap.append((-score, len(heap), documents, deleted, segment.offset))
            total += _matching_count(segment.classes, segment.offset, deleted, allowed)  # type: ignore[arg-type]
        heapq.heapify(heap)
        found: list[tuple[float, int]] = []
        while heap and (len(found) < limit or -heap[0][0] >= found[limit - 1][0]):
            negative, _, documents, deleted, offset = heapq.heappop(heap)
            found.extend(
                (-negative, docnum)
                for docnum in documents
                if (allowed is None or allowed[docnum]) and docnum - offset not in deleted
            )
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found[:limit], total

    def term(self, fieldname: str, text: str, positions: bool = False) -> _Term | None:
        """Where a term's postings are (impact classes, block headers), or ``None`` if
        no document has it."""
        searcher = self.searcher
        try:
            btext = searcher.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        if (fieldname, btext) not in searcher.reader():
            return None
        segments = []
        for number, (reader, offset) in enumerate(self._leaves):
            impacts = self._impacts(number, reader)
            classes = None if impacts is None else impacts.classes(fieldname, btext)
            blocks = None
            if classes is None or (positions and classes.documents is None):
                blocks = SegmentBlocks.read(reader, fieldname, btext, offset, positions)
                if blocks is None:
                    continue
            count = blocks.count if classes is None else classes.count  # type: ignore[union-attr]
            segments.append(_Segment(number, reader, offset, count, classes, blocks))
        return _Term(fieldname, searcher.idf(fieldname, btext), segments)

    def read(self, term: _Term, wanted: set[int] | None) -> _Postings:
        """BM25 of the term in (at least) the ``wanted`` documents that have it (all
        if ``None``), and where to find its positions."""
        k1_plus_one = self.K1 + 1
        norms, idf = self._norm_table(term.fieldname), term.idf
        found = _Postings({}, wanted)
        scores = found.scores
        ordered: list[int] | None = None  # ``wanted`` sorted, when blocks are read
        for segment in term.segments:
            offset, reader, blocks = segment.offset, segment.reader, segment.blocks
            if segment.classes is not None:
                for weight, length, docs in segment.classes:
                    score = idf * ((weight * k1_plus_one) / (weight + norms[length]))
                    documents = map(offset.__add__, docs) if offset else docs
                    if wanted is not None:
                        documents = wanted.intersection(documents)
                    scores.update(dict.fromkeys(documents, score))
            else:
                lengths = self._segment_lengths(segment.number, reader, term.fieldname)
                if wanted is None:
                    chosen: Iterable[int] = range(len(blocks.ends))
                else:
                    ordered = ordered or sorted(wanted)
                    chosen = blocks.blocks_with(ordered)
                for block in chosen:
                    ids, weights, _ = blocks.block(block)
                    for docnum, tf in zip(ids, weights, strict=True):
                        scores[docnum + offset] = idf * (
                            (tf * k1_plus_one) / (tf + norms[lengths[docnum]])
                        )
            if segment.classes is not None and segment.classes.documents is not None:
                found.sources.append((offset, segment.classes.positions))
            elif blocks is not None and blocks.values:
                found.sources.append((offset, blocks.value))
            if reader.has_deletions():
                for docnum in reader.deleted_docs_set:
                    scores.pop(docnum + offset, None)
        return found

    def _impacts(self, number: int, reader: Any) -> SegmentImpacts | None:
        """The segment's impact classes, if the index folder is known and has them."""
        if self.index_dir is None:
            return None
        if number not in self._segment_impacts:
            path = impacts_path(self.index_dir, reader)
            self._segment_impacts[number] = None if path is None else SegmentImpacts.load(path)
        return self._segment_impacts[number]

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
        """The length byte of every document of a segment, read once."""
        key = (number, fieldname)
        if key not in self._lengths:
            self._lengths[key] = segment_lengths(reader, fieldname)
        return self._lengths[key]

    def _select(
        self, candidates: _Candidates, postings: dict[tuple[str, str], _Postings], limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        if not candidates.positional and not candidates.excluded_positional:
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
        """Exact scores of the given documents that match: their positional clauses
        checked on the terms' positions, as Whoosh's span queries check them."""
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
            if groups == full and not any(
                docnum in possible and self._positions_match(clause, postings, docnum, decoded)
                for clause, possible in candidates.excluded_positional
            ):
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


def _matching_count(classes: TermClasses, offset: int, deleted: Any, allowed: bytes | None) -> int:
    """How many of a segment's passages with the term are live and allowed."""
    if not deleted and allowed is None:
        return classes.count
    live = (docnum for docs in classes.passages for docnum in docs if docnum not in deleted)
    if allowed is None:
        return sum(1 for _ in live)
    return sum(map(allowed.__getitem__, map(offset.__add__, live)))


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
    """Per document: the exact score of its bag-of-words clauses (``bag``, summed by
    ``combine``), the groups those match, the positional clauses it might match with
    what they would add, and the excluded positional clauses it might match."""

    group_count: int
    bag: dict[int, float] = field(default_factory=dict)
    positional: list[tuple[Clause, int, dict[int, float]]] = field(default_factory=list)
    excluded_positional: list[tuple[Clause, set[int]]] = field(default_factory=list)
    possible: set[int] = field(default_factory=set)  # set by ``restrict``
    full: int = field(init=False)
    _bags: list[list[dict[int, float]]] = field(init=False)  # per group
    _bag_documents: list[set[int]] = field(init=False)  # per group, set by ``combine``

    def __post_init__(self) -> None:
        self.full = (1 << self.group_count) - 1
        self._bags = [[] for _ in range(self.group_count)]
        self._bag_documents = []

    def add_bag(self, group: int, scores: dict[int, float]) -> None:
        if scores:
            self._bags[group].append(scores)

    def add_positional(self, group: int, clause: Clause, potential: dict[int, float]) -> None:
        if potential:
            self.positional.append((clause, group, potential))

    def add_excluded_positional(self, clause: Clause, possible: set[int]) -> None:
        if possible:
            self.excluded_positional.append((clause, possible))

    def combine(self) -> set[int]:
        """Sum the bag-of-words scores and return the documents that match (or, given
        their positional clauses, might match) every group. With several groups (an
        AND) only the documents in all of them are summed."""
        bags = [bag for group in self._bags for bag in group]
        if self.group_count == 1:
            self.bag = _summed(bags)
            return set(self.bag).union(*(potential for _, _, potential in self.positional))
        self._bag_documents = [set().union(*group) for group in self._bags]
        reach = [set(documents) for documents in self._bag_documents]
        for _, group, potential in self.positional:
            reach[group].update(potential)
        possible = set.intersection(*sorted(reach, key=len))
        self.bag = {
            docnum: sum(bag[docnum] for bag in bags if docnum in bag)
            for docnum in possible
            if any(docnum in documents for documents in self._bag_documents)
        }
        return possible

    def groups_of(self, docnum: int) -> int:
        """The groups a document's bag-of-words clauses match."""
        if self.group_count == 1:
            return 1 if docnum in self.bag else 0
        return sum(1 << g for g, documents in enumerate(self._bag_documents) if docnum in documents)

    def restrict(self, possible: set[int], allowed: bytes | None, excluded: set[int]) -> None:
        """Keep the documents that may match (``possible``, from ``combine``), that the
        filter allows (its mask, see ``sersearch.engine.masks``) and that are not excluded."""
        if allowed is not None:
            possible = {docnum for docnum in possible if allowed[docnum]}
        possible -= excluded
        if not self.bag.keys() <= possible:
            self.bag = {d: s for d, s in self.bag.items() if d in possible}
        self.positional = [
            (clause, group, _within(potential, possible))
            for clause, group, potential in self.positional
        ]
        self.excluded_positional = [
            (clause, excluded_possible & possible)
            for clause, excluded_possible in self.excluded_positional
            if not excluded_possible.isdisjoint(possible)
        ]
        self.possible = possible

    def bounds(self) -> dict[int, float]:
        """Each candidate's score if all its possible positional clauses matched."""
        bounds = {d: score + _SLACK for d, score in self.bag.items()}
        bounds.update(dict.fromkeys(self.possible - bounds.keys(), _SLACK))
        for _, _, potential in self.positional:
            for docnum, score in potential.items():
                bounds[docnum] += score
        return bounds

    def certain(self) -> set[int]:
        """Candidates whose bag-of-words clauses already match every group and that no
        excluded positional clause might match."""
        if self.group_count == 1:
            certain = set(self.bag)
        else:
            certain = set.intersection(*self._bag_documents) & self.bag.keys()
        for _, possible in self.excluded_positional:
            certain -= possible
        return certain


def _summed(bags: list[dict[int, float]]) -> dict[int, float]:
    """Per document, the sum of its scores in ``bags``."""
    if not bags:
        return {}
    bags = sorted(bags, key=len, reverse=True)
    summed = dict(bags[0]) if len(bags) > 1 else bags[0]
    get = summed.get
    for bag in bags[1:]:
        for docnum, score in bag.items():
            summed[docnum] = get(docnum, 0.0) + score
    return summed


def _within(scores: dict[int, float], documents: set[int]) -> dict[int, float]:
    """``scores`` of the ``documents`` only."""
    if scores.keys() <= documents:
        return scores
    return {d: s for d, s in scores.items() if d in documents}


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
