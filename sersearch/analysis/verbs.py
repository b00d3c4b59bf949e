"""Regular Dutch verb forms, for query expansion (see ``sersearch.expand``).

The Porter-style stemmer keeps the ``-t``/``-d`` of verb forms and the ``ge-`` of
participles, so ``beoordeelt``, ``ontruimd`` and ``gewijzigd`` share no stem with
``beoordelen``, ``ontruiming`` and ``wijziging``. ``infinitive`` maps such a form to
its verb; ``separable_verbs`` joins a verb split over a clause (``wijzen ... af``).
Every guess is checked against the lexicon, so that nouns in ``-d``/``-t``
(``markt``, ``gebied``, ``gezond``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sersearch.analysis.fold import fold
from sersearch.analysis.stopwords import load_stopwords
from sersearch.analysis.words import known_word, word_frequency

# A form is read as a verb's only if the infinitive is at most this much rarer (in
# Zipf) than the form: ``markt`` (5.0) is no form of ``marken`` (3.4).
VERB_FREQUENCY_MARGIN = 1.0
# Particles of Dutch separable verbs (af|wijzen, uit|geven, op|nemen, ...).
SEPARABLE_PARTICLES = frozenset(
    {"aan", "af", "bij", "door", "in", "mee", "na", "om", "op", "over", "terug", "toe", "uit"}
    | {"vast", "voor", "weg", "samen", "tegen", "los", "neer"}
)
# ge + a verb stem of at least four letters ending in a consonant + d/t.
_PARTICIPLE = re.compile(r"ge([a-z]{3,}[^aeiou])[dt]")
# An unstressed prefix (no ``ge-``) or any stem of four letters or more, then the
# ``-d``/``-t`` of a participle or of the present tense.
_PREFIXED_FORM = re.compile(r"((?:be|ver|ont|her|er)[a-z]{3,}[^aeiou]|[a-z]{3,}[^aeiout])[dt]")
_LONG_VOWEL = re.compile(r"(?<![aeiou])(aa|ee|oo|uu)([^aeiou])$")
_SHORT_VOWEL = re.compile(r"(?<![aeiou])[aeiou][bdfgklmnprst]$")
# A single vowel before the last consonant, written double once the -en goes.
_OPEN_SYLLABLE = re.compile(r"(?<=[^aeiou])([aeou])([^aeiou])$")
_VOICE = str.maketrans("fs", "vz")
_DEVOICE = str.maketrans("vz", "fs")


def infinitive(word: str) -> str | None:
    """The infinitive of a regular verb form, folded: a past participle
    (``gewijzigd`` → ``wijzigen``), a participle of a verb with an unstressed prefix,
    which takes no ``ge-`` (``ontruimd`` → ``ontruimen``), or a present tense in
    ``-t`` (``beoordeelt`` → ``beoordelen``); ``None`` for anything else.

    The infinitive is rebuilt with Dutch spelling rules (a long vowel is written
    single in an open syllable, a short one doubles the consonant after it, ``f``/``s``
    may be voiced ``v``/``z``); the most frequent spelling the lexicon knows is taken,
    unless it is more than ``VERB_FREQUENCY_MARGIN`` rarer than the form itself."""
    folded = fold(word)
    known = [i for verb in _verb_stems(folded) for i in _infinitives(verb) if known_word(i)]
    if not known:
        return None
    best = max(known, key=word_frequency)
    if word_frequency(best) < word_frequency(folded) - VERB_FREQUENCY_MARGIN:
        return None
    return best


def separable_verbs(words: Sequence[str]) -> list[str]:
    """The separable verbs a clause's folded ``words`` split (``zorgaanbieders wijzen
    patiënten af``): a particle that ends the clause, as it ends a Dutch main clause,
    joined to each earlier content word when that makes a known word (``afwijzen``)."""
    if len(words) < 2 or words[-1] not in SEPARABLE_PARTICLES:
        return []
    stopwords = load_stopwords()
    particle = words[-1]
    return [
        particle + word
        for word in dict.fromkeys(words[:-1])
        if word.isalpha() and word not in stopwords and known_word(particle + word)
    ]


def present_tense(infinitive: str) -> str | None:
    """The third person singular of a regular infinitive, which the stemmer keeps
    apart: ``afwijzen`` → ``afwijst``, ``opnemen`` → ``opneemt``, ``afkappen`` →
    ``afkapt``; ``None`` for a word that is no infinitive in ``-en``."""
    if not infinitive.endswith("en") or len(infinitive) < 5:
        return None
    verb = infinitive[:-2]
    verb = verb[:-1] + verb[-1].translate(_DEVOICE)
    if len(verb) > 2 and verb[-1] == verb[-2]:
        verb = verb[:-1]
    elif _OPEN_SYLLABLE.search(verb):
        verb = _OPEN_SYLLABLE.sub(lambda m: m[1] * 2 + m[2], verb)
    return verb if verb.endswith("t") else verb + "t"


def _verb_stems(folded: str) -> list[str]:
    """The verb stems a word may be a regular form of: ``ge`` + stem + ``d``/``t``,
    unstressed prefix + stem + ``d``/``t``, or stem + ``t``."""
    match = _PARTICIPLE.fullmatch(folded)
    if match:
        return [match.group(1)]
    match = _PREFIXED_FORM.fullmatch(folded)
    return [match.group(1)] if match and not folded.startswith("ge") else []


def _infinitives(verb: str) -> list[str]:
    """Spellings of the infinitive of the verb stem ``verb``: ``werk`` → ``werken``,
    ``beoordeel`` → ``beoordelen``, ``kap`` → ``kappen``, ``leef`` → ``leven``."""
    voiced = verb[:-1] + verb[-1].translate(_VOICE)
    forms = [verb + "en"]
    for base in dict.fromkeys((verb, voiced)):
        if _LONG_VOWEL.search(base):
            forms.append(_LONG_VOWEL.sub(lambda m: m[1][0] + m[2], base) + "en")
        elif _SHORT_VOWEL.search(base):
            forms.append(base + base[-1] + "en")
        if base is not verb:
            forms.append(base + "en")
    return forms
