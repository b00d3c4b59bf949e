"""Posting formats for the text field (pickled into the schema: keep the import path).

The text field holds, at each word's position, the word's stem and also the stems
of its compound parts and apostrophe variants. Whoosh takes a passage's length
(for BM25's length normalisation) as the number of terms indexed, which would make
compound-rich passages look longer than they are. ``WordPositions`` counts words:
only the first term at each position adds to the length, while every term keeps its
full weight (the term frequency BM25 scores with).
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.analysis import Token
from whoosh.formats import Positions
from whoosh.system import pack_uint

_ONE = pack_uint(1)  # how many positions, as Whoosh encodes it


class WordPositions(Positions):
    """Positions, with the field length counted in words rather than terms."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        positions: dict[str, list[int]] = defaultdict(list)
        words: dict[str, int] = defaultdict(int)
        for position, terms in _token_terms(value, analyzer, kwargs):
            if terms:
                words[terms[0]] += 1  # the first term at a position counts the word
                for term in terms:
                    positions[term].append(position)
        boost = self.field_boost
        for term, term_positions in positions.items():
            # Every token's boost is 1.0: a term weighs as often as it occurs.
            weight = float(len(term_positions)) * boost
            if len(term_positions) == 1:
                encoded = _encode_one(term_positions[0])
            else:
                encoded = self.encode(term_positions)
            yield term, words[term], weight, encoded


def _token_terms(
    value: Any, analyzer: Any, kwargs: dict[str, Any]
) -> Iterable[tuple[int, tuple[str, ...]]]:
    """Each word's position and terms in ``value``, in the analyzer's order: for the
    Dutch analyzer (tokenizer and ``DutchFilter``) at index time straight from the
    words, without a token object for each (the same terms: see the tests)."""
    from whoosh.analysis import CompositeAnalyzer, RegexTokenizer

    from sersearch.analysis.filters import DutchFilter

    if (
        isinstance(value, str)
        and kwargs.keys() <= {"mode"}
        and kwargs.get("mode") == "index"
        and isinstance(analyzer, CompositeAnalyzer)
        and len(analyzer.items) == 2
        and type(analyzer.items[0]) is RegexTokenizer
        and not analyzer.items[0].gaps
        and isinstance(analyzer.items[1], DutchFilter)
    ):
        return analyzer.items[1].token_terms(value, analyzer.items[0])
    tokens = ((token.pos, token.text) for token in _tokens(value, analyzer, kwargs))
    return (
        (position, tuple(term for _, term in group))
        for position, group in groupby(tokens, key=itemgetter(0))
    )


def _encode_one(position: int) -> bytes:
    """``Positions.encode([position])``, for the many terms a passage has once."""
    return _ONE + pickle.dumps([position], 2)


def _tokens(value: Any, analyzer: Any, kwargs: dict[str, Any]) -> Iterator[Token]:
    kwargs["positions"] = True
    kwargs["boosts"] = True
    from whoosh.formats import tokens

    return tokens(value, analyzer, kwargs)
