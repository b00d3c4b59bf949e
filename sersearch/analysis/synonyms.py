"""Abbreviations and synonyms for query expansion.

File format (``data/nl_abbreviations.tsv``, ``data/nl_synonyms.tsv`` and user files),
UTF-8, one synonym set per line, ``#`` starts a comment line, blank lines ignored::

    term<TAB>expansion[|expansion ...][<TAB>flags]

    GS	Gedeputeerde Staten	cs
    mbo	middelbaar beroepsonderwijs
    SDG	Sustainable Development Goal|Sustainable Development Goals

Every member of a set expands to every other member (``mbo`` ↔ ``middelbaar
beroepsonderwijs``); several lines with a shared member are unioned. The only flag,
``cs``, makes the *first* column match only as written: ``PS`` expands, the word
``ps`` does not; likewise ``RES``, ``WW``, ``AI``, ``OR``, ``NOW``. Expansions and all
other terms match case- and diacritic-insensitively. An abbreviation also matches in
its plural forms (``SDG’s``, ``SDGs``, ``ROC's``). Terms are split into words on
spaces (hyphenated words stay one word, a dangling hyphen is dropped:
``midden- en kleinbedrijf`` → ``("midden", "en", "kleinbedrijf")``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sersearch.analysis.fold import apostrophe_variants, fold

SHIPPED_FILES = ("nl_abbreviations.tsv", "nl_synonyms.tsv")
CASE_SENSITIVE = "cs"

Phrase = tuple[str, ...]
_WORD = re.compile(r"[\w&'+]+(?:-[\w&'+]+)*")


def words(text: str) -> Phrase:
    """The folded words of a term: ``Midden- en Kleinbedrijf`` → ``("midden", "en",
    "kleinbedrijf")``."""
    return tuple(_WORD.findall(fold(text)))


@dataclass
class SynonymTable:
    """Synonym sets indexed by member; build with ``load_synonyms``."""

    _sets: list[set[Phrase]] = field(default_factory=list)
    _by_phrase: dict[Phrase, set[int]] = field(default_factory=lambda: defaultdict(set))
    _case_sensitive: dict[Phrase, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def max_words(self) -> int:
        """The longest member, in words (the window a query scan needs)."""
        return max((len(p) for p in self._by_phrase), default=0)

    def add(self, term: str, expansions: Sequence[str], case_sensitive: bool = False) -> None:
        """Add one synonym set: ``term`` and its ``expansions``."""
        key = words(term)
        members = {key, *(words(e) for e in expansions)} - {()}
        index = len(self._sets)
        self._sets.append(members)
        for member in members:
            self._by_phrase[member].add(index)
        if case_sensitive:
            self._case_sensitive[key].add(term)

    def expansions(self, term_or_phrase: str) -> list[Phrase]:
        """Other members of every set ``term_or_phrase`` belongs to, folded, sorted.

        Pass the text as the user wrote it: case decides for ``cs`` entries.
        """
        found: set[Phrase] = set()
        for candidate, surface in self._candidates(term_or_phrase):
            exact = self._case_sensitive.get(candidate)
            if exact and surface not in exact:
                continue
            for index in self._by_phrase.get(candidate, ()):
                found |= self._sets[index]
            if found:
                found -= {candidate}
                break
        return sorted(found)

    def match(self, tokens: Sequence[str]) -> list[tuple[int, int, list[Phrase]]]:
        """Scan raw query tokens left to right, longest match first: ``(start, end,
        expansions)`` for each span ``tokens[start:end]`` that has expansions."""
        spans = []
        start, limit = 0, self.max_words
        while start < len(tokens):
            for end in range(min(len(tokens), start + limit), start, -1):
                found = self.expansions(" ".join(tokens[start:end]))
                if found:
                    spans.append((start, end, found))
                    start = end
                    break
            else:
                start += 1
        return spans

    def _candidates(self, text: str) -> list[tuple[Phrase, str]]:
        """``text`` as a phrase, then, for one word, its forms without a plural suffix."""
        stripped = text.strip()
        phrase = words(stripped)
        candidates = [(phrase, stripped)]
        if len(phrase) == 1:
            for variant in apostrophe_variants(stripped)[1:]:
                surface = re.split(r"['’‘`´ʼ]|(?<=[A-Z])(?=[a-z]+$)", stripped)[0]
                candidates.append(((variant,), surface))
        return candidates


def load_synonyms(extra: Path | None = None) -> SynonymTable:
    """The shipped abbreviation and synonym tables, plus the user's file ``extra`` in the
    same format. Raises ``ValueError`` naming the file and line for a malformed line."""
    table = SynonymTable()
    for name in SHIPPED_FILES:
        _read(table, _shipped_text(name), name)
    if extra is not None:
        _read(table, extra.read_text("utf-8"), str(extra))
    return table


@lru_cache(maxsize=len(SHIPPED_FILES))
def _shipped_text(name: str) -> str:
    return resources.files("sersearch").joinpath("data", name).read_text("utf-8")


def _read(table: SynonymTable, text: str, source: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.rstrip("\r\n").split("\t")
        flags = columns[2].split(",") if len(columns) > 2 else []
        if len(columns) not in (2, 3) or not columns[0].strip() or not columns[1].strip():
            raise ValueError(f"{source}:{number}: expected term<TAB>expansion[<TAB>flags]")
        if any(flag.strip() not in ("", CASE_SENSITIVE) for flag in flags):
            raise ValueError(f"{source}:{number}: unknown flag in {columns[2]!r}; use 'cs'")
        case_sensitive = CASE_SENSITIVE in (flag.strip() for flag in flags)
        table.add(columns[0].strip(), columns[1].split("|"), case_sensitive=case_sensitive)
