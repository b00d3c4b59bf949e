"""The document's words: its vocabulary, and repairs of letter-spaced words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from sersearch.models import Line, Page

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
LETTERS = re.compile(r"[^\W\d_]+")
SPLIT_FRAGMENT = 3  # letters a letter-spacing artefact splits off a word
# Two words separated by one space (the second one is looked at, not consumed, so
# that it can be the next pair's first); SHORT_PAIR only those with a word of at most
# SPLIT_FRAGMENT letters.
_START = r"(?<![^\W\d_])"  # where a word starts
_WORDS = r"([^\W\d_]+) (?=([^\W\d_]+)(?![^\W\d_]))"
_SHORT = rf"[^\W\d_]{{1,{SPLIT_FRAGMENT}}}"
SHORT_PAIR = re.compile(rf"{_START}(?={_SHORT} |[^\W\d_]+ {_SHORT}(?![^\W\d_])){_WORDS}")
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
            tokens = _lowercase_tokens(WORD, line.text)
            if line.text.endswith("-") and tokens:
                tokens = tokens[:-1]
            if index > 0 and lines[index - 1].text.endswith("-") and tokens:
                tokens = tokens[1:]
            words.update(tokens)
            for token in tokens:
                if "-" in token:
                    words.update(token.split("-"))
    known = frozenset(word.lower() for word in known_words or ())
    return Vocabulary(frozenset(words), known)


@dataclass(frozen=True)
class WordCounts:
    """How often each word occurs, and each pair of words split by one space of which
    one has at most ``SPLIT_FRAGMENT`` letters (only such pairs can be a split word)."""

    words: Counter[str]
    pairs: Counter[tuple[str, str]]
    # letter → _split_count(letter), filled as letters are asked for
    split_counts: dict[str, int] = field(default_factory=dict, compare=False)


def count_words(pages: Sequence[Page]) -> WordCounts:
    """Count lowercase words and the adjacent word pairs that may be a split word."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for page in pages:
        for line in page.lines:
            text = _lowercase(line.text)
            if text is None:  # lowercasing changes lengths: word by word
                words.update(map(str.lower, LETTERS.findall(line.text)))
                pairs.update(
                    (first.lower(), second.lower()) for _, first, second in _short_pairs(line.text)
                )
                continue
            words.update(LETTERS.findall(text))
            if " " in text:
                pairs.update(SHORT_PAIR.findall(text))
    return WordCounts(words, pairs)


def _lowercase(text: str) -> str | None:
    """``text`` lowercased when that maps each character to one character (so the
    words of the lowercased text are the lowercased words), else ``None``. Greek
    sigma is left out: its lowercase form depends on the letters around it."""
    lowered = text.lower()
    if len(lowered) != len(text) or "σ" in lowered or "ς" in lowered:
        return None
    return lowered


def _lowercase_tokens(pattern: re.Pattern[str], text: str) -> list[str]:
    """The lowercased matches of ``pattern`` in ``text``."""
    lowered = _lowercase(text)
    if lowered is None:
        return [token.lower() for token in pattern.findall(text)]
    return pattern.findall(lowered)


def _short_pairs(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset of the space, first, second) for the words separated by exactly one space
    of which one, lowercased, has at most ``SPLIT_FRAGMENT`` letters."""
    if " " not in text:
        return
    for match in SHORT_PAIR.finditer(text):  # lowercasing never shortens a word
        first, second = match.group(1, 2)
        if min(len(first.lower()), len(second.lower())) <= SPLIT_FRAGMENT:
            yield match.end() - 1, first, second


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
    joins = [
        space
        for space, first, second in _short_pairs(text)
        if _is_split_word(first, second, vocabulary, counts)
    ]
    for space in reversed(joins):
        text = text[:space] + text[space + 1 :]
    return line if text == line.text else replace(line, text=text)


def _is_split_word(first: str, second: str, vocabulary: Vocabulary, counts: WordCounts) -> bool:
    if second[:1].isupper():
        return False
    head, tail = first.lower(), second.lower()
    fragments = [part for part in (head, tail) if len(part) <= SPLIT_FRAGMENT]
    if not fragments or head + tail not in vocabulary:
        return False
    together = counts.pairs[head, tail]
    if len(first) == 1 and first.isupper() and second.islower():
        together = _split_count(head, counts)
    return all(counts.words[part] == together for part in fragments)


def _split_count(letter: str, counts: WordCounts) -> int:
    """How often ``letter`` stands before a fragment that never occurs on its own."""
    if not counts.split_counts:  # every head's count, in one pass over the pairs
        for (head, tail), number in counts.pairs.items():
            if counts.words[tail] == number:
                counts.split_counts[head] = counts.split_counts.get(head, 0) + number
        counts.split_counts[""] = 0  # filled, even when no head has a count
    return counts.split_counts.get(letter, 0)


def may_split(vocabulary: Vocabulary, counts: WordCounts) -> bool:
    """Whether any pair of the document could pass ``_is_split_word`` (checked on the
    counted lowercase pairs: all with a fragment, whatever their case in the text)."""
    for (head, tail), number in counts.pairs.items():
        if head + tail not in vocabulary:
            continue
        fragments = [part for part in (head, tail) if len(part) <= SPLIT_FRAGMENT]
        for together in (number, _split_count(head, counts)):
            if all(counts.words[part] == together for part in fragments):
                return True
    return False
