"""Query-time expansion of the user's words: compounds and abbreviations.

Each word of a query becomes a small group of alternatives, the literal word
weighted highest:

* the word's own terms (its stem, the stem of its apostrophe-free form);
* for a compound, its parts near each other (``arbeidsmarktkrapte`` also finds
  ``krapte op de arbeidsmarkt``), weighted ``COMPOUND_PARTS_WEIGHT``;
* for an abbreviation, its expansion as a phrase and the other way round
  (``GS`` ↔ ``Gedeputeerde Staten``), weighted ``SYNONYM_WEIGHT``.

Separate query words find a compound without help: the index holds the parts of
every compound at the compound's position (``welvaart groei`` finds
``welvaartsgroei``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whoosh.qparser import QueryParser
from whoosh.query import Or, Phrase, Query, Term
from whoosh.query.spans import SpanNear2

COMPOUND_PARTS_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.5
COMPOUND_PARTS_SLOP = 4


class ExpandingQueryParser(QueryParser):
    """Whoosh's query parser, with every plain word of the ``text`` field expanded."""

    def __init__(self, *args: Any, expand: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expand = expand

    def parse(self, text: str, normalize: bool = True, debug: bool = False) -> Query:
        """Parse, then let spelled-out names in a plain word query also match their
        abbreviation (``middelbaar beroepsonderwijs`` → ``mbo``)."""
        query = super().parse(text, normalize, debug)
        if not self.expand or not isinstance(query, Or):
            return query
        extra = phrase_synonym_alternatives(text)
        if not extra:
            return query
        return Or([*query.subqueries, *extra], boost=query.boost, scale=query.scale)

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Query | None:
        literal = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname != "text" or termclass is not Term or not tokenize:
            return literal
        alternatives = [literal] if literal is not None else []
        alternatives += compound_alternatives(text, boost)
        if self.expand:
            alternatives += synonym_alternatives(text, boost)
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Or(alternatives)


def compound_alternatives(word: str, boost: float = 1.0) -> list[Query]:
    """The parts of a compound word, near each other in either order."""
    from sersearch.analysis.words import compound_part_terms

    parts = compound_part_terms(word)
    if len(parts) < 2:
        return []
    near = SpanNear2(
        [Term("text", part) for part in parts], slop=COMPOUND_PARTS_SLOP, ordered=False
    )
    near.boost = boost * COMPOUND_PARTS_WEIGHT
    return [near]


def synonym_alternatives(word: str, boost: float = 1.0) -> list[Query]:
    """The expansions of an abbreviation (or the abbreviation of a spelled-out name)."""
    from sersearch.analysis.synonyms import load_synonyms

    return [
        _sequence_query(expansion, boost * SYNONYM_WEIGHT)
        for expansion in load_synonyms().expansions(word)
    ]


def phrase_synonym_alternatives(text: str) -> list[Query]:
    """Expansions of the multi-word names in ``text`` (single words are expanded
    one by one in ``ExpandingQueryParser.term_query``)."""
    from sersearch.analysis.synonyms import load_synonyms, words

    return [
        _sequence_query(expansion, SYNONYM_WEIGHT)
        for start, end, expansions in load_synonyms().match(words(text))
        if end - start > 1
        for expansion in expansions
    ]


def _sequence_query(words: Sequence[str], boost: float) -> Query:
    from sersearch.analysis.words import surface

    surfaces = [surface(word) for word in words]
    if len(surfaces) == 1:
        return Term("exact", surfaces[0], boost=boost)
    return Phrase("exact", surfaces, boost=boost)
