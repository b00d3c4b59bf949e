"""Exact phrases over the stemmed ``text`` field.

The index keeps one field of stems with positions (a second field of surface forms
would double the cost of indexing). A quoted phrase is therefore searched as its
stems in order, where stopwords leave gaps the phrase allows for, and a hit that
must contain the phrase is then checked against the passage's own words, folded:
``"leven lang ontwikkelen"`` does not match ``levens lang ontwikkeld``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from whoosh.query import And, AndNot, Phrase, Query

from sersearch.analysis.analyzer import surface_analyzer

_QUOTED = re.compile(r'"([^"]+)"')


class ExactPhrase(Phrase):
    """A phrase of stems that remembers the folded surface words it stands for.

    Other keyword arguments go to Whoosh's ``Phrase`` (whoosh3's ``normalize`` passes
    ``degrade``, which whoosh-reloaded's does not know)."""

    def __init__(
        self,
        fieldname: str,
        words: Sequence[str],
        slop: int = 1,
        boost: float = 1.0,
        surface: Sequence[str] = (),
        char_ranges: object = None,
        **options: Any,
    ) -> None:
        super().__init__(
            fieldname, list(words), slop=slop, boost=boost, char_ranges=char_ranges, **options
        )
        self.surface = tuple(surface)


def phrase_query(fieldname: str, analyzer: object, text: str, boost: float = 1.0) -> Query | None:
    """The stems of ``text`` as a phrase (the first term at each position), allowing
    the gaps that stopwords leave."""
    positions: dict[int, str] = {}
    for token in analyzer(text, positions=True, mode="query"):  # type: ignore[operator]
        positions.setdefault(token.pos, token.text)
    if not positions:
        return None
    order = sorted(positions)
    gaps = [after - before for before, after in pairwise(order)]
    stems = [positions[p] for p in order]
    slop = max(gaps, default=1)
    return ExactPhrase(fieldname, stems, slop=slop, boost=boost, surface=surface_words(text))


def unsearchable_phrases(text: str, analyzer: object) -> list[str]:
    """The quoted phrases of a query ``text`` without a word the index holds (stop
    words only, such as ``"wil het"``): they cannot be searched for."""
    return [
        match.group(1)
        for match in _QUOTED.finditer(text)
        if surface_words(match.group(1)) and phrase_query("text", analyzer, match.group(1)) is None
    ]


def surface_words(text: str) -> tuple[str, ...]:
    """Folded words of ``text`` as written, stopwords included."""
    return tuple(token.text for token in surface_analyzer()(text))


def contains_phrase(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` has ``words`` (folded surface forms) in a row."""
    if not words:
        return True
    tokens = surface_words(text)
    width = len(words)
    first = words[0]
    return any(
        tokens[i] == first and tokens[i : i + width] == tuple(words)
        for i in range(len(tokens) - width + 1)
    )


def required_phrases(query: Query) -> Iterator[tuple[str, ...]]:
    """The surface words of every phrase a hit must contain: the query itself, or a
    required part of an AND (not under OR or NOT)."""
    if isinstance(query, ExactPhrase):
        if query.surface:
            yield query.surface
    elif isinstance(query, And):
        for child in query.subqueries:
            yield from required_phrases(child)
    elif isinstance(query, AndNot):
        yield from required_phrases(query.a)
