"""A passage's prior: how much of it reads as running prose.

Running Dutch prose is about 40–50 % function words (``de``, ``van``, ``het``, ``dat``,
``is``: the stopword list); tables, reference lists, address blocks, letterheads, URL
lists and form fields have few. The share of function words is a standard
query-independent quality feature of a text (Bendersky, Croft & Diao, *Quality-biased
ranking of web documents*, WSDM 2011: "fraction of stopwords"). A passage with a
lower share than prose has scores down to ``FLOOR`` of its BM25 score, on a square
root: a table that matches the query still ranks, but a sentence that matches as
well ranks above it. English function words count too, for the English summaries
and quotations in Dutch documents.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The share of function words from which text counts as prose (the lower quartile of
# the passages that hold a judged spot is ~0.4), and the least a passage's score is
# multiplied by.
PROSE_SHARE = 0.4
FLOOR = 0.5
_WORD = re.compile(r"[^\W\d_]+")
# The commonest English function words (English summaries and quotations).
_ENGLISH = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "been", "by", "can", "for", "from"),
        *("has", "have", "in", "into", "is", "it", "its", "may", "not", "of", "on", "or"),
        *("should", "such", "than", "that", "the", "their", "there", "these", "they"),
        *("this", "those", "to", "was", "we", "were", "which", "will", "with", "would"),
    }
)


@lru_cache(maxsize=4096)
def prose_prior(text: str) -> float:
    """The factor in [``FLOOR``, 1] a passage's score is multiplied by: 1 for prose,
    less the fewer function words it has."""
    share = function_word_share(text)
    return max(FLOOR, min(1.0, share / PROSE_SHARE) ** 0.5)


def function_word_share(text: str) -> float:
    """The share of the words of ``text`` that are function words (0.0 without words),
    as written: ``één`` and ``vóór`` are stressed, content words (see
    ``sersearch.analysis.stopwords``)."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(map(_function_words().__contains__, words)) / len(words)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from sersearch.analysis.stopwords import load_stopwords

    return load_stopwords() | _ENGLISH
