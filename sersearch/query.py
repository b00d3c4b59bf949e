"""Query parsing: the user's query string → a Whoosh query, plus the search filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.qparser import FieldAliasPlugin, OrGroup, PhrasePlugin, QueryParser
from whoosh.query import And, AndNot, Not, NumericRange, Or, Query, Term

from sersearch.errors import QueryError
from sersearch.index import date_bounds

FIELD_ALIASES = {
    "doc_type": ["type", "soort"],
    "title": ["titel"],
    "section": ["sectie", "hoofdstuk", "kop"],
    "exact": ["letterlijk"],
}
FILTER_FIELDS = frozenset({"doc_type", "doc_id", "source"})
# Any word may match; each further matching word adds this share of a bonus.
OR_GROUP_BONUS = 0.9
_DATE_ARGUMENT = re.compile(r"^(?:19|20)\d\d(?:-[01]\d(?:-[0-3]\d)?)?$")


class ExactPhraseNode(PhrasePlugin.PhraseNode):
    """A quoted phrase, matched on folded surface forms rather than stems."""

    def query(self, parser: QueryParser) -> Query:
        if self.fieldname in (None, "text"):
            self.fieldname = "exact"
        return super().query(parser)


class ExactPhraseTagger(PhrasePlugin.PhraseTagger):
    def create(self, parser: QueryParser, match: re.Match[str]) -> ExactPhraseNode:
        slop = int(match.group("slop")) if match.group("slop") else 1
        return ExactPhraseNode(match.group("text"), match.start("text"), slop)


class ExactPhrasePlugin(PhrasePlugin):
    """Whoosh's phrase syntax, aimed at the ``exact`` field."""

    def taggers(self, parser: QueryParser) -> list[tuple[Any, int]]:
        return [(ExactPhraseTagger(self.expr), 0)]


def parse_query(query: str, schema: Any) -> Query:
    """Parse the user's query: words (any may match, more matches rank higher), quoted
    phrases (exact after folding), AND/OR/NOT, fields such as ``type:brief``."""
    if not query.strip():
        raise QueryError('the query is empty: give one or more words, e.g. "brede welvaart"')
    parser = QueryParser("text", schema, group=OrGroup.factory(OR_GROUP_BONUS))
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(ExactPhrasePlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    try:
        return required_filters_and_exclusions(parser.parse(query))
    except Exception as error:
        raise QueryError(f"cannot parse the query {query!r}: {error}") from error


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


def build_filter(
    doc_types: tuple[str, ...] = (), date_from: str | None = None, date_to: str | None = None
) -> Query:
    """Passages only, of the given types, dated within [date_from, date_to]."""
    clauses: list[Query] = [Term("kind", "passage")]
    if doc_types:
        clauses.append(Or([Term("doc_type", doc_type.lower()) for doc_type in doc_types]))
    if date_from:
        start, _ = date_bounds(_checked_date(date_from, "--from"))
        clauses.append(NumericRange("date_end", start, None))
    if date_to:
        _, end = date_bounds(_checked_date(date_to, "--to"))
        clauses.append(NumericRange("date_start", None, end))
    return And(clauses)


def _checked_date(value: str, option: str) -> str:
    if not _DATE_ARGUMENT.match(value):
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
