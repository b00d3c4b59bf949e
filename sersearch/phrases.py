"""Quoted phrases over the stemmed ``text`` field.

The index keeps one field of stems with positions (a second field of surface forms
would double the cost of indexing). A quoted phrase is therefore searched as its
stems in order, where stopwords leave gaps the phrase allows for: ``"onbenut
arbeidspotentieel"`` also finds "onbenutte arbeidspotentieel", and since a
compound's parts stand at the compound's position, ``"sociale zekerheid"`` also
finds "sociale zekerheidsfraude". (Checking hits against the passage's own words
as well was measured and dropped: it loses the inflected forms a user of a Dutch
phrase means, see ``docs/quality.md``.)
"""

from __future__ import annotations

import re
from itertools import pairwise

from whoosh.query import Phrase

from sersearch.analysis.analyzer import surface_analyzer

_QUOTED = re.compile(r'"([^"]+)"')


def phrase_query(fieldname: str, analyzer: object, text: str, boost: float = 1.0) -> Phrase | None:
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
    return Phrase(fieldname, stems, slop=slop, boost=boost)


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
