"""Fixed, seeded query set by kind, drawn from a corpus's vocabulary.

``python -m bench.queries --corpus bench/out/passages-10k.jsonl --out bench/out/queries.json``

Terms mix frequent and mid-frequency words of the first ``sample`` passages; the
AND queries pair words of one passage, filtered queries take a word of a passage and
its type and/or a 3-year window around its date, so they usually have hits. As
the generator's output for N passages is a prefix of that for larger N, every
corpus size of one seed yields the same queries.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from bench.corpus import read_passages

KINDS = ("single", "phrase", "boolean", "natural", "filtered")
STOPWORDS = 100  # the most widespread terms count as stop words
FREQUENT = 1_000  # terms ranked below STOPWORDS..FREQUENT by passages are "frequent"
MID_MIN_PASSAGES = 5  # "mid-frequency" terms: rank > FREQUENT, in at least this many passages
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Query:
    """One benchmark query: ``text`` in Whoosh syntax plus optional filters (ISO dates)."""

    kind: str
    text: str
    doc_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class _Sampler:
    def __init__(self, passages: list[dict[str, object]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.passages = passages
        self.tokens = [_WORD.findall(str(p["text"]).lower()) for p in passages]
        df = Counter(t for tokens in self.tokens for t in set(tokens))
        ranked = [t for t, _ in df.most_common()]
        self.stop = set(ranked[:STOPWORDS])
        self.frequent = ranked[STOPWORDS:FREQUENT]
        self.mid = [t for t in ranked[FREQUENT:] if df[t] >= MID_MIN_PASSAGES]

    def term(self) -> str:
        pool = self.frequent if self.rng.random() < 0.5 else self.mid
        return self.rng.choice(pool)

    def window(self, n: int) -> list[str]:
        """``n`` consecutive words of a random passage, not all of them stop words."""
        while True:
            tokens = self.rng.choice(self.tokens)
            if len(tokens) < n:
                continue
            start = self.rng.randrange(len(tokens) - n + 1)
            words = tokens[start : start + n]
            if any(w not in self.stop for w in words):
                return words

    def passage_terms(self) -> tuple[dict[str, object], list[str]]:
        """A random passage and its words that are not stop words (at least two)."""
        while True:
            i = self.rng.randrange(len(self.passages))
            terms = sorted({t for t in self.tokens[i] if t not in self.stop and len(t) > 2})
            if len(terms) >= 2:
                return self.passages[i], terms

    def query(self, kind: str, i: int) -> Query:
        if kind == "single":
            return Query(kind, self.term())
        if kind == "phrase":
            return Query(kind, '"' + " ".join(self.window(2)) + '"')
        if kind == "boolean" and i % 3 == 0:  # AND of two words that do co-occur
            return Query(kind, " AND ".join(self.rng.sample(self.passage_terms()[1], 2)))
        if kind == "boolean":
            return Query(kind, f"{self.term()} {('OR', 'NOT')[i % 3 - 1]} {self.term()}")
        if kind == "natural":
            return Query(kind, " ".join(self.window(5)))
        # filtered: a word of a random passage, filtered by that passage's type and/or dates
        passage, terms = self.passage_terms()
        term, year = self.rng.choice(terms), int(str(passage["date"])[:4])
        start = year - self.rng.randrange(3)
        dates = (f"{start}-01-01", f"{start + 2}-12-31")
        doc_type = str(passage["doc_type"])
        if i % 3 == 0:
            return Query(kind, term, doc_type=doc_type)
        if i % 3 == 1:
            return Query(kind, term, date_from=dates[0], date_to=dates[1])
        return Query(kind, term, doc_type, *dates)


def build_queries(
    corpus: Path, per_kind: int = 50, seed: int = 7, sample: int = 10_000
) -> list[Query]:
    """``per_kind`` queries of every kind in :data:`KINDS`, from the corpus's first passages."""
    sampler = _Sampler(list(islice(read_passages(corpus), sample)), seed)
    return [sampler.query(kind, i) for kind in KINDS for i in range(per_kind)]


def save_queries(queries: list[Query], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(q) for q in queries], indent=1, ensure_ascii=False))


def load_queries(path: Path) -> list[Query]:
    return [Query(**q) for q in json.loads(path.read_text(encoding="utf-8"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    queries = build_queries(args.corpus, args.per_kind, args.seed)
    save_queries(queries, args.out)
    for q in queries[:: args.per_kind // 5]:
        print(q)


if __name__ == "__main__":
    main()
