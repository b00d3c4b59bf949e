"""The analyzer chains: tokenizer → Dutch filters, the same for indexing and querying."""

from __future__ import annotations

from whoosh.analysis import Analyzer, RegexTokenizer

from sersearch.analysis.filters import DutchFilter, SurfaceFilter
from sersearch.analysis.words import DEFAULT_STEMMER

# Words, numbers and words with inner apostrophes (regio’s, SER'en, zzp’er);
# hyphens and slashes separate words (mbo-instellingen → mbo, instellingen).
TOKEN_PATTERN = r"\w+(?:['’‘`´ʼ]\w+)*"
# The same, keeping the hyphen of an elided conjunct: a first one ("raads- en
# commissieleden", "wind-, zon- en waterenergie", "zowel raads- als commissieleden")
# or a second one ("natuurherstel en -ontwikkeling"). The filter completes it with
# the head of the conjunct that follows or the modifier of the one before.
ELIDING_TOKEN_PATTERN = (
    r"(?:(?<=\sen\s)|(?<=\sof\s))-"
    + TOKEN_PATTERN
    + "|"
    + TOKEN_PATTERN
    + r"(?:-(?=,\s|\s+(?:en|of|als|en/of|noch)\s))?"
)


def dutch_analyzer(stemmer: str = DEFAULT_STEMMER, compounds: bool = True) -> Analyzer:
    """Stemmed terms with compound parts, stopwords removed: the ranking field."""
    return RegexTokenizer(ELIDING_TOKEN_PATTERN) | DutchFilter(stemmer=stemmer, compounds=compounds)


def surface_analyzer() -> Analyzer:
    """Folded surface forms, every word kept: exact phrases and spelling suggestions."""
    return RegexTokenizer(TOKEN_PATTERN) | SurfaceFilter()


def analyze(text: str, *, stemmer: str = DEFAULT_STEMMER, compounds: bool = True) -> list[str]:
    """The terms the index sees for ``text`` (an inspection hook for users and tests)."""
    return [token.text for token in dutch_analyzer(stemmer, compounds)(text)]
