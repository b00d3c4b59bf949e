"""Whoosh filters for Dutch text.

These classes are pickled into the index schema by import path: their module and
names are an on-disk format. Keep them here and keep their constructor arguments
compatible; bump ``SCHEMA_VERSION`` in ``sersearch.store`` when their output changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

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
        current: Token | None = None
        held: dict[int, Token] = {}  # elided first conjuncts, by their index

        def texts() -> Iterator[str]:
            nonlocal current
            for index, token in enumerate(tokens):
                current = token
                if token.text.endswith("-"):
                    held[index] = token.copy()
                yield token.text

        raw = texts()
        first = next(raw, None)
        if first is None:
            return
        # A query word's compound parts are matched near each other instead (see
        # sersearch.expand), so queries analyse without them.
        query = current is not None and current.mode == "query"
        analyse = words.analyser(self.stemmer, self.compounds and not query)
        for index, terms in _conjunct_terms(chain((first,), raw), analyse):
            token = held.get(index, current)
            for term in terms:
                token.text = term  # type: ignore[union-attr]
                yield token  # type: ignore[misc]

    def token_terms(self, text: str, tokenizer: Any) -> Iterable[tuple[int, tuple[str, ...]]]:
        """Each word's position and terms as an index run gives them for ``text``
        split by ``tokenizer`` (a ``RegexTokenizer``), in the order ``__call__``
        yields them, without a token object for each: the indexing fast path (see
        ``sersearch.analysis.formats``)."""
        raw = tokenizer.expression.findall(text)
        return token_terms(raw, words.analyser(self.stemmer, self.compounds))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DutchFilter)
            and self.stemmer == other.stemmer
            and self.compounds == other.compounds
        )

    def __hash__(self) -> int:
        return hash((self.stemmer, self.compounds))


def token_terms(
    raw: list[str], analyse: Callable[[str], tuple[str, ...]]
) -> Iterable[tuple[int, tuple[str, ...]]]:
    """Each raw token's index and terms, a token at a time (some with no terms).

    A token has its ``analyse`` terms. An elided first conjunct ("raads-") waits for
    the next token with terms and then comes with its own terms and those of the
    full compound it stands for (``raadsleden`` before ``commissieleden``); a second
    conjunct ("-ontwikkeling") adds the terms of the compound it completes with the
    word before (``natuurontwikkeling`` after ``natuurherstel``)."""
    if "-" not in "".join(raw):  # a hyphen in a raw token marks a conjunct
        return enumerate(map(analyse, raw))
    return _conjunct_terms(raw, analyse)


def _conjunct_terms(
    raw: Iterable[str], analyse: Callable[[str], tuple[str, ...]]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """``token_terms`` a token at a time, for raw tokens that may hold conjuncts."""
    elided: list[tuple[int, str]] = []  # first conjuncts waiting for their head
    previous = ""  # the last word with terms
    for index, text in enumerate(raw):
        if text.endswith("-"):
            elided.append((index, text.rstrip("-")))
            continue
        if text.startswith("-"):
            text = text[1:]
            full = words.elided_second_compound(previous, text)
            terms = analyse(text)
            if full is not None:
                terms = tuple(dict.fromkeys((*terms, *analyse(full))))
        else:
            terms = analyse(text)
        if elided and terms:
            yield from _completed(elided, text, analyse)
            elided = []
        if terms:
            previous = text
        yield index, terms
    for index, first in elided:  # no conjunct followed
        yield index, analyse(first)


def _completed(
    elided: list[tuple[int, str]], second: str, analyse: Callable[[str], tuple[str, ...]]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each elided first conjunct with its own terms, then those of the full compound
    it stands for (``raads-`` before ``commissieleden``: ``raads`` and ``raadsleden``)."""
    for index, first in elided:
        terms = analyse(first)
        full = words.elided_compound(first, second)
        if full is not None:
            terms = tuple(dict.fromkeys((*terms, *analyse(full))))
        yield index, terms
