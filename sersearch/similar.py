"""Similar passages: the passages that share a passage's key terms.

A passage's key terms are the index terms its text yields (the Dutch analysis of the
text field: stems, compound parts, no stop words), weighted by tf·idf: how often the
passage uses a term (sublinearly, 1 + log tf), times how rare the term is among all
passages. The best ``KEY_TERMS`` of them, each boosted by its weight, form an OR query
that runs through the normal search (BM25, filters); the passages found must share a
part of the key terms (``SHARED_SHARE``), and the passage itself is left out.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace

from whoosh.query import Or, Term

from sersearch.errors import SersearchError
from sersearch.models import Hit
from sersearch.search import Exclusions, Searcher, SearchOptions, SearchResult

# Enough terms to say what a paragraph is about, few enough to keep it specific.
KEY_TERMS = 12
# The share of the key terms a similar passage must hold (three of twelve). Looked at on
# ../shared/corpus-real: with two, a short passage sharing two common words came first
# for unrelated passages; with Elasticsearch's "more like this" default of 30 % (four)
# related passages on fines and on housing were left out.
SHARED_SHARE = 0.25
NO_TERMS_NOTE = "the passage has no words that other passages share"


@dataclass(frozen=True)
class SimilarResult:
    """The passages like ``passage_id`` and the key terms (stems) they were found by."""

    passage_id: str
    terms: tuple[str, ...]
    result: SearchResult


def key_terms(searcher: Searcher, text: str, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` terms of ``text`` with the highest tf·idf, best first (ties by
    term), each with its weight. A compound counts as the whole word, not also as its
    parts (``wespendief``, not ``wesp`` and ``dief``); terms no other passage holds are
    left out: they cannot find anything."""
    frequencies = Counter(words(searcher, text))
    passages, holding = searcher.term_statistics(frequencies)
    weighted = [
        (term, (1 + math.log(tf)) * math.log(1 + passages / holding[term]))
        for term, tf in frequencies.items()
        if holding[term] > 1
    ]
    return sorted(weighted, key=lambda pair: (-pair[1], pair[0]))[:count]


def words(searcher: Searcher, text: str) -> list[str]:
    """The index terms of ``text``, one per word: the first term at each position
    (the analysis puts a compound's parts at the position of the whole word)."""
    seen: set[int] = set()
    terms = []
    for token in searcher.text_analyzer(text, positions=True):
        if token.pos not in seen:
            seen.add(token.pos)
            terms.append(token.text)
    return terms


def similar_passages(
    searcher: Searcher,
    passage_id: str,
    options: SearchOptions | None = None,
    *,
    other_docs: bool = False,
) -> SimilarResult:
    """The passages most like ``passage_id`` by its key terms, itself left out (and,
    with ``other_docs``, every passage of its own document). A passage must share at
    least ``SHARED_SHARE`` of the key terms (two at least), so that one or two common
    words in a short passage are not enough."""
    options = options or SearchOptions()
    doc_id = passage_id.rpartition(":")[0]
    passage = next(
        (fields for fields in searcher.stored(doc_id) if fields["passage_id"] == passage_id),
        None,
    )
    if passage is None:
        raise SersearchError(
            f"no passage {passage_id!r} in the index: passage ids look like "
            "'doc-id:0012' (see `sersearch search … --format json` or `sersearch show`)"
        )
    weights = dict(key_terms(searcher, passage["text"]))
    if not weights:
        return SimilarResult(passage_id, (), SearchResult(passage_id, [], 0, note=NO_TERMS_NOTE))
    top = max(weights.values())
    query = Or([Term("text", term, boost=weight / top) for term, weight in weights.items()])
    excluded = Exclusions(frozenset({passage_id}), frozenset({doc_id} if other_docs else ()))
    needed = max(2, math.ceil(SHARED_SHARE * len(weights)))

    def shares_enough(hit: Hit) -> bool:
        return len(weights.keys() & set(words(searcher, hit.text))) >= needed

    depth = options.limit
    while True:
        found = searcher.run(query, passage_id, replace(options, limit=depth), excluded=excluded)
        kept = [hit for hit in found.hits if shares_enough(hit)]
        exhausted = len(found.hits) < depth
        if exhausted or len(kept) >= options.limit:
            break
        depth *= 4
    # Every candidate seen: the count is exact; else scaled by the share kept so far.
    total = len(kept) if exhausted else round(found.total * len(kept) / len(found.hits))
    hits = [replace(hit, rank=rank) for rank, hit in enumerate(kept[: options.limit], start=1)]
    terms = tuple(sorted(weights, key=lambda term: -weights[term]))
    return SimilarResult(passage_id, terms, SearchResult(passage_id, hits, max(total, len(hits))))
