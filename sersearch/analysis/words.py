"""Word-level Dutch analysis: from one raw token to the terms the index holds.

Every raw token is analysed once per process and the result cached, so analysis
cost grows with the vocabulary, not with the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sersearch.analysis.fold import apostrophe_variants, fold, normalize_apostrophes

DEFAULT_STEMMER = "snowball-porter"
# Raise when the terms made of the same text change (rules, lexicon, stopwords):
# indexes built before then must be rebuilt.
ANALYSIS_VERSION = 2
_TOKEN_CACHE = 500_000
_VOWEL_RUN = re.compile(r"([aeiou])\1+")


def surface(token: str) -> str:
    """The folded surface form with apostrophes dropped (``SER’en`` → ``seren``):
    the form exact phrases and spelling suggestions work on."""
    return fold(token).replace("'", "")


@lru_cache(maxsize=_TOKEN_CACHE)
def skeleton(token: str) -> str:
    """The surface form with runs of one vowel collapsed (``Jaarplan`` → ``jarplan``):
    every index term a token gives has its ``term_core`` in this."""
    return _VOWEL_RUN.sub(r"\1", surface(token))


def term_core(term: str, stemmer: str = DEFAULT_STEMMER) -> str | None:
    """A short substring of the ``skeleton`` of every token that gives ``term`` (the
    stemmer shortens vowels and devoices the last letter, hence at most the first
    three letters, never the last); ``None`` for the stem of an irregular form
    (``steden`` → ``stad``), which need not share one."""
    if term in _irregular_stems(stemmer):
        return None
    collapsed = _VOWEL_RUN.sub(r"\1", term)
    return collapsed[: min(3, max(1, len(collapsed) - 1))]


@lru_cache(maxsize=8)
def _irregular_stems(stemmer: str) -> frozenset[str]:
    """The stems of the lemmas in the table of irregular forms."""
    from sersearch.analysis.stemming import get_stemmer, load_overrides

    stem = get_stemmer(stemmer)
    return frozenset(stem(lemma) for lemma in load_overrides().values())


@lru_cache(maxsize=8)
def analyser(stemmer: str, compounds: bool) -> Callable[[str], tuple[str, ...]]:
    """A cached function from a raw token to its index terms: the stems of its
    apostrophe variants and, with ``compounds``, of its compound parts. A stopword
    gives no terms."""
    from sersearch.analysis.stemming import get_stemmer
    from sersearch.analysis.stopwords import load_stopwords

    stem = get_stemmer(stemmer)
    stopwords = load_stopwords()

    @lru_cache(maxsize=_TOKEN_CACHE)
    def analyse(token: str) -> tuple[str, ...]:
        variants = apostrophe_variants(token)
        if not variants or _is_stopword(token, variants[0], stopwords):
            return ()
        terms = [stem(variant) for variant in variants]
        if compounds:
            terms += [stem(part) for part in _variant_parts(variants)]
        return tuple(dict.fromkeys(terms))

    return analyse


@lru_cache(maxsize=_TOKEN_CACHE)
def compound_parts(folded: str) -> tuple[str, ...]:
    """Every part of a folded compound word, at every level (``arbeidsmarktkrapte`` →
    ``arbeidsmarkt``, ``arbeid``, ``markt``, ``krapte``); empty for other words."""
    return _splitter().decompose(folded) if len(folded) >= 8 else ()


def _is_stopword(token: str, folded: str, stopwords: frozenset[str]) -> bool:
    """A stopword as written, or once folded unless an accent marks it as a content
    word: ``één`` (one), ``óf``, ``vóór`` are kept, ``een``, ``zo’n`` are not."""
    lowered = normalize_apostrophes(token).lower()
    return lowered in stopwords or (folded in stopwords and lowered.isascii())


def _variant_parts(variants: list[str]) -> tuple[str, ...]:
    """The compound parts of a word, split as written or else without its apostrophe
    plural (``arbeidsmarktregio's`` splits as ``arbeidsmarktregio``)."""
    return compound_parts(variants[0]) or compound_parts(variants[-1])


def compound_part_terms(word: str, stemmer: str = DEFAULT_STEMMER) -> tuple[str, ...]:
    """The stems of the top-level parts of a query word, when it is a compound."""
    from sersearch.analysis.stemming import get_stemmer

    stem = get_stemmer(stemmer)
    variants = apostrophe_variants(word)
    if not variants:
        return ()
    parts = _splitter().split(variants[0]) or _splitter().split(variants[-1])
    return tuple(stem(part) for part in parts)


@lru_cache(maxsize=1)
def _splitter():
    from sersearch.analysis.compounds import CompoundSplitter, load_lexicon

    return CompoundSplitter(load_lexicon())
