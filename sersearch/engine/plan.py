"""The plan of a query for ``sersearch.engine.topk``: which sums of term scores a
passage must match, which it must not, and which count only where their terms stand
near each other.

The queries people type here are sums of BM25 term scores (words, their compound
parts and synonyms, AND/OR/NOT), some of which count only where terms stand near
each other (phrases, nearness bonuses). ``plan_query`` flattens such a Whoosh query
into groups of clauses; for other shapes (wildcards, ranges, a lone NOT, a boosted
AND or OR) it returns ``None`` and the caller lets Whoosh search.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.query import And, AndNot, NullQuery, Or, Phrase, Query, Term
from whoosh.query.spans import SpanNear2

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
        """The clauses of every group, in order."""
        for group in self.groups:
            yield from group


def plan_query(query: Query) -> Plan | None:
    """The plan of ``query``, or ``None`` when it has a shape left to Whoosh."""
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
