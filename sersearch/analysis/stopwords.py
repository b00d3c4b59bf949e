"""The shipped Dutch stopword list (``data/nl_stopwords.txt``).

The list holds folded forms without diacritics. ``een`` (article) is a stopword but
``één`` (numeral) is not: compare the lower-cased token *before* folding away its
diacritics, or ``één``, ``óf`` and ``én`` (emphatic) would be dropped with them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

STOPWORDS_FILE = "nl_stopwords.txt"


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The Dutch stopwords, folded (``#`` comment lines skipped); loaded once."""
    text = resources.files("sersearch").joinpath("data", STOPWORDS_FILE).read_text("utf-8")
    return frozenset(
        word for line in text.splitlines() if (word := line.strip()) and not word.startswith("#")
    )
