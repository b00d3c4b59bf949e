"""Query → ranked, cited passages with the query words highlighted."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.query import And, NullQuery, Term

from sersearch.errors import QueryError
from sersearch.hits import Highlighter, to_hit
from sersearch.models import Hit
from sersearch.query import PassageFilter
from sersearch.semantic.fusion import CANDIDATES, semantic_applies
from sersearch.store import data_dir, open_searcher

if TYPE_CHECKING:
    from sersearch.engine.masks import FilterMasks
    from sersearch.engine.topk import TopK

# The index's per-document records, never a search result, and their indexed fields.
DOCUMENT_RECORDS = Term("kind", "doc")
RECORD_FIELDS = frozenset({"kind", "doc_id", None})
# Why a query of stop words only (or punctuation) finds nothing.
NO_WORDS_NOTE = (
    "the query has no words to search for: stop words such as 'de', 'het' and 'bij' "
    "are left out of the index"
)
SKIPPED_PHRASE_NOTE = "{} has only stop words, which are left out of the index: not searched for"
# Fewer matching passages than this: suggest a spelling for rare words too, not only for
# words the index does not hold (see sersearch.suggest).
SUGGEST_BELOW = 3
# BM25 parameters (see docs/quality.md for how they were chosen): K1 saturates
# repeated words, B normalises for passage length.
BM25_K1 = 1.2
BM25_B = 0.3


@dataclass(frozen=True)
class SearchOptions:
    """How to search: how many hits, which documents may answer (by type, date and,
    when ``doc_ids`` is given, only those documents), and whether to expand
    abbreviations and synonyms (with the user's own ``synonyms`` file)."""

    limit: int = 10
    doc_types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    expand: bool = True
    synonyms: Path | None = None
    doc_ids: frozenset[str] | None = None  # only passages of these documents
    # lexical | semantic | hybrid (see sersearch.semantic); plain-word queries only.
    mode: str = "lexical"


@dataclass(frozen=True)
class Exclusions:
    """Passages and documents a search leaves out (by passage id and doc id)."""

    passages: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SearchResult:
    """The hits of one query, best first, and about how many passages matched in all
    (exact for small result sets; estimated by Whoosh when not every match was scored),
    with a spelling ``suggestion`` or a ``note`` on why nothing could match."""

    query: str
    hits: list[Hit]
    total: int
    suggestion: str | None = None
    note: str | None = None


class Searcher:
    """An index opened for any number of searches; it sees what index runs commit
    in the meantime."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._open()
        self._topk: TopK | None = None
        self._masks: FilterMasks | None = None  # with ``_topk``, for the same searcher

    def _open(self) -> None:
        from sersearch.engine.storage import index_folder

        self._index, self._searcher = open_searcher(self.index_dir, weighting=weighting())
        self._folder = index_folder(self._index)

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()

    def search(self, query: str, options: SearchOptions | None = None) -> SearchResult:
        """Run ``query``; ties rank by passage id, so runs are reproducible."""
        from sersearch.phrases import unsearchable_phrases
        from sersearch.query import parse_query

        options = options or SearchOptions()
        if options.limit < 1:
            raise QueryError("the limit must be at least 1")
        parsed = parse_query(
            query, self._searcher.schema, expand=options.expand, synonyms=options.synonyms
        )
        if parsed is NullQuery:
            return SearchResult(query=query, hits=[], total=0, note=NO_WORDS_NOTE)
        skipped = unsearchable_phrases(query, self._searcher.schema["text"].analyzer)
        note = SKIPPED_PHRASE_NOTE.format(", ".join(f'"{p}"' for p in skipped)) if skipped else None
        return self.run(parsed, query, options, note=note, suggest=True)

    def run(
        self,
        parsed: Any,
        query: str,
        options: SearchOptions,
        *,
        note: str | None = None,
        suggest: bool = False,
        excluded: Exclusions | None = None,
    ) -> SearchResult:
        """Run a parsed query (``query`` is its text) with ``options``, leaving out the
        ``excluded`` passages and documents; with ``suggest``, add a spelling suggestion."""
        from sersearch.query import build_filter, positive_terms
        from sersearch.suggest import RARE_BELOW, suggest_query

        if options.doc_ids is not None and not options.doc_ids:
            return SearchResult(query=query, hits=[], total=0, note=note)
        passage_filter = build_filter(
            options.doc_types, options.date_from, options.date_to, options.doc_ids
        )
        if excluded is not None:
            passage_filter = replace(
                passage_filter, passages=excluded.passages, documents=excluded.documents
            )
        self._refresh()
        suggestion = None
        blend = options.mode != "lexical" and semantic_applies(query)
        depth = max(options.limit, CANDIDATES) if blend else options.limit
        found, total = self._matches(parsed, passage_filter, depth)
        if suggest:
            # Little found: correct rare words too; else only words the index lacks
            # (``windenrgie beleid`` finds plenty on ``beleid`` alone).
            suggestion = suggest_query(
                self._searcher, query, RARE_BELOW if total < SUGGEST_BELOW else 1
            )
        ranked = sorted(found, key=lambda pair: (-pair[0], pair[1]["passage_id"]))
        if blend:
            from sersearch.semantic.ranking import blend_rankings

            ranked, total = blend_rankings(
                self._searcher, self._folder, query, ranked, total, options, passage_filter
            )
        highlighter = Highlighter(positive_terms(parsed))
        hits = [
            to_hit(rank, score, fields, highlighter)
            for rank, (score, fields) in enumerate(ranked[: options.limit], start=1)
        ]
        return SearchResult(query, hits, total, suggestion=suggestion, note=note)

    def stored(self, doc_id: str) -> list[dict[str, Any]]:
        """The stored fields of a document's passages, in reading order."""
        self._refresh()
        results = self._searcher.search(Term("doc_id", doc_id), limit=None, mask=DOCUMENT_RECORDS)
        return sorted((hit.fields() for hit in results), key=lambda fields: fields["ordinal"])

    def term_statistics(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """The number of passages and, per term of the text field, how many hold it."""
        self._refresh()
        frequency = self._searcher.doc_frequency
        return self._searcher.doc_count(), {term: frequency("text", term) for term in terms}

    @property
    def text_analyzer(self) -> Any:
        return self._searcher.schema["text"].analyzer

    def _refresh(self) -> None:
        """Move on to what index runs committed since the last search, or to the index a
        rebuild put in its place, by opening it anew. (Whoosh's own ``refresh`` reuses
        the open segment readers and, after a commit that merged segments, keeps the
        merged-away ones beside the merged one: a view of some passages twice.) While a
        commit is replacing the table of contents, keep searching what was there."""
        try:
            if data_dir(self.index_dir) == self._folder and self._searcher.up_to_date():
                return
        except (OSError, TypeError, ValueError):
            return
        self._searcher.close()
        self._open()

    def _matches(
        self,
        parsed: Any,
        passage_filter: PassageFilter,
        limit: int,
    ) -> tuple[list[tuple[float, dict[str, Any]]], int]:
        """The ``limit`` best passages, plus any that tie with the last of them (so ties
        sort by passage id, not by index order), and about how many match in all.

        A passage's final score adds the prose prior and its document's evidence to
        its BM25 score (see ``sersearch.rescore``); passages are read in BM25 order
        only until no later one can change the top. Passages the filter refuses (by
        exact date) are passed over, searching deeper until enough are left, and so
        are copies of a passage already kept (the same passage of a file stored
        under several names: the kept one lists every ``sources``). Stored fields
        are read only for the passages looked at."""
        from sersearch.rescore import FinalScores

        ranked = self._ranker(parsed, passage_filter)
        depth = limit + 10
        read: dict[int, dict[str, Any]] = {}  # stored fields, read once per search
        while True:
            scored, estimated = ranked(depth)
            complete = len(scored) < depth
            finals = FinalScores(limit)
            copies: dict[tuple[str, int], dict[str, Any]] = {}
            for score, docnum in scored:
                if finals.settled(score):
                    break
                if docnum not in read:
                    read[docnum] = self._searcher.stored_fields(docnum)
                fields = read[docnum]
                if passage_filter.accepts(fields) and _first_copy(fields, copies):
                    finals.add(score, fields)
            boundary_seen = finals.settled(scored[-1][0]) if scored else False
            if complete or boundary_seen:
                kept = finals.ranked()
                return kept, max(estimated, len(kept))
            depth *= 4

    def _ranker(
        self, parsed: Any, passage_filter: PassageFilter
    ) -> Callable[[int], tuple[list[tuple[float, int]], int]]:
        """A function from a depth to the best (score, docnum) pairs to that depth and
        about how many passages match: sersearch's own top-k evaluation where the
        query allows it (see ``sersearch.engine.topk``), else Whoosh's."""
        from sersearch.engine.masks import FilterMasks
        from sersearch.engine.topk import TopK, plan_query

        mask = DOCUMENT_RECORDS if may_match_records(parsed) else None
        plan = plan_query(parsed) if mask is None else None
        if plan is not None:
            if self._topk is None or self._topk.searcher is not self._searcher:
                self._topk = TopK(self._searcher, BM25_B, BM25_K1, self._folder)
                self._masks = FilterMasks(self._searcher)
            allowed = None
            if passage_filter.query is not None:
                allowed = self._masks.mask(passage_filter.query)
            if (allowed is not None or passage_filter.query is None) and self._topk.scorable(plan):
                return self._topk.ranking(plan, allowed)
        query = parsed if passage_filter.query is None else And([parsed, passage_filter.query])

        def whoosh_ranked(depth: int) -> tuple[list[tuple[float, int]], int]:
            results = self._searcher.search(query, limit=depth, mask=mask)
            scored = [(results.score(i), results.docnum(i)) for i in range(results.scored_length())]
            return scored, results.estimated_length()

        return whoosh_ranked


def _first_copy(fields: dict[str, Any], copies: dict[tuple[str, int], dict[str, Any]]) -> bool:
    """Whether this passage is the first of its copies; a later copy adds its file to
    the first one's ``sources``."""
    fields.setdefault("sources", [fields["source"]])
    if "sha256" not in fields:  # an index from before copies were recognised
        return True
    key = (fields["sha256"], fields["ordinal"])
    first = copies.setdefault(key, fields)
    if first is fields:
        return True
    first["sources"] = sorted({*first["sources"], fields["source"]})
    return False


def may_match_records(query: Any) -> bool:
    """Whether a query could match the index's document records: only negations,
    match-all and queries on record fields can (records have no text)."""
    from whoosh.query import Every, Not

    if isinstance(query, (Every, Not)):
        return True
    if query.is_leaf():
        return getattr(query, "fieldname", None) in RECORD_FIELDS
    return any(may_match_records(child) for child in query.children())


def search(index_dir: Path, query: str, options: SearchOptions | None = None) -> SearchResult:
    """Run one ``query`` against the index at ``index_dir`` (see ``Searcher``)."""
    with Searcher(index_dir) as searcher:
        return searcher.search(query, options)


def weighting() -> Any:
    """The ranking function: BM25 over each field, summed with the field boosts, with
    the Robertson–Spärck Jones idf (see ``RobertsonIdf``)."""
    from whoosh.scoring import BM25F

    class RobertsonBM25F(RobertsonIdf, BM25F):
        pass

    return RobertsonBM25F(B=BM25_B, K1=BM25_K1)


class RobertsonIdf:
    """BM25's own idf, ``log(1 + (N - n + 0.5) / (n + 0.5))`` as Lucene computes it
    (the 1 keeps it positive), for a term in ``n`` of ``N`` passages. Whoosh's default,
    ``log(N / (n + 1)) + 1``, adds 1 to every term whatever its rarity, so that common
    words weigh relatively more. The top-k engine reads the idf from the searcher, so
    both rankings use this one."""

    def idf(self, searcher: Any, fieldname: str, text: bytes | str) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))
