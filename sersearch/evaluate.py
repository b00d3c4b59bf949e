"""Judged queries → retrieval quality: nDCG@10, MRR@10 and Recall@20, overall and per kind.

Matching follows the judged-query format: a passage is relevant to a judged spot
when (after normalisation) its text contains the spot's quote and it comes from the
spot's document; each spot earns credit once.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sersearch.errors import SersearchError
from sersearch.models import Hit

NDCG_DEPTH = 10
MRR_DEPTH = 10
RECALL_DEPTH = 20
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": None})
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Spot:
    doc: str | None
    quote: str
    grade: int


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query: str
    kind: str
    spots: tuple[Spot, ...]


@dataclass(frozen=True)
class QueryScore:
    query: JudgedQuery
    ndcg: float
    mrr: float
    recall: float


@dataclass(frozen=True)
class Evaluation:
    scores: tuple[QueryScore, ...]

    def mean(self, kind: str | None = None) -> tuple[float, float, float]:
        """Mean (nDCG@10, MRR@10, Recall@20) over all queries or one kind."""
        chosen = [s for s in self.scores if kind is None or s.query.kind == kind]
        if not chosen:
            return 0.0, 0.0, 0.0
        count = len(chosen)
        return (
            sum(s.ndcg for s in chosen) / count,
            sum(s.mrr for s in chosen) / count,
            sum(s.recall for s in chosen) / count,
        )

    def kinds(self) -> list[str]:
        return sorted({s.query.kind for s in self.scores})


def normalise(text: str) -> str:
    """NFKC, lower case, typographic quotes straightened, soft hyphens dropped,
    whitespace runs collapsed to one space."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _WHITESPACE.sub(" ", text).strip()


def load_judgements(path: Path) -> list[JudgedQuery]:
    """Read judged queries, one JSON object per line."""
    queries = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SersearchError(f"cannot read {path}: {error.strerror}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            spots = tuple(
                Spot(spot.get("doc"), spot["quote"], int(spot.get("grade", 1)))
                for spot in data["relevant"]
            )
            queries.append(JudgedQuery(data["id"], data["query"], data.get("kind", "-"), spots))
        except (ValueError, KeyError, TypeError) as error:
            raise SersearchError(f"{path}:{number}: not a judged query ({error})") from error
    return queries


def score_ranking(query: JudgedQuery, hits: Sequence[Hit]) -> QueryScore:
    """nDCG@10, reciprocal rank (within 10) and Recall@20 of one ranked list."""
    quotes = [normalise(spot.quote) for spot in query.spots]
    credited: set[int] = set()
    gains: list[float] = []
    first_relevant: int | None = None
    for rank, hit in enumerate(hits[:RECALL_DEPTH], start=1):
        text = normalise(hit.text)
        matched = [
            i
            for i, spot in enumerate(query.spots)
            if quotes[i] in text and (spot.doc is None or Path(hit.source).name == spot.doc)
        ]
        if matched and first_relevant is None:
            first_relevant = rank
        fresh = [i for i in matched if i not in credited]
        credited.update(fresh)
        gains.append(max((2 ** query.spots[i].grade - 1 for i in fresh), default=0))
    ideal = sorted((2**spot.grade - 1 for spot in query.spots), reverse=True)
    ndcg = _dcg(gains[:NDCG_DEPTH]) / (_dcg(ideal[:NDCG_DEPTH]) or 1.0)
    mrr = 1.0 / first_relevant if first_relevant and first_relevant <= MRR_DEPTH else 0.0
    recall = len(credited) / len(query.spots) if query.spots else 0.0
    return QueryScore(query, ndcg, mrr, recall)


def _dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def evaluate(
    queries: Sequence[JudgedQuery], run: Callable[[str, int], Sequence[Hit]]
) -> Evaluation:
    """Run every judged query through ``run(query, depth)`` and score the rankings."""
    return Evaluation(tuple(score_ranking(q, run(q.query, RECALL_DEPTH)) for q in queries))


def per_kind(evaluation: Evaluation) -> dict[str, tuple[float, float, float]]:
    """Mean measures per query kind, with ``all`` for the overall means."""
    table = {kind: evaluation.mean(kind) for kind in evaluation.kinds()}
    table["all"] = evaluation.mean()
    return table
