"""BM25 scores of a query's terms, read from each segment's impact classes or its
postings blocks.

Each term's postings are read a block at a time and scored with BM25 from a table
per field (Whoosh stores a passage's length as one byte: 256 entries), or, where the
segment has an impacts file (``sersearch.engine.impacts``) with the term, a class of
passages of equal score at a time. Where every passage must have several terms (an
AND, a phrase, a NOT), the rarest is read first and the others only in the blocks
that may hold its passages (``PlanReading``).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.util.numeric import byte_to_length

from sersearch.engine.impacts import SegmentImpacts, TermClasses, impacts_path
from sersearch.engine.plan import Clause, Plan
from sersearch.engine.postings import SegmentBlocks, leaf_readers, segment_lengths

# A term's postings are read only in blocks that may hold wanted documents when it
# has at least this many times as many documents as are wanted (else most blocks
# would be read anyway).
SPARSE_FACTOR = 16

TermKey = tuple[str, str]  # (field, term)


@dataclass
class ScoredPostings:
    """A term's BM25 score per document and, for terms of positional clauses, where
    to find its encoded positions: per segment, its first document number and a
    function from a local document number to them."""

    scores: dict[int, float]
    wanted: set[int] | None = None  # the documents it was read for (``None``: all)
    sources: list[tuple[int, Callable[[int], bytes]]] = field(default_factory=list)

    def positions(self, docnum: int, decode: Any) -> list[int]:
        """The term's positions in a document that has it, decoded with ``decode``."""
        offset, encoded = next(source for source in reversed(self.sources) if source[0] <= docnum)
        return decode(encoded(docnum - offset))


@dataclass(frozen=True)
class SegmentPostings:
    """A term in one segment: its impact classes if the segment has them for the
    term, else (and for its positions) its postings blocks."""

    number: int
    reader: Any
    offset: int
    count: int
    classes: TermClasses | None
    blocks: SegmentBlocks | None


@dataclass(frozen=True)
class TermPostings:
    """A term's idf and where its postings are in each segment that has it."""

    fieldname: str
    idf: float
    segments: list[SegmentPostings]

    @property
    def frequency(self) -> int:
        """How many documents have the term (deleted ones included)."""
        return sum(segment.count for segment in self.segments)


@dataclass
class TermScorer:
    """BM25F scores of terms over one Whoosh searcher (one view of the index); each
    segment's impacts file and length bytes are read once."""

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

    def term(self, fieldname: str, text: str, positions: bool = False) -> TermPostings | None:
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
            segments.append(SegmentPostings(number, reader, offset, count, classes, blocks))
        return TermPostings(fieldname, searcher.idf(fieldname, btext), segments)

    def read(self, term: TermPostings, wanted: set[int] | None) -> ScoredPostings:
        """BM25 of the term in (at least) the ``wanted`` documents that have it (all
        if ``None``), and where to find its positions."""
        k1_plus_one = self.K1 + 1
        norms, idf = self._norm_table(term.fieldname), term.idf
        found = ScoredPostings({}, wanted)
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

    def best_of_term(
        self, term: TermPostings, weight: float, allowed: bytes | None, limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``limit`` best (score, docnum) pairs of a term that has impact classes
        in every segment, best first and ties by docnum, and how many documents match
        (counted without scoring them): its classes best first, until the best
        documents are known."""
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

    def _impacts(self, number: int, reader: Any) -> SegmentImpacts | None:
        """The segment's impact classes, if the index folder is known and has them
        (a file that fails to load is searched without; the next index run rewrites it)."""
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


class PlanReading:
    """The postings of a plan's terms, each read at most once for every block that
    may hold a document asked for so far; a term is read whole when it has at least
    ``sparse_factor`` times as many documents as are wanted."""

    def __init__(self, scorer: TermScorer, plan: Plan, sparse_factor: int = SPARSE_FACTOR) -> None:
        positional = {
            (name, text)
            for clause in (*plan.clauses, *plan.excluded)
            if clause.positional
            for name, text, _ in clause.terms
        }
        self.scorer = scorer
        self.sparse_factor = sparse_factor
        self.terms: dict[TermKey, TermPostings | None] = {}
        for clause in (*plan.clauses, *plan.excluded):
            for name, text, _ in clause.terms:
                if (name, text) not in self.terms:
                    self.terms[name, text] = scorer.term(name, text, (name, text) in positional)
        self.postings: dict[TermKey, ScoredPostings] = {}

    def frequency(self, key: TermKey) -> int:
        """How many documents have the term (deleted ones included)."""
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

    def read(self, key: TermKey, wanted: set[int] | None) -> ScoredPostings:
        """The term's postings for at least the ``wanted`` documents (all if
        ``None``); reading everything when most blocks would be read anyway."""
        term = self.terms[key]
        if term is None:
            return self.postings.setdefault(key, ScoredPostings({}))
        if wanted is not None and len(wanted) * self.sparse_factor >= term.frequency:
            wanted = None
        done = self.postings.get(key)
        if done is not None:
            if done.wanted is None or (wanted is not None and wanted <= done.wanted):
                return done
            wanted = None if wanted is None else wanted | done.wanted
        self.postings[key] = self.scorer.read(term, wanted)
        return self.postings[key]

    def scores(self) -> dict[TermKey, dict[int, float]]:
        """Each term's scores read so far."""
        return {key: found.scores for key, found in self.postings.items()}


def _matching_count(classes: TermClasses, offset: int, deleted: Any, allowed: bytes | None) -> int:
    """How many of a segment's passages with the term are live and allowed."""
    if not deleted and allowed is None:
        return classes.count
    live = (docnum for docs in classes.passages for docnum in docs if docnum not in deleted)
    if allowed is None:
        return sum(1 for _ in live)
    return sum(map(allowed.__getitem__, map(offset.__add__, live)))
