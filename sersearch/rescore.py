"""Final scores of passages read in BM25 order: the prose prior and the document's
evidence, with the point from which no passage read later can change the top k.

A passage's score is its BM25 score times its prose prior (``sersearch.prose``),
interpolated with the best such score of a passage of the same document:

    final = (1 - DOCUMENT_WEIGHT) * own + DOCUMENT_WEIGHT * best of its document

Passage retrieval gains from the evidence of the document around the passage (Callan,
*Passage-level evidence in document retrieval*, SIGIR 1994): a passage of a document
that answers the query well is likelier to answer it than an equal passage of a
document that mentions the query words once, and the reader sees the passages of
the document that answers first. The best passage stands for its document as in
"MaxP" document ranking.

The final scores rerank the best passages by BM25, at most ``RERANK_DEPTH`` of them
(or the limit); reading stops earlier where no passage further down could change
the top.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from sersearch.prose import prose_prior

DOCUMENT_WEIGHT = 0.2
# The final scores rank at most this many passages (or the limit, if more), the best
# by BM25: where BM25 scores are flat (one common word), settling exactly could mean
# reading thousands of passages.
RERANK_DEPTH = 50


@dataclass
class FinalScores:
    """Passages added in BM25 order (highest first); ``settled`` says when no later
    passage can enter the best ``limit`` or change their order."""

    limit: int
    passages: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    best_of_document: dict[str, float] = field(default_factory=dict)
    _best: float = float("-inf")  # the best own score of any passage
    _threshold: float = float("-inf")  # a lower bound of the limit-th final score
    _counted: int = 0  # passages when it was last computed
    _last: float = float("inf")  # the BM25 score of the last passage added

    def add(self, bm25: float, fields: dict[str, Any]) -> None:
        """Add a passage with its BM25 score (not below any added later)."""
        own = bm25 * prose_prior(fields["text"])
        self.passages.append((own, fields))
        doc = fields["doc_id"]
        self.best_of_document[doc] = max(own, self.best_of_document.get(doc, own))
        self._best = max(self._best, own)
        self._last = round(bm25, 6)

    def settled(self, bm25: float) -> bool:
        """Whether to stop reading: ``RERANK_DEPTH`` passages (or ``limit``) are read
        and this one scores below the last, or no passage with BM25 score at most
        ``bm25`` can change the top ``limit``: its own score is at most ``bm25``, and
        so would be its document's best if it beat the best known; below the
        limit-th final score (which every document of the top has as its best, or
        more), it changes no document's best of the top either. Finals only grow as
        passages are added, so the limit-th is recomputed only as the passages grow
        by a quarter."""
        if len(self.passages) < self.limit:
            return False
        if len(self.passages) >= max(self.limit, RERANK_DEPTH) and round(bm25, 6) < self._last:
            return True  # (not within a tie: which of equal passages come first is chance)
        bound = round((1 - DOCUMENT_WEIGHT) * bm25 + DOCUMENT_WEIGHT * max(bm25, self._best), 6)
        if bound < self._threshold:
            return True
        if len(self.passages) >= self._counted * 1.25:
            self._counted = len(self.passages)
            self._threshold = heapq.nlargest(self.limit, (s for s, _ in self.ranked()))[-1]
        return bound < self._threshold

    def ranked(self) -> list[tuple[float, dict[str, Any]]]:
        """The passages with their final scores (rounded: equal ones tie)."""
        best = self.best_of_document
        weight = DOCUMENT_WEIGHT
        return [
            (round((1 - weight) * own + weight * best[fields["doc_id"]], 6), fields)
            for own, fields in self.passages
        ]
