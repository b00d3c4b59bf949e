"""Dutch compound splitting against a word-frequency lexicon.

``CompoundSplitter.split("welvaartsgroei")`` → ``("welvaart", "groei")``. The method
follows Koehn & Knight (2003): of all ways to cut a word into known parts, take the
one whose parts have the highest geometric mean frequency (arithmetic mean of Zipf
values), and keep the word whole when it is itself at least that frequent
(``bestuur`` is not ``bes`` + ``tuur``). Dutch specifics on top:

* linking elements: a modifier may end in ``-s-``, ``-e-``, ``-en-`` or ``-er-``
  (``arbeid-s-markt``, ``kind-er-opvang``); the part reported is the form of the
  modifier that is most frequent on its own (``arbeid``, not ``arbeids``;
  ``jongeren``, more frequent than ``jonger``). ``-n-`` is not handled separately:
  its carriers (``zieken``, ``mensen``) are words themselves;
* parts are at least ``min_part`` letters and ``min_zipf`` frequent, and no part is a
  function word, a separable particle or a verbal prefix (``onder|wijs``,
  ``samen|werking``, ``ver|keer``, ``wel|vaart`` are derivations, not compounds);
  no head is a derivational suffix that happens to be a word (``werk|loze``,
  ``weten|schap``, ``leer|ling``);
* the top-level cut prefers two known words (``arbeidsmarkt|krapte``) over a cut
  that needs a further split (``arbeid|marktkrapte``);
* hyphens always split (``mbo-instellingen`` → ``mbo``, ``instellingen``).

The lexicon (``data/nl_lexicon.txt`` + ``.zipf`` + ``.offsets``, from wordfreq, CC
BY-SA 4.0; see ``scripts/build_lexicon.py``) is read on first use: a search looks up
a few hundred words by binary search in the packed text, an index run splits it into
a list once (see ``PackedWords``).
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

from sersearch.analysis.fold import fold
from sersearch.analysis.stopwords import load_stopwords

LEXICON_FILE = "nl_lexicon.txt"
ZIPF_FILE = "nl_lexicon.zipf"
OFFSETS_FILE = "nl_lexicon.offsets"
# Lookups in the packed text before it is split into a list: splitting costs about
# as much as a thousand lookups, and an index run makes millions.
SPLIT_AFTER_LOOKUPS = 2_000

# Corpus-only words get a modest Zipf value: evidence that a part exists, never
# strong enough to keep a corpus compound whole (10 occurrences → 2.0, capped).
_CORPUS_BASE_ZIPF = 1.0
_CORPUS_MAX_ZIPF = 2.5

# Linking elements a modifier may end in, tried besides the bare modifier.
_LINKS = ("s", "e", "en", "er")
# Separable particles, prepositions and verbal prefixes: a word starting with one is
# a lexicalised derivation (onderwijs, samenwerking, verkeer), not a compound.
_PARTICLES = frozenset(
    {
        *("aan", "achter", "af", "bij", "binnen", "boven", "buiten", "door", "her", "in"),
        *("los", "mede", "mee", "mis", "na", "naast", "neer", "om", "onder", "op", "over"),
        *(
            "overeen",
            "rond",
            "samen",
            "tegen",
            "terug",
            "toe",
            "tussen",
            "uit",
            "van",
            "vast",
            "ver",
        ),
        *("voor", "voorbij", "voort", "vol", "waar", "weder", "wel", "weer", "zelf"),
    }
)
# Unstressed verbal prefixes: ``be`` + ``stuur`` is a derivation, not ``best`` + ``uur``.
_PREFIXES = ("be", "ge", "ver", "ont", "her", "er", "on")
# Heads that are inflectional or derivational endings, even if the lexicon lists them
# (``gesprek|ken``, ``advise|ring``, ``werk|loze``, ``weten|schap``, ``leer|ling``).
_SUFFIX_HEAD = re.compile(
    r"[^aeiou]?(?:en|ende|enden|ing|ingen|ers|ster|sters)|e?ring|e?ringen|isering|isme|"
    r"isten?|iteit|ies|ige|igen|ele|ere|eren|ste|sten|ties?|achtige?|baar|bare|dom|heden|heid|"
    r"lijke?n?|loos|loze|lozen|matige?|nis|schap|schappen|vol|volle|zaam|zame"
)
_WORD = re.compile(r"[a-z]+")
_DEVOICE = str.maketrans("zv", "sf")


class PackedWords:
    """Sorted words in one UTF-8 text, one per line, with the offset where each
    starts: a lookup bisects the text, reading only the words it visits. After
    ``SPLIT_AFTER_LOOKUPS`` lookups the text is split into a list, ``split``, for
    the lexicon to use from then on."""

    def __init__(self, text: bytes, offsets: Sequence[int]) -> None:
        """``offsets`` holds each word's start and, last, the end of the text."""
        self._text = text
        self._offsets = offsets
        self._lookups = 0
        self.split: list[str] | None = None

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, number: int) -> bytes:
        return self._text[self._offsets[number] : self._offsets[number + 1] - 1]

    def index(self, word: str) -> int | None:
        """The position of ``word`` in the sorted list, ``None`` if absent."""
        self._lookups += 1
        if self._lookups > SPLIT_AFTER_LOOKUPS and self.split is None:
            start, end = self._offsets[0], self._offsets[-1]
            self.split = self._text[start : end - 1].decode().split("\n")
        if self.split is not None:
            return _index(self.split, word)
        key = word.encode()  # UTF-8 sorts as code points do
        number = bisect_left(self, key)
        return number if number < len(self) and self[number] == key else None


