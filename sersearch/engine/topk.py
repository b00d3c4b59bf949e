"""Fast top-k evaluation of the queries sersearch's parser produces.

Whoosh runs a query through a tree of matcher objects and scores every matching
passage one posting at a time, through several method calls per posting. For the
queries planned by ``sersearch.engine.plan`` (sums of BM25 term scores, some
counting only where their terms stand near each other), ``TopK`` computes the same
scores with far less work:

1. each term's postings are scored a block or an impact class at a time
   (``sersearch.engine.scoring``), rarest term first where every passage must have
   several;
2. each passage gets its exact score without the positional clauses and an upper
   bound with them (``sersearch.engine.candidates``);
3. positional clauses are checked on the terms' positions
   (``sersearch.engine.spans``) only for the passages whose bound can still reach
   the top k, best bound first; so are exclusions by a phrase or compound.

Scores equal Whoosh's up to the order of floating-point additions (tested). For
other queries ``plan_query`` returns ``None`` and the caller lets Whoosh search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sersearch.engine.candidates import (
    SLACK,
    Candidates,
    bag_documents,
    bag_scores,
    best,
    potential,
)
from sersearch.engine.plan import Clause, Plan, plan_query
from sersearch.engine.scoring import (
    SPARSE_FACTOR,
    PlanReading,
    ScoredPostings,
    TermKey,
    TermPostings,
    TermScorer,
)
from sersearch.engine.spans import clause_matches

__all__ = ["BATCH_FACTOR", "SPARSE_FACTOR", "Clause", "Plan", "TopK", "plan_query"]

# Positional clauses are checked for the best-bounded candidates in batches this many
# times the number of hits wanted (then twice as many, ...).
BATCH_FACTOR = 2

Ranking = Callable[[int], tuple[list[tuple[float, int]], int]]


@dataclass
class TopK:
    """Top-k search over one Whoosh searcher (one view of the index) with BM25F.

    ``sparse_factor``: a term is read only in the blocks that may hold wanted
    documents when it has at least this many times as many documents as are wanted;
    ``batch_factor``: positions are checked for this many times the hits wanted at
    a time (then twice as many, ...)."""

    searcher: Any
    B: float
    K1: float
    index_dir: Path | None = None  # where to find the segments' impact classes
    sparse_factor: int = SPARSE_FACTOR
    batch_factor: int = BATCH_FACTOR
    scorer: TermScorer = field(init=False)

    def __post_init__(self) -> None:
        self.scorer = TermScorer(self.searcher, self.B, self.K1, self.index_dir)

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

    def ranking(self, plan: Plan, allowed: bytes | None) -> Ranking:
        """``search`` as a function of ``limit``: the matching documents are found
        once, however many times the caller asks for more."""
        single = self._single_term(plan)
        if single is not None:
            term, weight = single
            return lambda limit: self.scorer.best_of_term(term, weight, allowed, limit)
        reading = PlanReading(self.scorer, plan, self.sparse_factor)
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
        candidates = Candidates(len(plan.groups))
        scores = reading.scores()
        for number, group in enumerate(plan.groups):
            for clause in group:
                if clause.positional is None:
                    candidates.add_bag(number, bag_scores(clause, scores))
                else:
                    candidates.add_positional(number, clause, potential(clause, scores))
        matching = candidates.combine()
        excluded: set[int] = set()
        for clause in plan.excluded:
            reading.clause_documents(clause, matching)
        scores = reading.scores()
        for clause in plan.excluded:
            if clause.positional is None:
                excluded |= bag_documents(clause, scores)
            else:
                candidates.add_excluded_positional(clause, set(potential(clause, scores)))
        candidates.restrict(matching, allowed, excluded)
        postings = reading.postings
        return lambda limit: self._select(candidates, postings, limit)

    def _single_term(self, plan: Plan) -> tuple[TermPostings, float] | None:
        """The term and weight of a plan that is one term with impact classes in every
        segment that has it, else ``None``."""
        if plan.excluded or len(plan.groups) != 1 or len(plan.groups[0]) != 1:
            return None
        (clause,) = plan.groups[0]
        if clause.positional is not None:
            return None
        ((name, text, weight),) = clause.terms
        term = self.scorer.term(name, text)
        if term is None or any(segment.classes is None for segment in term.segments):
            return None
        return term, weight

    def _select(
        self, candidates: Candidates, postings: dict[TermKey, ScoredPostings], limit: int
    ) -> tuple[list[tuple[float, int]], int]:
        """The ``limit`` best candidates that match, checking positions best bound
        first, and about how many match (estimated from the share of uncertain
        candidates checked that matched)."""
        if not candidates.positional and not candidates.excluded_positional:
            return best(candidates.bag, limit), len(candidates.bag)
        bounds = candidates.bounds()
        certain = candidates.certain()
        exact: dict[int, float] = {}
        uncertain_checked = uncertain_matched = 0
        batch = max(limit * self.batch_factor, 16)
        while bounds:
            chosen = [docnum for _, docnum in best(bounds, batch)]
            for docnum in chosen:
                del bounds[docnum]
            verified = self._verify(candidates, postings, chosen)
            for docnum in chosen:
                if docnum not in certain:
                    uncertain_checked += 1
                    uncertain_matched += docnum in verified
            exact.update(verified)
            found = best(exact, limit)
            if len(found) >= limit and bounds and found[-1][0] > max(bounds.values()) + SLACK:
                break
            batch *= 2
        unchecked_uncertain = sum(1 for docnum in bounds if docnum not in certain)
        share = uncertain_matched / uncertain_checked if uncertain_checked else 1.0
        total = (
            len(exact)
            + sum(1 for docnum in bounds if docnum in certain)
            + round(unchecked_uncertain * share)
        )
        return best(exact, limit), total

    def _verify(
        self,
        candidates: Candidates,
        postings: dict[TermKey, ScoredPostings],
        docnums: list[int],
    ) -> dict[int, float]:
        """Exact scores of the given documents that match: their positional clauses
        checked on the terms' positions, as Whoosh's span queries check them."""
        schema = self.searcher.schema
        full = candidates.full
        verified: dict[int, float] = {}
        for docnum in docnums:
            score = candidates.bag.get(docnum, 0.0)
            groups = candidates.groups_of(docnum)
            decoded: dict[TermKey, list[int]] = {}  # terms shared by clauses
            for clause, number, adds in candidates.positional:
                if docnum in adds and clause_matches(clause, postings, docnum, decoded, schema):
                    score += adds[docnum]
                    groups |= 1 << number
            if groups == full and not any(
                docnum in possible and clause_matches(clause, postings, docnum, decoded, schema)
                for clause, possible in candidates.excluded_positional
            ):
                verified[docnum] = score
        return verified
