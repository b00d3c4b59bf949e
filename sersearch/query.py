"""Query parsing: the user's query string → a Whoosh query, plus the search filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh.qparser import FieldAliasPlugin, OrGroup, PhrasePlugin, QueryParser
from whoosh.query import (
    And,
    AndNot,
    Every,
    Not,
    NullQuery,
    Or,
    Prefix,
    Query,
    Term,
    TermRange,
    Wildcard,
)

from sersearch.dates import date_bounds, is_partial_date
from sersearch.errors import QueryError

_SURROGATE = re.compile("[\ud800-\udfff]")
FIELD_ALIASES = {
    "doc_type": ["type", "soort"],
    "title": ["titel"],
    "section": ["sectie", "hoofdstuk", "kop"],
}
FILTER_FIELDS = frozenset({"doc_type", "doc_id"})
# Any word may match; each further matching word adds this share of a bonus.
OR_GROUP_BONUS = 0.9
# Longer queries are refused: no one types them, and parsing them costs time.
MAX_QUERY_CHARS = 2_000
# Index terms one wildcard, prefix (``a*``) or range may stand for, in index order.
MAX_EXPANSIONS = 512
# Index terms a wildcard without a literal prefix (``*heid``) may look at.
MAX_SCANNED_TERMS = 100_000


class ExactPhraseNode(PhrasePlugin.PhraseNode):
    """A quoted phrase in the text: its stems in order, stopword gaps allowed (see
    ``sersearch.phrases``)."""

    def query(self, parser: QueryParser) -> Query:
        from sersearch.phrases import phrase_query

        fieldname = self.fieldname or parser.fieldname
        if fieldname != "text":
            return super().query(parser)
        analyzer = parser.schema["text"].analyzer
        return phrase_query("text", analyzer, self.text, boost=self.boost) or NullQuery


class ExactPhraseTagger(PhrasePlugin.PhraseTagger):
    def create(self, parser: QueryParser, match: re.Match[str]) -> ExactPhraseNode:
        slop = int(match.group("slop")) if match.group("slop") else 1
        return ExactPhraseNode(match.group("text"), match.start("text"), slop)


class ExactPhrasePlugin(PhrasePlugin):
    """Whoosh's phrase syntax, as stems in order for the text field."""

    def taggers(self, parser: QueryParser) -> list[tuple[Any, int]]:
        return [(ExactPhraseTagger(self.expr), 0)]


