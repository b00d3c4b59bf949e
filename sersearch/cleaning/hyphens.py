"""Words hyphenated at line ends: joined, glued or kept as the Dutch spelling needs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from sersearch.cleaning.furniture import URL_LINE
from sersearch.cleaning.pagelines import replace_lines
from sersearch.cleaning.words import Vocabulary
from sersearch.models import Line, Page

HYPHENATED_END = re.compile(r"(?<!\S)(\S*?)([^\W_]+)-$")
FIRST_WORD = re.compile(r"^([^\W_]+)")
CONJUNCTIONS = frozenset({"en", "of", "tot", "als", "noch", "en/of", "t/m", "maar", "dan"})
LOWERCASE_ABBREVIATIONS = frozenset(
    {"mbo", "hbo", "wo", "vmbo", "havo", "vwo", "mkb", "zzp", "ggz", "ov", "wmo", "btw", "cao"}
)
# Dutch writes a hyphen where two vowels would merge into one sound (zee-egel, na-apen).
VOWEL_CLASHES = frozenset(
    {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ij", "oe", "oi", "oo", "ou", "ui", "uu"}
)
# Coordinated adjectives keep their hyphen: sociaal-economisch, ruimtelijk-economische.
ADJECTIVE_ENDINGS = ("lijk", "lijke", "isch", "ische", "aal", "ale", "eel", "ele", "ief", "ieve")
TREMA = str.maketrans("aeiou", "äëïöü")


class HyphenJoin(Enum):
    """How a word hyphenated at a line end continues on the next line."""

    JOIN = "join"  # syllable break: uitge- voerd → uitgevoerd
    GLUE = "glue"  # real hyphen: sociaal- economisch → sociaal-economisch
    JOIN_TREMA = "join_trema"  # effici- ente → efficiënte
    KEEP = "keep"  # open compound: verkeers- en vervoersbeleid


def hyphen_decision(
    prefix: str, next_word: str, vocabulary: Vocabulary, *, auto_hyphenated: bool = True
) -> HyphenJoin:
    """Decide how ``prefix-`` at a line end continues with ``next_word`` on the next line.

    ``auto_hyphenated`` says whether the document breaks words at syllables; when it
    does not, a break between two words of the document is a real compound hyphen.
    """
    if next_word.lower() in CONJUNCTIONS:
        return HyphenJoin.KEEP
    if prefix + next_word in vocabulary:
        return HyphenJoin.JOIN
    if _trema_form(prefix, next_word) in vocabulary:
        return HyphenJoin.JOIN_TREMA
    if (
        next_word[:1].isupper()
        or prefix.isupper()
        or prefix.lower() in LOWERCASE_ABBREVIATIONS
        or any(char.isdigit() for char in prefix + next_word)
        or f"{prefix}-{next_word}" in vocabulary
        or (prefix[-1:] + next_word[:1]).lower() in VOWEL_CLASHES
        or (_is_adjective(prefix) and _is_adjective(next_word))
        or (not auto_hyphenated and prefix in vocabulary and next_word in vocabulary)
    ):
        return HyphenJoin.GLUE
    return HyphenJoin.JOIN


def _trema_form(prefix: str, next_word: str) -> str:
    """The joined word with the trema that Dutch drops at a hyphen (effici-ente → efficiënte)."""
    return prefix + next_word[:1].translate(TREMA) + next_word[1:]


def _is_adjective(word: str) -> bool:
    """Adjectives that form hyphenated pairs: sociaal-economisch, ruimtelijk-economische."""
    return len(word) >= 6 and word.lower().endswith(ADJECTIVE_ENDINGS)


@dataclass(frozen=True)
class LineEndHyphen:
    """A word broken by a hyphen at the end of ``lines[index]``."""

    index: int
    token: str  # the whole last token of the line, hyphen included
    prefix: str  # the word part right before the hyphen
    next_word: str  # the first word of the next line


def line_end_hyphens(lines: Sequence[Line]) -> list[LineEndHyphen]:
    """Every line that ends in a hyphenated word followed by a line starting with a word."""
    found = []
    for index in range(len(lines) - 1):
        if not lines[index].text.endswith("-"):
            continue  # what HYPHENATED_END asks, checked without scanning the line
        end = HYPHENATED_END.search(lines[index].text)
        start = FIRST_WORD.match(lines[index + 1].text)
        if end and start:
            found.append(LineEndHyphen(index, end.group(), end.group(2), start.group(1)))
    return found


def is_auto_hyphenated(pages: Sequence[Page], vocabulary: Vocabulary) -> bool:
    """True when the document's line-end hyphens look like syllable breaks, not compounds.

    Evidence per break: the joined word occurs elsewhere, or neither part is a word
    (``uitge-``/``voerd``) → syllable; the hyphenated form occurs, or both parts are
    words (``ruimtelijk-``/``economische``) → compound.
    """
    syllable = compound = 0
    for page in pages:
        for hyphen in line_end_hyphens(page.lines):
            prefix, word = hyphen.prefix, hyphen.next_word
            if not (prefix.islower() and word.islower()):
                continue
            if prefix + word in vocabulary or (prefix not in vocabulary and word not in vocabulary):
                syllable += 1
            elif f"{prefix}-{word}" in vocabulary or (prefix in vocabulary and word in vocabulary):
                compound += 1
    return syllable >= compound


def join_hyphenated_lines(pages: Sequence[Page], vocabulary: Vocabulary) -> list[Page]:
    """Repair words hyphenated at line ends within each page."""
    auto = is_auto_hyphenated(pages, vocabulary)
    return [replace_lines(page, _join_page_hyphens(page.lines, vocabulary, auto)) for page in pages]


def _join_page_hyphens(
    lines: Sequence[Line], vocabulary: Vocabulary, auto_hyphenated: bool
) -> tuple[Line, ...]:
    out = list(lines)
    for hyphen in line_end_hyphens(lines):
        current, following = out[hyphen.index], out[hyphen.index + 1]
        if not current.text.endswith(hyphen.token) or not following.text.startswith(
            hyphen.next_word
        ):
            continue  # an earlier join changed these lines
        decision = _decide(hyphen, following.text, vocabulary, auto_hyphenated)
        if decision is HyphenJoin.KEEP:
            continue
        rest = following.text.split(" ", 1)
        head = current.text if decision is HyphenJoin.GLUE else current.text[:-1]
        if decision is HyphenJoin.JOIN_TREMA:
            rest[0] = _trema_form("", rest[0])
        out[hyphen.index] = replace(current, text=head + rest[0])
        out[hyphen.index + 1] = replace(following, text=rest[1] if len(rest) > 1 else "")
    return tuple(
        line for line, original in zip(out, lines, strict=True) if line.text or not original.text
    )


def _decide(
    hyphen: LineEndHyphen, next_line: str, vocabulary: Vocabulary, auto_hyphenated: bool
) -> HyphenJoin:
    """URLs keep their hyphen; in hyphen chains (``onderwijs-arbeidsmarkt-``, ``face-``/
    ``to-face``) two words of the document are taken as a real compound."""
    if URL_LINE.match(hyphen.token):
        return HyphenJoin.GLUE
    chain = "-" in hyphen.token[:-1] or next_line[len(hyphen.next_word) :].startswith("-")
    return hyphen_decision(
        hyphen.prefix, hyphen.next_word, vocabulary, auto_hyphenated=auto_hyphenated and not chain
    )
