"""The document's words: its vocabulary, and repairs of letter-spaced words."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sersearch.models import Line, Page

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
LETTERS = re.compile(r"[^\W\d_]+")
SPLIT_FRAGMENT = 3  # letters a letter-spacing artefact splits off a word
LETTER_SPACED_RUN = re.compile(r"(?<!\S)(?:[^\W\d_] ){3,}[^\W\d_](?!\S)")


@dataclass(frozen=True)
class Vocabulary:
    """Words seen in a document (lowercase), plus optional known words from a word list."""

    words: frozenset[str]
    known: frozenset[str] = frozenset()

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        return word in self.words or word in self.known


def build_vocabulary(pages: Sequence[Page], known_words: Iterable[str] | None = None) -> Vocabulary:
    """Lowercase words of the document, without the fragments around line-end hyphens."""
    words: set[str] = set()
    for page in pages:
        lines = page.lines
        for index, line in enumerate(lines):
            tokens = WORD.findall(line.text)
            if line.text.endswith("-") and tokens:
                tokens = tokens[:-1]
            if index > 0 and lines[index - 1].text.endswith("-") and tokens:
                tokens = tokens[1:]
            for token in tokens:
                token = token.lower()
                words.add(token)
                if "-" in token:
                    words.update(token.split("-"))
    known = frozenset(word.lower() for word in known_words or ())
    return Vocabulary(frozenset(words), known)


@dataclass(frozen=True)
class WordCounts:
    """How often each word, and each pair of words split by one space, occurs."""

    words: Counter[str]
    pairs: Counter[tuple[str, str]]


def count_words(pages: Sequence[Page]) -> WordCounts:
    """Count lowercase words and adjacent word pairs over the whole document."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for page in pages:
        for line in page.lines:
            matches = list(LETTERS.finditer(line.text))
            words.update(match.group().lower() for match in matches)
            pairs.update(
                (first.group().lower(), second.group().lower())
                for first, second in itertools.pairwise(matches)
                if line.text[first.end() : second.start()] == " "
            )
    return WordCounts(words, pairs)


def join_spaced_letters(line: Line) -> Line:
    """Join runs of four or more single letters: ``P E R S B E R I C H T``."""
    text = LETTER_SPACED_RUN.sub(lambda match: match.group().replace(" ", ""), line.text)
    return line if text == line.text else replace(line, text=text)


def repair_letter_spacing(line: Line, vocabulary: Vocabulary, counts: WordCounts) -> Line:
    """Join words split by letter spacing: ``C oronaproof``, ``ac tieteam``.

    A word split in two is joined when the joined form is a word of the document and
    the short part (at most ``SPLIT_FRAGMENT`` letters) never occurs outside this
    split (``ten slotte`` and ``plaatsing en`` stay apart because ``ten`` and ``en``
    are used on their own; a capital letter counts every word it is split off:
    ``C orona``, ``C oronaproof`` but not ``Alternatief B lijken``).
    """
    text = line.text
    matches = list(LETTERS.finditer(text))
    joins = [
        second.start() - 1
        for first, second in itertools.pairwise(matches)
        if text[first.end() : second.start()] == " "
        and _is_split_word(first.group(), second.group(), vocabulary, counts)
    ]
    for space in reversed(joins):
        text = text[:space] + text[space + 1 :]
    return line if text == line.text else replace(line, text=text)


def _is_split_word(first: str, second: str, vocabulary: Vocabulary, counts: WordCounts) -> bool:
    head, tail = first.lower(), second.lower()
    fragments = [part for part in (head, tail) if len(part) <= SPLIT_FRAGMENT]
    together = counts.pairs[head, tail]
    if head + tail not in vocabulary or second[:1].isupper():
        return False
    if len(first) == 1 and first.isupper() and second.islower():
        together = _split_count(head, counts)
    return bool(fragments) and all(counts.words[part] == together for part in fragments)


def _split_count(letter: str, counts: WordCounts) -> int:
    """How often ``letter`` stands before a fragment that never occurs on its own."""
    return sum(
        number
        for (head, tail), number in counts.pairs.items()
        if head == letter and counts.words[tail] == number
    )