def _index(words: Sequence[str], word: str) -> int | None:
    number = bisect_left(words, word)
    return number if number < len(words) and words[number] == word else None


class Lexicon:
    """Folded Dutch words with Zipf frequencies (log10 of occurrences per 10^9 words)."""

    def __init__(
        self, words: Sequence[str] | PackedWords, zipfs: Sequence[int], extra: Mapping[str, float]
    ) -> None:
        """``words`` sorted, ``zipfs`` the matching Zipf×100 values; ``extra``
        holds words outside that list (e.g. from the corpus). Use ``load_lexicon``."""
        self._words = words
        self._zipfs = zipfs
        self._extra = dict(extra)
        # Every frequency by word, once the words are a list (an index run).
        self._table: dict[str, float] | None = None

    def frequency(self, word: str) -> float:
        """Zipf frequency of a folded word, 0.0 if unknown."""
        if self._table is not None:
            return self._table.get(word, 0.0)
        words = self._words
        if isinstance(words, PackedWords):
            number = words.index(word)
            if words.split is None:
                return (
                    self._zipfs[number] / 100 if number is not None else self._extra.get(word, 0.0)
                )
            self._words = words.split
        self._table = dict(self._extra)
        self._table.update(zip(self._words, (zipf / 100 for zipf in self._zipfs), strict=True))
        return self._table.get(word, 0.0)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.frequency(word) > 0.0

    def __len__(self) -> int:
        return len(self._words) + len(self._extra)

    def with_corpus_counts(self, counts: Mapping[str, int]) -> Lexicon:
        """A lexicon that also knows the corpus's own words (surface form → count).

        Words the lexicon lacks get Zipf ``min(2.5, 1 + log10(count))``; known words
        keep their frequency, so a small corpus cannot outweigh general usage.
        """
        extra = dict(self._extra)
        for word, count in counts.items():
            folded = fold(word)
            if count > 0 and _WORD.fullmatch(folded) and folded not in self:
                zipf = min(_CORPUS_MAX_ZIPF, _CORPUS_BASE_ZIPF + math.log10(count))
                extra[folded] = max(extra.get(folded, 0.0), zipf)
        return Lexicon(self._words, self._zipfs, extra)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, read once (~0.1M words in a millisecond: the text, the
    word offsets and the frequencies as they are, nothing parsed or split)."""
    data = resources.files("sersearch").joinpath("data")
    return Lexicon(
        PackedWords(
            data.joinpath(LEXICON_FILE).read_bytes(),
            _little_endian("I", data.joinpath(OFFSETS_FILE).read_bytes()),
        ),
        _little_endian("H", data.joinpath(ZIPF_FILE).read_bytes()),
        {},
    )


def _little_endian(typecode: str, packed: bytes) -> array:
    numbers = array(typecode)
    numbers.frombytes(packed)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


class CompoundSplitter:
    """Splits folded Dutch compounds into parts; results are memoised per instance."""

    def __init__(self, lexicon: Lexicon, min_part: int = 4, min_zipf: float = 2.0) -> None:
        self.lexicon = lexicon
        self.min_part = min_part
        self.min_zipf = min_zipf
        self._stopwords = load_stopwords()
        self._cached_split = lru_cache(maxsize=100_000)(self._split)

    def split(self, word: str) -> tuple[str, ...]:
        """The immediate parts of ``word`` (modifier, head), or ``()`` if it is no compound.

        ``arbeidsmarktkrapte`` → ``("arbeidsmarkt", "krapte")``; use ``decompose`` for
        every level. Parts are folded; a linking element is dropped from the modifier.
        """
        return self._cached_split(word)

    def decompose(self, word: str) -> tuple[str, ...]:
        """All constituents at every level, left to right, outer before inner:
        ``arbeidsmarktkrapte`` → ``("arbeidsmarkt", "arbeid", "markt", "krapte")``."""
        result: list[str] = []
        for part in self.split(word):
            result.append(part)
            result.extend(self.decompose(part))
        return tuple(result)

    def _split(self, word: str) -> tuple[str, ...]:
        folded = fold(word).strip("-")
        if "-" in folded:
            parts = [p for p in folded.split("-") if p]
            if len(parts) < 2:
                return ()
            return (*(self._modifier(p) or p for p in parts[:-1]), parts[-1])
        if not _WORD.fullmatch(folded):
            return ()
        cut = self._best_cut(folded, nested=False) or self._best_cut(folded, nested=True)
        return cut[1] if cut else ()

    def _best_cut(self, word: str, nested: bool) -> tuple[float, tuple[str, str]] | None:
        """The best (score, (modifier, head)) cut, score the mean Zipf of the parts.

        Both sides must be known words, each more frequent than the whole word's
        family (a compound is rarer than its parts; a part rarer than the whole is a
        fragment or the whole is lexicalised: ``huis|vesting``, ``werk|gever``). With
        ``nested``, one side may instead be a compound of two known words, scored by
        its own cut less a penalty of 0.5.
        """
        if self._is_derivation(word):
            return None
        whole = self._family_zipf(word)
        best: tuple[float, tuple[str, str]] | None = None
        for i in range(self.min_part, len(word) - self.min_part + 1):
            left, right = word[:i], word[i:]
            modifier = self._modifier(left)
            modifier_zipf = self.lexicon.frequency(modifier) if modifier else 0.0
            head_zipf = self._head_zipf(right)
            if nested and not modifier_zipf:
                modifier, modifier_zipf = left, self._nested_zipf(left)
            elif nested and not head_zipf:
                head_zipf = self._nested_zipf(right)
            if modifier and min(modifier_zipf, head_zipf) > whole:
                score = (modifier_zipf + head_zipf) / 2
                if best is None or score > best[0]:
                    best = (score, (modifier, right))
        return best

    def _nested_zipf(self, word: str) -> float:
        """Score of ``word`` as a compound of two known words, 0.0 if it is none."""
        cut = self._best_cut(word, nested=False)
        return cut[0] - 0.5 if cut else 0.0

    def _is_derivation(self, word: str) -> bool:
        """``word`` is an unstressed prefix plus a known word (``be|stuur``, ``on|benut``)."""
        return any(
            word.startswith(prefix) and self.lexicon.frequency(word[len(prefix) :]) >= self.min_zipf
            for prefix in _PREFIXES
        )

    def _family_zipf(self, word: str) -> float:
        """Zipf of ``word`` or of the singular/uninflected form it may be an inflection
        of (``kantoren`` → ``kantoor``, ``gesprekken`` → ``gesprek``, ``deelnamen`` →
        ``deelname``), whichever is higher."""
        forms = [word, word[:-1]] if word.endswith("en") else [word]
        for ending in ("en", "e", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= self.min_part:
                stem = word[: -len(ending)]
                forms.append(stem)
                if stem[-1] == stem[-2]:
                    forms.append(stem[:-1])
                elif stem[-2] in "aeou" and stem[-3] not in "aeiou":
                    forms.append(stem[:-1] + stem[-2] + stem[-1].translate(_DEVOICE))
                forms.append(stem[:-1] + stem[-1].translate(_DEVOICE))
        return max(self.lexicon.frequency(form) for form in forms)

    def _modifier(self, left: str) -> str | None:
        """The most frequent acceptable reading of ``left`` as a modifier, linking
        element removed, or None. A particle (``achter``) is not read as ``acht-er``."""
        if left in _PARTICLES:
            return None
        candidates = [left] + [left[: -len(link)] for link in _LINKS if left.endswith(link)]
        scored = [
            (zipf, candidate)
            for candidate in candidates
            if (zipf := self.lexicon.frequency(candidate)) >= self.min_zipf
            and self._acceptable(candidate)
        ]
        return max(scored)[1] if scored else None

    def _head_zipf(self, right: str) -> float:
        # Most cuts leave no word on the right: the lexicon says so first.
        zipf = self.lexicon.frequency(right)
        if zipf < self.min_zipf or _SUFFIX_HEAD.fullmatch(right) or not self._acceptable(right):
            return 0.0
        return zipf

    def _acceptable(self, part: str) -> bool:
        return (
            len(part) >= self.min_part
            and part not in _PARTICLES
            and part not in self._stopwords
            and self.lexicon.frequency(part) >= self.min_zipf
        )
