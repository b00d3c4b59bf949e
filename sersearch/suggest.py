"""Did you mean: spelling suggestions from the index's own surface vocabulary.

When a query finds little, each query word whose stem the index does not know (or
knows from a single passage) is compared with the stems the index holds:
``arbiedsmarkt`` → ``arbeidsmarkt``. Candidates within ``MAX_EDITS`` edits (a swap of
two neighbouring letters counts as one) are ranked by edit distance, then by how many
passages hold them. The suggestion is the word as a passage writes it (a surface
form, never a stem), taken from a passage that holds the stem as a word of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from typing import Any

from sersearch.analysis.analyzer import TOKEN_PATTERN

# A word found in fewer passages than this may be a misspelling.
RARE_BELOW = 2
MAX_EDITS = 2
# Shorter words have too many neighbours to guess from.
MIN_LENGTH = 4
# Candidates must share the first letter (few typos are there, and it keeps it fast).
PREFIX = 1
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})
_WORD = re.compile(TOKEN_PATTERN)


def suggest_query(searcher: Any, query_text: str, rare_below: int = RARE_BELOW) -> str | None:
    """``query_text`` with each word the index holds in fewer than ``rare_below``
    passages replaced by the likeliest known one (every such word of a query of
    several words), or None when there is nothing to correct. Fields, operators,
    numbers and stopwords are left as they are."""
    corrected, changed, end = [], False, 0
    for match in _WORD.finditer(query_text):
        word = match.group()
        if _is_field_name(query_text, match.end()) or not _checkable(word):
            continue
        replacement = best_correction(searcher, word, rare_below)
        if replacement is not None:
            corrected.append(query_text[end : match.start()] + replacement)
            end, changed = match.end(), True
    if not changed:
        return None
    return "".join(corrected) + query_text[end:]


def best_correction(searcher: Any, word: str, rare_below: int = RARE_BELOW) -> str | None:
    """The known surface form closest to ``word`` (fewest edits, then most passages),
    if ``word`` itself is in fewer than ``rare_below`` passages and something more
    frequent is close."""
    from sersearch.analysis.words import surface

    stem = _stem(word)
    if stem is None:
        return None
    own = searcher.doc_frequency("text", stem)
    if own >= rare_below:
        return None
    candidates = sorted(
        (distance, -searcher.doc_frequency("text", term), term)
        for distance, term in _near_terms(searcher.reader(), stem)
    )
    for _, frequency, term in candidates:
        if -frequency > own:
            written = written_form(searcher, term, surface(word))
            if written is not None:
                return written
    return None


def _near_terms(reader: Any, stem: str) -> Iterator[tuple[int, str]]:
    """(edits, term) for the index terms within ``MAX_EDITS`` of ``stem`` that share
    its first ``PREFIX`` letters: terms of another length or with other letters are
    passed over before any distance is computed, and a distance stops as soon as it
    exceeds the limit."""
    shortest, longest = len(stem) - MAX_EDITS, len(stem) + MAX_EDITS
    letters = set(stem)  # an edit adds or removes at most two distinct letters
    for raw in reader.expand_prefix("text", stem[:PREFIX]):
        term = raw.decode("utf-8")
        if (
            shortest <= len(term) <= longest
            and len(letters.symmetric_difference(term)) <= 2 * MAX_EDITS
            and term != stem
        ):
            distance = edit_distance(stem, term, MAX_EDITS)
            if distance <= MAX_EDITS:
                yield distance, term


def _stem(word: str) -> str | None:
    from sersearch.analysis.words import DEFAULT_STEMMER, analyser

    terms = analyser(DEFAULT_STEMMER, False)(word)
    return terms[0] if terms else None


def written_form(searcher: Any, stem: str, typed: str, passages: int = 20) -> str | None:
    """The way the passages write a word with stem ``stem`` (folded) that is closest to
    what was ``typed``, then the most common, looking in the first few passages that
    hold it; None when the stem only occurs inside compounds."""
    from sersearch.analysis.words import surface

    forms: Counter[str] = Counter()
    for docnum in islice(searcher.reader().postings("text", stem).all_ids(), passages):
        text = searcher.stored_fields(docnum).get("text", "")
        forms.update(
            surface(match.group()) for match in _WORD.finditer(text) if _stem(match.group()) == stem
        )
    if not forms:
        return None
    return min(forms, key=lambda form: (edit_distance(typed, form), -forms[form], form))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of neighbouring letters each cost one (``arbied`` → ``arbeid`` is 1). With
    a ``limit``, any distance above it comes back as ``limit + 1``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit and min(previous) >= limit:
            return limit + 1  # later rows build on these two: they stay above the limit
        previous2, previous = previous, current
    return previous[len(b)] if limit is None else min(previous[len(b)], limit + 1)


def _checkable(word: str) -> bool:
    from sersearch.analysis.stopwords import load_stopwords

    return (
        len(word) >= MIN_LENGTH
        and word not in _OPERATORS
        and not any(char.isdigit() for char in word)
        and word.lower() not in load_stopwords()
    )


def _is_field_name(text: str, end: int) -> bool:
    return text.startswith(":", end)
