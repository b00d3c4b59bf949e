"""Query-time expansion of the user's words: compounds, verb forms, abbreviations.

Each word of a query becomes a small group of alternatives, the literal word
weighted highest:

* the word's own terms (its stem, the stem of its apostrophe-free form);
* for a compound, its parts near each other (``arbeidsmarktkrapte`` also finds
  ``krapte op de arbeidsmarkt``), weighted ``COMPOUND_PARTS_WEIGHT``, and each part
  anywhere (``datalekmeldplicht``: "een datalek te melden"), ``COMPOUND_PART_WEIGHT``;
* for an abbreviation, its expansion as a phrase and the other way round
  (``GS`` ↔ ``Gedeputeerde Staten``), weighted ``SYNONYM_WEIGHT``;
* for a regular verb form, the infinitive's stem (``gewijzigd`` → ``wijzig``,
  ``beoordeelt`` → ``beoordel``), weighted ``PARTICIPLE_WEIGHT``.

A separable verb split over the query (``wijzen ... af``) also finds the joined
verb (``afwijzen``, ``afwijzing``); in a question, ``hoe lang``/``hoe vaak`` count as
the interrogative they are.

Separate query words find a compound without help: the index holds the parts of
every compound at the compound's position (``welvaart groei`` finds
``welvaartsgroei``). Neighbouring query words that also stand next to each other in
a passage, or inside one compound there, earn ``PROXIMITY_WEIGHT`` of their scores
again. The weights were chosen by measurement: see ``docs/quality.md``. ``--exact``
(``expand=False``) turns the abbreviation and synonym expansion off; ``synonyms``
adds the user's own file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.qparser import QueryParser
from whoosh.query import Not, NullQuery, Or, Query, Term
from whoosh.query.spans import SpanNear2

from sersearch.errors import QueryError

if TYPE_CHECKING:
    from sersearch.analysis.synonyms import SynonymTable

COMPOUND_PARTS_WEIGHT = 0.1
COMPOUND_PART_WEIGHT = 0.1
SYNONYM_WEIGHT = 0.7
# A related form, not the word itself: weighted like a synonym.
PARTICIPLE_WEIGHT = SYNONYM_WEIGHT
# The smallest window for head + preposition + article + modifier ("krapte op de
# arbeidsmarkt" for "arbeidsmarktkrapte").
COMPOUND_PARTS_SLOP = 3
# Metzler & Croft's published weights for the sequential dependence model are 0.85
# for the words and 0.10 for their ordered windows: 0.10 / 0.85 of a word's score.
PROXIMITY_WEIGHT = 0.12
SEPARABLE_WEIGHT = PARTICIPLE_WEIGHT
PROXIMITY_SLOP = 1
PROXIMITY_MINDIST = 0
# "hoe" + a degree word asks for a measure (hoe lang: 9 dagen; hoe vaak: twee keer):
# the answer gives the measure, seldom the degree word, so it is left out as the
# interrogative it is part of (hoeveel, a stopword, is the one-word case).
_DEGREE_QUESTION = re.compile(
    r"\b(hoe)\s+(?:lang|lange|vaak|veel|groot|hoog|snel|oud|ver|laat|duur|zwaar|klein|"
    r"breed|diep|weinig)\b",
    re.IGNORECASE,
)
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=\s|$)")


class ExpandingQueryParser(QueryParser):
    """Whoosh's query parser, with every plain word of the ``text`` field expanded."""

    def __init__(
        self, *args: Any, expand: bool = True, synonyms: Path | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.expand = expand
        self.synonyms = synonym_table(synonyms) if expand else None
        self.stems: list[str] = []
        self.loose_parts: list[Term] = []

    def parse(self, text: str, normalize: bool = True, debug: bool = False) -> Query:
        """Parse, then let spelled-out names in a plain word query also match their
        abbreviation (``middelbaar beroepsonderwijs`` → ``mbo``).

        A question mark that ends a word ends a question (``innovatie in het mkb?``):
        it is punctuation there, not a one-letter wildcard."""
        text = _QUESTION_MARK.sub("", text)
        if '"' not in text:
            text = _DEGREE_QUESTION.sub(r"\1", text)
        self.stems = []
        self.loose_parts = []
        query = _strict_exclusions(super().parse(text, normalize, debug), self.loose_parts)
        if not isinstance(query, Or):
            return query
        # Words of a spelled-out name that has an abbreviation pair with none: the
        # abbreviation the text may use instead cannot earn a nearness bonus.
        named = name_stems(self.synonyms, text) if self.synonyms is not None else frozenset()
        extra = proximity_alternatives(self.stems, negated_terms(query) | named)
        extra += separable_verb_alternatives(text)
        if self.synonyms is not None:
            extra += phrase_synonym_alternatives(self.synonyms, text)
        if not extra:
            return query
        return Or([*query.subqueries, *extra], boost=query.boost, scale=query.scale)

    def process(self, text: str, i: int = 0, debug: bool = False) -> Any:
        """The syntax tree, without operators left with nothing to apply to (``NOT NOT
        NOT``, ``a ANDNOT``: Whoosh would fail on them). A field that is stored but not
        indexed (``page:3``) is a :class:`QueryError`."""
        tree = super().process(text, i, debug)
        _check_fields(tree, self.schema)
        return _without_empty_operators(tree)

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
        stem = _literal_stem(literal)
        if stem is not None:
            self.stems.append(stem)
        compound = compound_alternatives(text, boost)
        self.loose_parts += [q for q in compound if isinstance(q, Term)]
        alternatives += compound
        alternatives += participle_alternatives(text, boost)
        if self.synonyms is not None:
            alternatives += synonym_alternatives(self.synonyms, text, boost)
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Or(alternatives)


def compound_alternatives(word: str, boost: float = 1.0) -> list[Query]:
    """The parts of a compound word, near each other in either order."""
    from sersearch.analysis.words import compound_part_terms

    parts = compound_part_terms(word)
    if len(parts) < 2:
        return []
    near = _near(parts, COMPOUND_PARTS_SLOP, boost * COMPOUND_PARTS_WEIGHT)
    alone = [
        Term("text", part, boost=boost * COMPOUND_PART_WEIGHT) for part in dict.fromkeys(parts)
    ]
    return [near, *alone]


def _strict_exclusions(query: Query, loose_parts: Sequence[Term]) -> Query:
    """``query`` with the loose compound parts left out under NOT: ``NOT
    arbeidsmarktkrapte`` excludes the compound and its parts near each other, not
    every passage that mentions ``krapte``."""
    if isinstance(query, Not):
        return Not(_without(query.query, loose_parts), boost=query.boost)
    if query.is_leaf():
        return query
    return query.apply(lambda child: _strict_exclusions(child, loose_parts))


def _without(query: Query, loose_parts: Sequence[Term]) -> Query:
    if query.is_leaf():
        return query
    if isinstance(query, Or):
        kept = [_without(c, loose_parts) for c in query.subqueries if c not in loose_parts]
        return kept[0] if len(kept) == 1 else Or(kept, boost=query.boost, scale=query.scale)
    return query.apply(lambda child: _without(child, loose_parts))


def participle_alternatives(word: str, boost: float = 1.0) -> list[Query]:
    """For a regular verb form, the stem of the verb's infinitive (see
    ``sersearch.analysis.verbs``): ``gewijzigd`` also finds ``wijzigen``,
    ``wijziging``, ``naamswijziging``; ``ontruimd`` finds ``ontruiming``;
    ``beoordeelt`` finds ``beoordeling``."""
    from sersearch.analysis.fold import fold
    from sersearch.analysis.stemming import get_stemmer
    from sersearch.analysis.verbs import infinitive
    from sersearch.analysis.words import DEFAULT_STEMMER

    verb = infinitive(word)
    stem = get_stemmer(DEFAULT_STEMMER)
    if verb is None or stem(verb) == stem(fold(word)):
        return []
    return [Term("text", stem(verb), boost=boost * PARTICIPLE_WEIGHT)]


def separable_verb_alternatives(text: str) -> list[Query]:
    """A separable verb split over the query (``zorgaanbieders wijzen patiënten af``)
    also finds the joined verb, its present tense and its derivations (``afwijzen``,
    ``afwijst``, ``afwijzing``), weighted like a participle's verb."""
    from sersearch.analysis.stemming import get_stemmer
    from sersearch.analysis.synonyms import words
    from sersearch.analysis.verbs import present_tense, separable_verbs
    from sersearch.analysis.words import DEFAULT_STEMMER

    stem = get_stemmer(DEFAULT_STEMMER)
    verbs = separable_verbs(words(text))
    forms = [form for verb in verbs for form in (verb, present_tense(verb)) if form]
    return [
        *(Term("text", stem(form), boost=SEPARABLE_WEIGHT) for form in dict.fromkeys(forms)),
        *(alternative for verb in verbs for alternative in participle_alternatives(verb)),
    ]


def proximity_alternatives(stems: Sequence[str], unpaired: Set[str] = frozenset()) -> list[Query]:
    """A bonus for passages where neighbouring query words (given as their stems, in
    query order) also stand near each other (the proximity part of Metzler & Croft's
    sequential dependence model): ``sociale innovatie`` ranks "sociale innovatie"
    above a passage that has the two words in different sentences. The ``unpaired``
    stems (words the query excludes, words of a name with an abbreviation) pair with
    none."""
    return [
        _near((first, second), PROXIMITY_SLOP, PROXIMITY_WEIGHT, PROXIMITY_MINDIST)
        for first, second in pairwise(stems)
        if first != second and first not in unpaired and second not in unpaired
    ]


def name_stems(table: SynonymTable, text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that spell out a name with an abbreviation
    (``penitentiaire inrichting`` for ``PI``): the name is one unit, found as the
    abbreviation too, so its words standing together earn no proximity bonus the
    abbreviation could not earn as well."""
    from sersearch.analysis import dutch_analyzer
    from sersearch.analysis.synonyms import words

    tokens = words(text)
    analyzer = dutch_analyzer()
    return frozenset(
        token.text
        for start, end, _ in table.match(tokens)
        if end - start > 1
        for token in analyzer(" ".join(tokens[start:end]), mode="query")
    )


def negated_terms(query: Query) -> set[str]:
    """The ``text`` terms of the parts of ``query`` under a NOT."""
    if isinstance(query, Not):
        return {text for fieldname, text in query.iter_all_terms() if fieldname == "text"}
    if query.is_leaf():
        return set()
    return set().union(*(negated_terms(child) for child in query.children()))


def _literal_stem(query: Query | None) -> str | None:
    """The stem a query word stands for: its first ``text`` term, if it is a word."""
    if isinstance(query, Term):
        return query.text if query.fieldname == "text" else None
    if isinstance(query, Or) and query.subqueries:
        return _literal_stem(query.subqueries[0])
    return None


def _near(stems: Sequence[str], slop: int, weight: float, mindist: int = 1) -> Query:
    """The stems within ``slop`` positions of each other, in either order, and at
    least ``mindist`` apart (0: also at one position, as the parts of a compound)."""
    # A span query ignores its own boost and scores the sum of its terms: weight those.
    terms = [Term("text", stem, boost=weight) for stem in stems]
    near = SpanNear2(terms, slop=slop, ordered=False, mindist=mindist)
    near.boost = 1.0  # Whoosh's query normalisation reads it
    return near


def synonym_table(extra: Path | None = None) -> SynonymTable:
    """The shipped tables plus the user's file ``extra``, read once per path and
    modification time. Raises ``QueryError`` for a missing or malformed file."""
    if extra is None:
        return _cached_table(None, 0)
    try:
        return _cached_table(extra, extra.stat().st_mtime_ns)
    except OSError as error:
        raise QueryError(f"cannot read the synonyms file {extra}: {error.strerror}") from error
    except ValueError as error:
        raise QueryError(f"bad synonyms file: {error}") from error


@lru_cache(maxsize=8)
def _cached_table(extra: Path | None, mtime: int) -> SynonymTable:
    from sersearch.analysis.synonyms import load_synonyms

    return load_synonyms(extra)


def synonym_alternatives(table: SynonymTable, word: str, boost: float = 1.0) -> list[Query]:
    """The expansions of an abbreviation (or the abbreviation of a spelled-out name)."""
    return [
        _sequence_query(expansion, boost * SYNONYM_WEIGHT, replaced=1)
        for expansion in table.expansions(word)
    ]


def phrase_synonym_alternatives(table: SynonymTable, text: str) -> list[Query]:
    """Expansions of the multi-word names in ``text`` (single words are expanded
    one by one in ``ExpandingQueryParser.term_query``)."""
    from sersearch.analysis.synonyms import words

    return [
        _sequence_query(expansion, SYNONYM_WEIGHT, replaced=end - start)
        for start, end, expansions in table.match(words(text))
        if end - start > 1
        for expansion in expansions
    ]


def _sequence_query(words: Sequence[str], boost: float, replaced: int) -> Query:
    """The words as the ``text`` field holds them (``sociaal-economische`` is two
    tokens there): one term, or a phrase of stems.

    An expansion stands for the ``replaced`` query words, and a phrase scores the sum
    of its words: the boost is spread over the expansion's words and multiplied by
    the words it replaces, so that ``GS`` → ``Gedeputeerde Staten`` does not outscore
    the literal ``GS``, nor ``mbo`` count for less than ``middelbaar beroepsonderwijs``."""
    from sersearch.analysis import dutch_analyzer
    from sersearch.phrases import phrase_query

    phrase = phrase_query("text", dutch_analyzer(), " ".join(words))
    if phrase is None:
        return NullQuery
    boost = boost * replaced / len(phrase.words)
    if len(phrase.words) == 1:
        return Term("text", phrase.words[0], boost=boost)
    phrase.boost = boost
    return phrase


def _without_empty_operators(node: Any) -> Any:
    """The syntax tree without operators missing an operand: a ``NOT`` with nothing
    after it is dropped, an ``ANDNOT`` with one side is that side."""
    from whoosh.qparser.syntax import BinaryGroup, GroupNode, Wrapper

    if not isinstance(node, GroupNode):
        return node
    node.nodes = [
        kept for child in node.nodes if (kept := _without_empty_operators(child)) is not None
    ]
    if isinstance(node, Wrapper) and not node.nodes:
        return None
    if isinstance(node, BinaryGroup) and len(node.nodes) != 2:
        return node.nodes[0] if node.nodes else None
    return node


def _check_fields(node: Any, schema: Any) -> None:
    from whoosh.qparser.syntax import GroupNode

    name = getattr(node, "fieldname", None)
    if name and name in schema and schema[name].format is None:
        raise QueryError(
            f"the field {name!r} cannot be searched; fields you can search: "
            "type:, title:, section: and the text itself"
        )
    if isinstance(node, GroupNode):
        for child in node.nodes:
            _check_fields(child, schema)