def parse_query(
    query: str, schema: Any, *, expand: bool = True, synonyms: Path | None = None
) -> Query:
    """Parse the user's query: words (any may match, more matches rank higher), quoted
    phrases (exact after folding), AND/OR/NOT, fields such as ``type:brief``.

    Compound words also match their parts near each other; with ``expand``,
    abbreviations also match their expansions, and synonyms theirs (the shipped table
    plus the user's file ``synonyms``; see ``sersearch.expand``).

    A query longer than ``MAX_QUERY_CHARS`` is refused with a :class:`QueryError`
    rather than cut (a cut could change its meaning, e.g. inside quotes); wildcards,
    prefixes and ranges are bounded (see :func:`bounded`)."""
    from sersearch.expand import ExpandingQueryParser

    # Lone surrogates (undecodable bytes of a command-line argument) are no text.
    query = _SURROGATE.sub("\ufffd", query)
    if not query.strip():
        raise QueryError('the query is empty: give one or more words, e.g. "brede welvaart"')
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long ({len(query):,} characters; at most {MAX_QUERY_CHARS:,})"
        )
    parser = ExpandingQueryParser(
        "text", schema, group=OrGroup.factory(OR_GROUP_BONUS), expand=expand, synonyms=synonyms
    )
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(ExactPhrasePlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return required_filters_and_exclusions(parser.parse(query)).accept(bounded)


class BoundedPrefix(Prefix):
    """A prefix query (``welvaart*``) that stands for at most ``MAX_EXPANSIONS`` terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


class BoundedWildcard(Wildcard):
    """A wildcard query (``w?lvaart``, ``*heid``) that stands for at most
    ``MAX_EXPANSIONS`` terms, found among at most ``MAX_SCANNED_TERMS``."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        pattern = re.compile(self._get_pattern())
        prefix = self._find_prefix(self.text)
        candidates: Iterable[bytes] = (
            ixreader.expand_prefix(self.fieldname, prefix)
            if prefix
            else ixreader.lexicon(self.fieldname)
        )
        from_bytes = ixreader.schema[self.fieldname].from_bytes
        scanned = islice(candidates, MAX_SCANNED_TERMS)
        return islice((b for b in scanned if pattern.match(from_bytes(b))), MAX_EXPANSIONS)

    def normalize(self) -> Query:
        return bounded(super().normalize())


class BoundedTermRange(TermRange):
    """A term range (``title:[a TO c]``) that stands for at most ``MAX_EXPANSIONS`` terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), MAX_EXPANSIONS)


def bounded(query: Query) -> Query:
    """The query with its term expansions bounded, so that ``a*`` stays fast on a big
    index: prefixes, wildcards and term ranges stand for a limited number of terms (the
    first in index order), and ``*`` in a field matches every passage instead of reading
    the postings of every term of that field."""
    kind = type(query)
    if kind is Prefix:
        return BoundedPrefix(query.fieldname, query.text, boost=query.boost)
    if kind is Wildcard:
        return BoundedWildcard(query.fieldname, query.text, boost=query.boost)
    if kind is TermRange:
        return BoundedTermRange(
            query.fieldname,
            query.start,
            query.end,
            query.startexcl,
            query.endexcl,
            boost=query.boost,
            constantscore=query.constantscore,
        )
    if kind is Every and query.fieldname is not None:
        return Every(boost=query.boost)
    return query


def required_filters_and_exclusions(query: Query) -> Query:
    """In a group where any word may match, ``NOT x`` still excludes and a field filter
    such as ``type:brief`` still restricts: ``a b NOT c type:brief`` means
    (a OR b) AND NOT c AND type:brief."""
    if not isinstance(query, Or):
        return query.apply(required_filters_and_exclusions) if not query.is_leaf() else query
    children = [required_filters_and_exclusions(child) for child in query.subqueries]
    excluded = [child.query for child in children if isinstance(child, Not)]
    required = [child for child in children if _is_filter(child)]
    wanted = [c for c in children if not isinstance(c, Not) and not _is_filter(c)]
    if not excluded and not required:
        return query.__class__(children, boost=query.boost, scale=query.scale)
    positive: Query = query.__class__(wanted, boost=query.boost, scale=query.scale)
    if required:
        positive = And([positive, *required]) if wanted else And(required)
    return AndNot(positive, Or(excluded)) if excluded else positive


def _is_filter(query: Query) -> bool:
    return query.is_leaf() and getattr(query, "fieldname", None) in FILTER_FIELDS


# Filter terms join the query with a weight too small to move a rounded score (a
# weight of 0 would let Whoosh's top-k pruning skip every match).
FILTER_BOOST = 1e-9
# A date range wider than this many years is not narrowed by year terms.
MAX_FILTER_YEARS = 60


@dataclass(frozen=True)
class PassageFilter:
    """Which passages may answer: ``query`` narrows the search cheaply (document type,
    year; it adds nothing to scores), ``accepts`` then checks a passage's exact date."""

    query: Query | None = None
    first_day: int | None = None
    last_day: int | None = None
    passages: frozenset[str] = frozenset()  # left out by passage id
    documents: frozenset[str] = frozenset()  # left out by doc id

    def accepts(self, fields: dict[str, Any]) -> bool:
        if fields.get("passage_id") in self.passages or fields.get("doc_id") in self.documents:
            return False
        if self.first_day is None and self.last_day is None:
            return True
        start, end = date_bounds(fields.get("date"))
        if start is None or end is None:
            return False
        return (self.first_day is None or end >= self.first_day) and (
            self.last_day is None or start <= self.last_day
        )


def build_filter(
    doc_types: tuple[str, ...] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    doc_ids: frozenset[str] | None = None,
) -> PassageFilter:
    """Passages of the given types, dated (wholly or partly) within [date_from, date_to],
    of the documents ``doc_ids`` (any document if ``None``)."""
    clauses: list[Query] = []
    if doc_ids is not None:
        clauses.append(
            Or([Term("doc_id", doc_id, boost=FILTER_BOOST) for doc_id in sorted(doc_ids)])
        )
    if doc_types:
        clauses.append(
            Or([Term("doc_type", doc_type.lower(), boost=FILTER_BOOST) for doc_type in doc_types])
        )
    first_day = date_bounds(_checked_date(date_from, "--from"))[0] if date_from else None
    last_day = date_bounds(_checked_date(date_to, "--to"))[1] if date_to else None
    if first_day and last_day and first_day > last_day:
        raise QueryError(f"--from {date_from} is later than --to {date_to}")
    if first_day or last_day:
        first_year = first_day // 10000 if first_day else None
        last_year = last_day // 10000 if last_day else None
        if first_year and last_year and last_year - first_year <= MAX_FILTER_YEARS:
            years = range(first_year, last_year + 1)
            clauses.append(Or([Term("year", str(year), boost=FILTER_BOOST) for year in years]))
        else:
            clauses.append(Every("year"))
    query = None if not clauses else clauses[0] if len(clauses) == 1 else And(clauses)
    return PassageFilter(query, first_day, last_day)


def _checked_date(value: str, option: str) -> str:
    if not is_partial_date(value):
        raise QueryError(f"{option} takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def positive_terms(query: Query) -> Iterator[tuple[str, str]]:
    """The (field, term) pairs a query asks for, leaving out those under NOT."""
    if isinstance(query, Not):
        return
    if query.is_leaf():
        yield from query.terms(phrases=True)
        return
    for child in query.children():
        yield from positive_terms(child)
