"""Dutch stemmers with an override table for irregular forms, memoised.

Two algorithms, both fed a folded token (see ``sersearch.analysis.fold``):

``snowball-porter``
    The original Snowball Dutch algorithm (Porter style, R1/R2 regions), the one
    nltk's ``SnowballStemmer("dutch")`` implements. Snowball 3 renamed it
    ``dutch_porter``; we run PyStemmer's C build of it (5 ms to import against
    nltk's 300 ms), which agrees with nltk on all 195,717 words of wordfreq's Dutch
    list (``tests/test_stemming.py`` checks the corpus vocabulary against nltk).
``kraaij-pohlmann``
    PyStemmer's ``dutch``: since Snowball 3.0 the Dutch algorithm is the one derived
    from Kraaij & Pohlmann (1994): undoes ``z``/``v`` devoicing (``adviezen`` →
    ``advies``) and drops ``ge-`` prefixes and infixes (``gebied`` → ``bied``,
    ``werkgever`` → ``werkver``), but keeps the ``-e`` of short inflected adjectives
    (``brede`` ≠ ``breed``). ~680k tokens/s uncached.

Around either algorithm, in order:

1. ``nl_stem_overrides.tsv`` maps irregular surface forms to the form stemmed in their
   place (``steden`` → ``stad``, ``crises`` → ``crisis``);
2. plurals written with a diaeresis lose it when folded (``ideeën`` → ``ideeen``);
   ``-ieen``/``-eeen`` become ``-ie``/``-ee`` so they meet the singular;
3. the stem is respelled so regular alternations meet: for ``snowball-porter`` only,
   a final ``z``/``v`` is devoiced (``adviez`` → ``advies``, ``bedrijv`` → ``bedrijf``)
   as Kraaij-Pohlmann does; a final ``-ies`` loses its plural ``s`` (``innovaties`` →
   ``innovatie``; ``advies`` and ``adviezen`` both → ``advie``); a long vowel after
   another vowel is undoubled (``sociaal``/``sociale`` → ``social``, ``financieel`` →
   ``financiel``).

Each stemmer is memoised: the same tokens recur across a corpus.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources

STEMMERS: tuple[str, ...] = ("snowball-porter", "kraaij-pohlmann")

_OVERRIDES_FILE = "nl_stem_overrides.tsv"
_CACHE_SIZE = 200_000
_DIAERESIS_PLURAL = re.compile(r"(?<=..)(ie|ee)en$")
_VOWEL_LONG_VOWEL = re.compile(r"(?<=[aeiou])(aa|ee|oo|uu)(?=[^aeiouy]$)")
_DEVOICE = str.maketrans("zv", "sf")


def get_stemmer(name: str) -> Callable[[str], str]:
    """The memoised stemmer ``name`` (one of ``STEMMERS``) for folded tokens.

    Raises ``ValueError`` for an unknown name.
    """
    if name not in STEMMERS:
        raise ValueError(f"unknown stemmer {name!r}; choose one of {', '.join(STEMMERS)}")
    return _build(name)


def stemmer_version(name: str) -> str:
    """A string naming algorithm, package version and override table, for the index
    to record: a different string means existing stems may differ."""
    if name not in STEMMERS:
        raise ValueError(f"unknown stemmer {name!r}; choose one of {', '.join(STEMMERS)}")
    from Stemmer import version  # PyStemmer's own version (importlib.metadata is slower)

    if name == "snowball-porter":
        algorithm = f"PyStemmer {version()} dutch_porter (Snowball, Porter style)+devoice"
    else:
        algorithm = f"PyStemmer {version()} dutch (Snowball 3, Kraaij-Pohlmann)"
    digest = hashlib.sha1(_overrides_text().encode()).hexdigest()[:10]
    return f"{name}: {algorithm}; overrides {digest}; rules v1"


@cache
def _build(name: str) -> Callable[[str], str]:
    import Stemmer

    devoice = name == "snowball-porter"
    algorithm = Stemmer.Stemmer("dutch_porter" if devoice else "dutch").stemWord
    overrides = load_overrides()

    @lru_cache(maxsize=_CACHE_SIZE)
    def stem(token: str) -> str:
        lemma = overrides.get(token)
        if lemma is None:
            lemma = _DIAERESIS_PLURAL.sub(r"\1", token)
        result = algorithm(lemma)
        if devoice and len(result) > 2:
            result = result[:-1] + result[-1].translate(_DEVOICE)
        if result.endswith("ies") and len(result) > 4:
            result = result[:-1]
        return _VOWEL_LONG_VOWEL.sub(lambda m: m[1][0], result)

    return stem


@lru_cache(maxsize=1)
def load_overrides() -> dict[str, str]:
    """The shipped table of irregular forms: folded surface form → lemma."""
    table: dict[str, str] = {}
    for line in _overrides_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            surface, lemma = line.split("\t")
            table[surface] = lemma
    return table


@lru_cache(maxsize=1)
def _overrides_text() -> str:
    return resources.files("sersearch").joinpath("data", _OVERRIDES_FILE).read_text("utf-8")
