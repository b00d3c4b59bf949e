"""Hybrid ranking: reciprocal rank fusion of the lexical ranking and its re-ordering
by meaning.

The lexical top ``CANDIDATES`` are ordered a second time, by cosine with the query;
a passage scores ``weight / (RRF_K + rank)`` in each of the two orders (Cormack et
al., 2009). Fusing ranks, not scores, needs no calibration between BM25 and cosine;
re-ordering the lexical candidates, rather than adding the nearest passages of the
whole index, keeps what the words found and costs the same at any index size.
``RRF_K``, the semantic weight and re-ordering over adding were chosen on both dev
sets together (README, "Hybrid search"), never on single queries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

RRF_K = 20
LEXICAL_WEIGHT = 1.0
SEMANTIC_WEIGHT = 0.25
# How many lexical candidates are re-ordered (and, in ``semantic`` mode, how many
# nearest passages are found).
CANDIDATES = 100

# Query syntax whose meaning only the lexical side can honour: exact phrases,
# boolean operators, required/excluded words, fields, wildcards, grouping. A question
# mark ending a word ends a question; inside a word (``w?lvaart``) it is a wildcard.
_SYNTAX = re.compile(r'["()*]|\?\w|\b(?:AND|OR|NOT)\b|(?:^|\s)[-+]\S|\w:')


def semantic_applies(query: str) -> bool:
    """Whether ``query`` is plain words, so meaning may rank it: a query with an exact
    phrase, boolean operators or fields keeps its lexical meaning."""
    return _SYNTAX.search(query) is None


def fuse(
    lexical: Sequence[str],
    semantic: Sequence[str],
    *,
    k: int = RRF_K,
    semantic_weight: float = SEMANTIC_WEIGHT,
) -> list[tuple[float, str]]:
    """Passage ids of both rankings (best first), fused by reciprocal rank; ties by
    passage id, so the order is deterministic."""
    scores: dict[str, float] = {}
    for weight, ranking in ((LEXICAL_WEIGHT, lexical), (semantic_weight, semantic)):
        for rank, passage_id in enumerate(ranking, start=1):
            scores[passage_id] = scores.get(passage_id, 0.0) + weight / (k + rank)
    return sorted(
        ((round(score, 9), passage_id) for passage_id, score in scores.items()),
        key=lambda pair: (-pair[0], pair[1]),
    )
