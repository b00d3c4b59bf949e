"""Whoosh filters for Dutch text.

These classes are pickled into the index schema by import path: their module and
names are an on-disk format. Keep them here and keep their constructor arguments
compatible; bump ``SCHEMA_VERSION`` in ``sersearch.store`` when their output changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, Token

from sersearch.analysis import words


class SurfaceFilter(Filter):
    """Case and diacritics folding, apostrophes dropped: the surface form for phrases
    and spelling suggestions (``Regio’s`` → ``regios``)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = words.surface(token.text)
            if token.text:
                yield token


class DutchFilter(Filter):
    """Folding, stopwords, stemming and compound parts in one cached step per token.

    A token may yield several terms at the same position (its stem, the stems of
    its compound parts, a variant without an apostrophe plural); a stopword yields
    none but keeps its position, so phrase distances stay true.
    """

    def __init__(self, stemmer: str = words.DEFAULT_STEMMER, compounds: bool = True) -> None:
        self.stemmer = stemmer
        self.compounds = compounds

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        analyse = None
        for token in tokens:
            if analyse is None:
                # A query word's compound parts are matched near each other instead
                # (see sersearch.expand), so queries analyse without them.
                analyse = words.analyser(self.stemmer, self.compounds and token.mode != "query")
            for term in analyse(token.text):
                token.text = term
                yield token

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DutchFilter)
            and self.stemmer == other.stemmer
            and self.compounds == other.compounds
        )

    def __hash__(self) -> int:
        return hash((self.stemmer, self.compounds))
