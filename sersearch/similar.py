"""Similar passages: the passages that share a passage's key terms.

A passage's key terms are the index terms its text yields (the Dutch analysis of the
text field: stems, compound parts, no stop words), weighted by tf·idf: how often the
passage uses a term (sublinearly, 1 + log tf), times how rare the term is among all
passages. The best ``KEY_TERMS`` of them, each boosted by its weight, form an OR query
that runs through the normal search (BM25, filters); the passage itself is left out.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from whoosh.query import Or, Term

from sersearch.errors import SersearchError
from sersearch.search import Exclusions, Searcher, SearchOptions, SearchResult

# Enough terms to say what a paragraph is about, few enough to keep it specific.
KEY_TERMS = 12
NO_TERMS_NOTE = "the passage has no words that other passages share"


@dataclass(frozen=True)
class SimilarResult:
    """The passages like ``passage_id`` and the key terms (stems) they were found by."""

    passage_id: str
    terms: tuple[str, ...]
    result: SearchResult


def key_terms(searcher: Searcher, text: str, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` terms of ``text`` with the highest tf·idf, best first (ties by
    term), each with its weight. Terms no other passage holds are left out: they
    cannot find anything."""
    frequencies = Counter(token.text for token in searcher.text_analyzer(text))
    passages, holding = searcher.term_statistics(frequencies)
    weighted = [
        (term, (1 + math.log(tf)) * math.log(1 + passages / holding[term]))
        for term, tf in frequencies.items()
        if holding[term] > 1
    ]
    return sorted(weighted, key=lambda pair: (-pair[1], pair[0]))[:count]


def similar_passages(
    searcher: Searcher,
    passage_id: str,
    options: SearchOptions | None = None,
    *,
    other_docs: bool = False,
) -> SimilarResult:
    """The passages most like ``passage_id`` by its key terms, itself left out (and,
    with ``other_docs``, every passage of its own document)."""
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
    terms = key_terms(searcher, passage["text"])
    if not terms:
        return SimilarResult(passage_id, (), SearchResult(passage_id, [], 0, note=NO_TERMS_NOTE))
    top = terms[0][1]
    query = Or([Term("text", term, boost=weight / top) for term, weight in terms])
    excluded = Exclusions(frozenset({passage_id}), frozenset({doc_id} if other_docs else ()))
    result = searcher.run(query, passage_id, options, excluded=excluded)
    return SimilarResult(passage_id, tuple(term for term, _ in terms), result)
