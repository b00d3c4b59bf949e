"""Word-level Dutch analysis: from one raw token to the terms the index holds.

Every raw token is analysed once per process and the result cached, so analysis
cost grows with the vocabulary, not with the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

DEFAULT_STEMMER = "snowball-porter"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_ACRONYM_PLURAL = re.compile(r"^(?P<base>[A-Z][A-Z0-9&]+)'?(?:s|en|n|er|ers)$")
_APOSTROPHE_SUFFIX = re.compile(r"^(?P<base>.+?)'(?:s|en|n|er|ers|tje|tjes|je|jes)$")


def fold(text: str) -> str:
    """Lower case without diacritics, apostrophes normalised (``Één`` → ``een``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surface(token: str) -> str:
    """The folded surface form with apostrophes dropped (``SER’en`` → ``seren``)."""
    return fold(token).replace("'", "")


def base_forms(token: str) -> tuple[str, ...]:
    """Folded forms of a raw token, its apostrophe or acronym plural undone.

    ``regio’s`` and ``regios`` both give ``regios`` and ``regio``; ``SERen`` and
    ``SER’en`` give ``seren`` and ``ser``; ``SDGs`` gives ``sdgs`` and ``sdg``.
    """
    normalised = token.translate(_APOSTROPHES)
    folded = surface(normalised)
    forms = [folded]
    match = _ACRONYM_PLURAL.match(normalised) or _APOSTROPHE_SUFFIX.match(normalised)
    if match:
        forms.append(surface(match["base"]))
    elif _vowel_plural(folded):
        forms.append(folded[:-1])
    return tuple(dict.fromkeys(forms))


def _vowel_plural(folded: str) -> bool:
    """``regios``, ``autos``, ``pianos``: a plural whose apostrophe was left out."""
    return (
        len(folded) > 4
        and folded.endswith("s")
        and folded[-2] in "aiouy"
        and folded[-3] not in "aeiouy"
    )


@lru_cache(maxsize=8)
def analyser(stemmer: str, compounds: bool) -> Callable[[str], tuple[str, ...]]:
    """A cached function from a raw token to its index terms (empty for a stopword)."""
    from sersearch.analysis.stemming import get_stemmer
    from sersearch.analysis.stopwords import load_stopwords

    stem = get_stemmer(stemmer)
    stopwords = load_stopwords()
    split = _compound_splitter() if compounds else None

    @lru_cache(maxsize=200_000)
    def analyse(token: str) -> tuple[str, ...]:
        forms = base_forms(token)
        if forms[0] in stopwords or not forms[0]:
            return ()
        terms = [stem(form) for form in forms]
        if split is not None:
            for form in forms[:1]:
                terms.extend(stem(part) for part in split(form))
        return tuple(dict.fromkeys(terms))

    return analyse


def _compound_splitter() -> Callable[[str], tuple[str, ...]]:
    from sersearch.analysis.compounds import CompoundSplitter, load_lexicon

    return CompoundSplitter(load_lexicon()).split
