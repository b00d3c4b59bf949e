"""Word-level Dutch analysis: from one raw token to the terms the index holds.

Every raw token is analysed once per process and the result cached, so analysis
cost grows with the vocabulary, not with the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import islice

from sersearch.analysis.fold import apostrophe_variants, fold, normalize_apostrophes

DEFAULT_STEMMER = "snowball-porter"
# Raise when the terms made of the same text change (rules, lexicon, stopwords):
# indexes built before then must be rebuilt.
ANALYSIS_VERSION = 3
_TOKEN_CACHE = 500_000
_VOWEL_RUN = re.compile(r"([aeiou])\1+")
# A plural in -s after a schwa -e (``turbines``, ``gemeentes``) or after -eau
# (``niveaus``); the Snowball stemmer keeps an -s after a vowel.
_VOWEL_PLURAL = re.compile(r"[a-z]{2,}(?:[^aeiou]e|eau)s")
# The shortest head an elided compound may borrow (``voor- en nadelen`` → ``delen``).
_MIN_BORROWED_HEAD = 3


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
    gives no terms. What it analysed is also kept for other processes (``analysed_since``)."""
    from sersearch.analysis.stemming import get_stemmer
    from sersearch.analysis.stopwords import load_stopwords

    stem = get_stemmer(stemmer)
    stopwords = load_stopwords()
    known = _ANALYSED.setdefault((stemmer, compounds), {})

    @lru_cache(maxsize=_TOKEN_CACHE)
    def analyse(token: str) -> tuple[str, ...]:
        terms = known.get(token)
        if terms is not None:
            return terms
        variants = apostrophe_variants(token)
        if not variants or _is_stopword(token, variants[0], stopwords):
            terms = ()
        else:
            variants = [singular(variant) for variant in variants]
            terms = tuple(stem(variant) for variant in variants)
            if compounds:
                terms += tuple(stem(part) for part in _variant_parts(variants))
            terms = tuple(dict.fromkeys(terms))
        if len(known) < _TOKEN_CACHE:
            known[token] = terms
        return terms

    return analyse


# The terms of every token analysed in this process (or handed to it), by stemmer
# and compounds, in the order analysed: index writers in worker processes hand what
# they analysed back (``analysed_since``, ``learn``), so the next ones, forked from
# the indexing process, start with it instead of analysing the vocabulary again.
_ANALYSED: dict[tuple[str, bool], dict[str, tuple[str, ...]]] = {}
Analysed = dict[tuple[str, bool], list[tuple[str, tuple[str, ...]]]]


def analysed_count() -> dict[tuple[str, bool], int]:
    """How many tokens each analyser knows now (a mark for ``analysed_since``)."""
    return {key: len(known) for key, known in _ANALYSED.items()}


def analysed_since(mark: dict[tuple[str, bool], int]) -> Analysed:
    """The tokens analysed (with their terms) after ``analysed_count`` gave ``mark``."""
    return {
        key: list(islice(known.items(), mark.get(key, 0), None)) for key, known in _ANALYSED.items()
    }


def learn(analysed: Analysed) -> None:
    """Take tokens another process analysed, so this one need not analyse them again."""
    for key, items in analysed.items():
        known = _ANALYSED.setdefault(key, {})
        for token, terms in items[: max(0, _TOKEN_CACHE - len(known))]:
            known.setdefault(token, terms)


@lru_cache(maxsize=_TOKEN_CACHE)
def singular(folded: str) -> str:
    """The singular of a folded plural in ``-s`` after a vowel, which the Snowball
    stemmer leaves alone (``turbines`` would not meet ``turbine``): ``turbines`` →
    ``turbine``, ``windturbines`` → ``windturbine``, ``niveaus`` → ``niveau``. Only
    when the singular is a known word or a compound with a known head, so ``proces``,
    ``adres`` and ``congres`` (stressed ``-es``, no ``proce``) stay whole."""
    if not _VOWEL_PLURAL.fullmatch(folded):
        return folded
    base = folded[:-1]
    lexicon = _splitter().lexicon
    if lexicon.frequency(base) >= _splitter().min_zipf:
        return base
    parts = _splitter().split(base)
    return base if parts and parts[-1] in lexicon else folded


def known_word(folded: str) -> bool:
    """Whether the lexicon knows ``folded`` as a word of some frequency."""
    return word_frequency(folded) >= _splitter().min_zipf


def word_frequency(folded: str) -> float:
    """The Zipf frequency of ``folded`` in the lexicon, 0.0 if unknown."""
    return _splitter().lexicon.frequency(folded)


def elided_compound(first: str, second: str) -> str | None:
    """The full compound an elided first conjunct stands for, given the conjunct
    that completes it: ``raads`` + ``commissieleden`` → ``raadsleden`` (from
    "raads- en commissieleden"), ``start`` + ``landingsbaan`` → ``startbaan``.

    The head is the second conjunct's head as split (``commissie|leden``), or else
    its longest ending that makes a known word with ``first`` (``voor- en nadelen``
    → ``voordelen``, ``in- en uitvoer`` → ``invoer``); ``None`` when neither works."""
    first, second = surface(first), surface(second)
    if not first.isalpha() or not second.isalpha():
        return None
    parts = _splitter().split(second)
    if not parts and singular(second) != second:
        parts = tuple(_splitter().split(singular(second)))
        parts = (*parts[:-1], parts[-1] + "s") if parts else ()
    if parts and second.endswith(parts[-1]):
        return first + parts[-1]
    lexicon = _splitter().lexicon
    for start in range(1, len(second) - _MIN_BORROWED_HEAD + 1):
        candidate = first + second[start:]
        if lexicon.frequency(singular(candidate)) >= _splitter().min_zipf:
            return candidate
    return None


def elided_second_compound(first: str, second: str) -> str | None:
    """The full compound an elided second conjunct stands for, given the compound
    before it: ``natuurherstel`` + ``ontwikkeling`` → ``natuurontwikkeling`` (from
    "natuurherstel en -ontwikkeling"), ``omgevingsvisie`` + ``verordening`` →
    ``omgevingsverordening`` (the modifier as written, linking ``-s-`` and all);
    ``None`` when ``first`` is no compound."""
    first, second = surface(first), surface(second)
    if not first.isalpha() or not second.isalpha():
        return None
    parts = _splitter().split(singular(first))
    if not parts or not singular(first).endswith(parts[-1]):
        return None
    return first[: len(singular(first)) - len(parts[-1])] + second


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
    first, last = singular(variants[0]), singular(variants[-1])
    parts = _splitter().split(first) or _splitter().split(last)
    return tuple(stem(part) for part in parts)


@lru_cache(maxsize=1)
def _splitter():
    from sersearch.analysis.compounds import CompoundSplitter, load_lexicon

    return CompoundSplitter(load_lexicon())
