"""Case and diacritics folding, and Dutch apostrophe forms.

``fold`` is the one normalisation every comparison goes through: lower case, no
diacritics (``geïnvesteerd`` → ``geinvesteerd``, ``één`` → ``een``), typographic
apostrophes made plain. ``apostrophe_variants`` maps the spellings of a Dutch
apostrophe plural or genitive to the same terms, at index and at query time:

==================  ===========================
raw token           variants
==================  ===========================
``regio’s``         ``regios``, ``regio``
``regios``          ``regios``
``SER’en``          ``seren``, ``ser``
``SERen``           ``seren``, ``ser``
``SDGs``            ``sdgs``, ``sdg``
``zzp’er``          ``zzper``, ``zzp``
``zo’n``            ``zo``
==================  ===========================

The first variant, the folded token with its apostrophes dropped, is the canonical
term: a writer who leaves the apostrophe out (``regios``, ``SERen``) produces it, so
it must be indexed. The second, the base without the suffix, lets ``regio`` find
``regio’s`` and ``SER`` find ``SER’en``. Index every variant at the token's position;
at query time either OR the variants or use the first alone (both match the index).
Only the apostrophe shows that ``regio’s`` has a suffix; a lower-case ``regios`` is
left alone because a rule for it (``-Vs`` → ``-V``) would also cut ``reis``, ``virus``.
Clitics ``’n`` and ``’t`` (``zo’n`` = *zo een*) give the base only: joined they would
make other words (``zon``).
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘`´ʼ′＇", "'"))

# Suffixes written after an apostrophe: plural/genitive -s, plural -en, agent -er(s),
# diminutive -(t)je(s). Their base is indexed too.
_SUFFIXES = frozenset({"s", "en", "er", "ers", "je", "jes", "tje", "tjes"})
# Clitics (zo'n, da't): their joined form would be another word, so only the base is kept.
_CLITICS = frozenset({"n", "t"})
# An acronym with its plural or agent suffix and no apostrophe: SERen, SDGs, ICTers.
_ACRONYM_SUFFIX = re.compile(r"([A-Z][A-Z0-9&]*[A-Z&])(s|en|er|ers)")


def normalize_apostrophes(text: str) -> str:
    """Replace typographic apostrophes and look-alikes (’ ‘ ` ´ ʼ) by ``'``."""
    return text.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Lower-case ``text``, strip diacritics (NFKD, combining marks dropped) and
    normalise apostrophes: ``Één geïnvesteerde regio’s`` → ``een geinvesteerde regio's``."""
    text = normalize_apostrophes(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_apostrophe_suffix(token: str) -> str:
    """The folded base of an apostrophe form: ``regio’s`` → ``regio``, ``SER'en`` → ``ser``,
    ``SDGs`` → ``sdg``; any other token is only folded (apostrophes dropped)."""
    return apostrophe_variants(token)[-1]


def apostrophe_variants(token: str) -> list[str]:
    """Folded index terms for one raw token, canonical (apostrophes dropped) first.

    Case matters for acronyms without an apostrophe (``SDGs`` → ``sdgs``, ``sdg``), so
    pass the token as written. Quote marks around the token and a footnote number
    after a closing quote (``krapte’2``) are dropped. Never empty for a non-empty word.
    """
    token = normalize_apostrophes(token).strip("'")
    base, sep, suffix = token.rpartition("'")
    if sep and suffix.isdigit():
        token, base, sep, suffix = base, *base.rpartition("'")
    if not sep:
        match = _ACRONYM_SUFFIX.fullmatch(token)
        if match is None:
            return [fold(token)]
        base, suffix = match.groups()
    joined = fold(token).replace("'", "")
    folded_suffix = fold(suffix)
    folded_base = fold(base).replace("'", "")
    if folded_suffix in _CLITICS:
        return [folded_base]
    if folded_suffix in _SUFFIXES and folded_base:
        return [joined, folded_base]
    return [joined]
