"""Posting formats for the text field (pickled into the schema: keep the import path).

The text field holds, at each word's position, the word's stem and also the stems
of its compound parts and apostrophe variants. Whoosh takes a passage's length
(for BM25's length normalisation) as the number of terms indexed, which would make
compound-rich passages look longer than they are. ``WordPositions`` counts words:
only the first term at each position adds to the length, while every term keeps its
full weight (the term frequency BM25 scores with).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token
from whoosh.formats import Positions


class WordPositions(Positions):
    """Positions, with the field length counted in words rather than terms."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        words: dict[str, int] = defaultdict(int)
        last_position = None
        for token in _tokens(value, analyzer, kwargs):
            positions[token.text].append(token.pos)
            weights[token.text] += token.boost
            if token.pos != last_position:
                words[token.text] += 1
                last_position = token.pos
        for term, term_positions in positions.items():
            yield term, words[term], weights[term] * self.field_boost, self.encode(term_positions)


def _tokens(value: Any, analyzer: Any, kwargs: dict[str, Any]) -> Iterator[Token]:
    kwargs["positions"] = True
    kwargs["boosts"] = True
    from whoosh.formats import tokens

    return tokens(value, analyzer, kwargs)
