"""Whoosh filters for Dutch text.

These classes are pickled into the index schema by import path: their module and
names are an on-disk format. Keep them here and keep their constructor arguments
compatible; bump ``SCHEMA_VERSION`` in ``sersearch.store`` when their output changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
        elided: list[Token] = []  # first conjuncts waiting for their head ("raads-")
        previous = ""  # the last word with terms, for a second conjunct ("-ontwikkeling")
        for token in tokens:
            if analyse is None:
                # A query word's compound parts are matched near each other instead
                # (see sersearch.expand), so queries analyse without them.
                analyse = words.analyser(self.stemmer, self.compounds and token.mode != "query")
            if token.text.endswith("-"):
                first = token.copy()
                first.text = token.text.rstrip("-")
                elided.append(first)
                continue
            if token.text.startswith("-"):
                token.text = token.text[1:]
                full = words.elided_second_compound(previous, token.text)
                terms = analyse(token.text)
                if full is not None:
                    terms = tuple(dict.fromkeys((*terms, *analyse(full))))
            else:
                terms = analyse(token.text)
            if elided and terms:
                yield from _completed(elided, token.text, analyse)
                elided = []
            if terms:
                previous = token.text
            for term in terms:
                token.text = term
                yield token
        for first in elided:  # no conjunct followed
            yield from _terms(first, analyse(first.text))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DutchFilter)
            and self.stemmer == other.stemmer
            and self.compounds == other.compounds
        )

    def __hash__(self) -> int:
        return hash((self.stemmer, self.compounds))


def _completed(elided: list[Token], second: str, analyse: Callable) -> Iterator[Token]:
    """Each elided first conjunct's own terms, then those of the full compound it
    stands for (``raads-`` before ``commissieleden``: ``raads`` and ``raadsleden``),
    at the conjunct's position."""
    for first in elided:
        terms = analyse(first.text)
        full = words.elided_compound(first.text, second)
        if full is not None:
            terms = tuple(dict.fromkeys((*terms, *analyse(full))))
        yield from _terms(first, terms)


def _terms(token: Token, terms: tuple[str, ...]) -> Iterator[Token]:
    for term in terms:
        token.text = term
        yield token
