"""The candidate passages of a plan: exact scores of their bag-of-words clauses and
upper bounds with their positional clauses.

Each candidate gets its exact score without the positional clauses and an upper
bound with them (as if every positional clause whose terms it has matched), so
``sersearch.engine.topk`` checks positions only for the candidates whose bound can
still reach the top k, best bound first.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from sersearch.engine.plan import Clause
from sersearch.engine.scoring import TermKey

# Upper bounds are sums in another order than the exact scores: allow for rounding.
SLACK = 1e-9

TermScores = dict[TermKey, dict[int, float]]


@dataclass
class Candidates:
    """Per document: the exact score of its bag-of-words clauses (``bag``, summed by
    ``combine``), the groups those match, the positional clauses it might match with
    what they would add, and the excluded positional clauses it might match."""

    group_count: int
    bag: dict[int, float] = field(default_factory=dict)
    positional: list[tuple[Clause, int, dict[int, float]]] = field(default_factory=list)
    excluded_positional: list[tuple[Clause, set[int]]] = field(default_factory=list)
    possible: set[int] = field(default_factory=set)  # set by ``restrict``
    full: int = field(init=False)  # the bit set of all groups
    _bags: list[list[dict[int, float]]] = field(init=False)  # per group
    _bag_documents: list[set[int]] = field(init=False)  # per group, set by ``combine``

    def __post_init__(self) -> None:
        self.full = (1 << self.group_count) - 1
        self._bags = [[] for _ in range(self.group_count)]
        self._bag_documents = []

    def add_bag(self, group: int, scores: dict[int, float]) -> None:
        """Add a bag-of-words clause of a group: its score per document."""
        if scores:
            self._bags[group].append(scores)

    def add_positional(self, group: int, clause: Clause, potential: dict[int, float]) -> None:
        """Add a positional clause of a group: what it would add to each document."""
        if potential:
            self.positional.append((clause, group, potential))

    def add_excluded_positional(self, clause: Clause, possible: set[int]) -> None:
        """Add an excluded positional clause: the documents it might match."""
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
        """The groups a document's bag-of-words clauses match (a bit set)."""
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
        bounds = {d: score + SLACK for d, score in self.bag.items()}
        bounds.update(dict.fromkeys(self.possible - bounds.keys(), SLACK))
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


def bag_scores(clause: Clause, scores: TermScores) -> dict[int, float]:
    """A one-term clause's weighted score per document that has its term."""
    ((name, text, weight),) = clause.terms
    found = scores[name, text]
    return found if weight == 1.0 else {d: s * weight for d, s in found.items()}


def bag_documents(clause: Clause, scores: TermScores) -> set[int]:
    """The documents that have any term of the clause."""
    return {d for name, text, _ in clause.terms for d in scores[name, text]}


def potential(clause: Clause, scores: TermScores) -> dict[int, float]:
    """What a positional clause would add to each document that has all its terms."""
    term_scores = [(scores[name, text], weight) for name, text, weight in clause.terms]
    smallest = min((found for found, _ in term_scores), key=len)
    adds: dict[int, float] = {}
    for docnum in smallest:
        total = 0.0
        for found, weight in term_scores:
            score = found.get(docnum)
            if score is None:
                break
            total += score * weight
        else:
            adds[docnum] = total
    return adds


def best(scores: dict[int, float], limit: int) -> list[tuple[float, int]]:
    """The ``limit`` highest (score, docnum) pairs, ties broken by the lower docnum."""
    if len(scores) > limit:
        cutoff = heapq.nlargest(limit, scores.values())[-1]
        scores = {d: s for d, s in scores.items() if s >= cutoff}
    return sorted(((s, d) for d, s in scores.items()), key=lambda pair: (-pair[0], pair[1]))[:limit]


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
