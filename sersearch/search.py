"""Query → ranked, cited passages with the query words highlighted."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.query import And, NullQuery, Term

from sersearch.errors import QueryError
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
# Fewer matching passages than this: suggest a spelling (see sersearch.suggest).
SUGGEST_BELOW = 3
# BM25 parameters (see docs/quality.md for how they were chosen): K1 saturates
# repeated words, B normalises for passage length.
BM25_K1 = 1.2
BM25_B = 0.75


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
    doc_ids: tuple[str, ...] = ()
    # lexical | semantic | hybrid (see sersearch.semantic); plain-word queries only.
    mode: str = "lexical"


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
        from sersearch.phrases import required_phrases, unsearchable_phrases
        from sersearch.query import build_filter, parse_query, positive_terms
        from sersearch.suggest import suggest_query

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
        passage_filter = build_filter(
            options.doc_types, options.date_from, options.date_to, options.doc_ids
        )
        self._refresh()
        blend = options.mode != "lexical" and semantic_applies(query)
        depth = max(options.limit, CANDIDATES) if blend else options.limit
        found, total = self._matches(parsed, passage_filter, depth, list(required_phrases(parsed)))
        suggestion = suggest_query(self._searcher, query) if total < SUGGEST_BELOW else None
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

    def _refresh(self) -> None:
        """Move on to what index runs committed since the last search, or to the index a
        rebuild put in its place; while a commit is replacing the table of contents,
        keep searching what was there."""
        if data_dir(self.index_dir) != self._folder:
            self._searcher.close()
            self._open()
            return
        try:
            if not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
        except (OSError, TypeError, ValueError):
            return

    def _matches(
        self,
        parsed: Any,
        passage_filter: PassageFilter,
        limit: int,
        phrases: list[tuple[str, ...]],
    ) -> tuple[list[tuple[float, dict[str, Any]]], int]:
        """The ``limit`` best passages, plus any that tie with the last of them (so ties
        sort by passage id, not by index order), and about how many match in all.
        Passages that lack a required phrase word for word are passed over, searching
        deeper until enough are left. Stored fields are read only for the passages
        returned."""
        from sersearch.phrases import contains_phrase

        ranked = self._ranker(parsed, passage_filter)
        depth = limit + 10
        while True:
            scored, estimated = ranked(depth)
            complete = len(scored) < depth
            kept: list[tuple[float, dict[str, Any]]] = []
            for score, docnum in scored:
                score = round(score, 6)
                if len(kept) >= limit and score < kept[limit - 1][0]:
                    break
                fields = self._searcher.stored_fields(docnum)
                if passage_filter.accepts(fields) and all(
                    contains_phrase(fields["text"], phrase) for phrase in phrases
                ):
                    kept.append((score, fields))
            boundary_seen = len(kept) >= limit and round(scored[-1][0], 6) < kept[limit - 1][0]
            if complete or boundary_seen:
                total = len(kept) if complete and phrases else max(estimated, len(kept))
                return kept, total
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
    """The ranking function: BM25 over each field, summed with the field boosts."""
    from whoosh.scoring import BM25F

    return BM25F(B=BM25_B, K1=BM25_K1)


class Highlighter:
    """Character spans of the passage words that match the query, as written.

    Only words containing a query term's core (see ``term_core``) are analysed: the
    first time a word is analysed costs its compound splitting, which dominates the
    time of a one-off search."""

    def __init__(self, terms: Iterable[tuple[str, str]]) -> None:
        from sersearch.analysis.words import term_core

        self.stems = {text for fieldname, text in terms if fieldname in ("text", "title")}
        cores = {term_core(stem) for stem in self.stems}
        self._cores = None if None in cores else re.compile("|".join(map(re.escape, cores)))

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """The words of ``text`` whose index terms (as the text field analyses them)
        include a query term."""
        from sersearch.analysis.analyzer import TOKEN_PATTERN
        from sersearch.analysis.words import DEFAULT_STEMMER, analyser, skeleton

        if not self.stems:
            return ()
        analyse, cores, stems = analyser(DEFAULT_STEMMER, True), self._cores, self.stems
        return tuple(
            match.span()
            for match in re.finditer(TOKEN_PATTERN, text)
            if (cores is None or cores.search(skeleton(match.group())))
            and not stems.isdisjoint(analyse(match.group()))
        )


def to_hit(rank: int, score: float, fields: dict[str, Any], highlighter: Highlighter) -> Hit:
    """A stored passage record as a ranked, cited hit."""
    date_text: str | None = fields.get("date")
    title, source = fields.get("title", ""), fields["source"]
    page, page_label = fields.get("page"), fields.get("page_label")
    section = fields.get("section") or None
    return Hit(
        rank=rank,
        score=score,
        passage_id=fields["passage_id"],
        doc_id=fields["doc_id"],
        title=title,
        date=date_text if date_text and len(date_text) == 10 else None,
        year=int(date_text[:4]) if date_text else None,
        doc_type=fields.get("doc_type") or None,
        page=page,
        page_label=page_label,
        section=section,
        text=fields["text"],
        source=source,
        citation=citation(title, date_text, page, page_label, section, source),
        highlights=highlighter.spans(fields["text"]),
    )


def citation(
    title: str,
    date: str | None,
    page: int | None,
    page_label: str | None,
    section: str | None,
    source: str,
) -> str:
    """One human-readable line: title, date, page, section, file."""
    parts = [title]
    if date:
        parts.append(date)
    if page is not None:
        label = page_label if page_label and page_label != str(page) else None
        parts.append(f"p. {page}" + (f" ({label})" if label else ""))
    if section:
        parts.append(f"§ {section}")
    parts.append(os.path.basename(source))
    return ", ".join(parts)
