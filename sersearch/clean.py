"""Cleaning stage: deterministic repairs of extracted pages that keep the document's wording.

Rules, in order: character normalisation (ligatures, compatibility spaces and hyphens,
glyph codes, footnote markers), page furniture removal (page numbers, running
headers and footers, repeated link lines), letter-spacing repair and joining of
words hyphenated at line ends. Sentences are never rewritten: search matches quotes.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from sersearch.extract import squeeze_breaks
from sersearch.models import Line, Page

CHARACTER_MAP = str.maketrans(
    {
        "ﬀ": "ff",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "st",
        "ﬆ": "st",
        "ĳ": "ij",
        "Ĳ": "IJ",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
# A superscript run glued to a word or closing punctuation is a footnote marker,
# except after units (m², km³).
FOOTNOTE_MARKER = re.compile(
    rf"(?<=[^\s\d_(\[])(?<!\bm)(?<!\bkm)(?<!\bcm)(?<!\bmm)[{SUPERSCRIPTS}]+"
)
CID = re.compile(r"\(cid:(\d+)\)")
CID_WORD = re.compile(r"(?:[^\W\d_]|\(cid:\d+\))*\(cid:\d+\)(?:[^\W\d_]|\(cid:\d+\))*")
LONE_CID = re.compile(r"(?<!\S)\(cid:\d+\)(?!\S)")
# Ligature glyphs that fonts commonly leave unmapped, tried when a (cid:N) sits in a word.
CID_CANDIDATES = (
    *("ti", "tt", "ft", "fi", "fl", "ff", "ffi", "ffl", "fj", "fk", "fb", "fh", "tf"),
    *("st", "ct", "th", "tz", "ij"),
)
# Table-of-contents leaders: "Inleiding . . . . . . 3" (an ellipsis has only three dots).
DOT_LEADER = re.compile(r"(?:\s?[.·]){4,}")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
BULLET = "•"

PAGE_NUMBER_LINE = re.compile(
    r"""^(?:
        [-–—]?\s*\d{1,4}\s*[-–—]?                      # 3, - 3 -
      | (?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?  # Pagina 3 van 12
      | \d{1,4}\s*(?:/|van)\s*\d{1,4}                   # 3 / 12, 3 van 12
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# How many text lines at the top and bottom of a page count as header/footer zone.
EDGE_LINES = 3
# How many text lines at each end of a page are compared to find running lines.
RUNNING_WINDOW = 5
RUNNING_PARAGRAPH_LINES = 2
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
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
LETTERS = re.compile(r"[^\W\d_]+")
SPLIT_FRAGMENT = 3  # letters a letter-spacing artefact splits off a word
LETTER_SPACED_RUN = re.compile(r"(?<!\S)(?:[^\W\d_] ){3,}[^\W\d_](?!\S)")


class HyphenJoin(Enum):
    """How a word hyphenated at a line end continues on the next line."""

    JOIN = "join"  # syllable break: uitge- voerd → uitgevoerd
    GLUE = "glue"  # real hyphen: sociaal- economisch → sociaal-economisch
    JOIN_TREMA = "join_trema"  # effici- ente → efficiënte
    KEEP = "keep"  # open compound: verkeers- en vervoersbeleid


@dataclass(frozen=True)
class Vocabulary:
    """Words seen in a document (lowercase), plus optional known words from a word list."""

    words: frozenset[str]
    known: frozenset[str] = frozenset()

    def __contains__(self, word: str) -> bool:
        word = word.lower()
        return word in self.words or word in self.known


def clean_pages(
    pages: Sequence[Page], *, paged: bool = True, known_words: Iterable[str] | None = None
) -> tuple[Page, ...]:
    """Clean extracted pages; ``paged`` enables page-furniture removal by page position."""
    pages = [_map_lines(page, normalize_line) for page in pages]
    pages = [_replace_lines(page, drop_repeated_urls(page.lines)) for page in pages]
    if paged:
        pages = drop_page_furniture(pages)
    else:
        pages = [_replace_lines(page, drop_isolated_page_numbers(page.lines)) for page in pages]
    vocabulary = build_vocabulary(pages, known_words)
    cid_map = infer_cid_map(pages, vocabulary)
    pages = [_map_lines(page, lambda ln: repair_cids(ln, cid_map)) for page in pages]
    vocabulary = build_vocabulary(pages, known_words)
    pages = [_map_lines(page, join_spaced_letters) for page in pages]
    counts = count_words(pages)
    pages = [
        _map_lines(page, lambda line: repair_letter_spacing(line, vocabulary, counts))
        for page in pages
    ]
    pages = join_hyphenated_lines(pages, vocabulary)
    return tuple(_replace_lines(page, squeeze_breaks(page.lines)) for page in pages)


# --- characters --------------------------------------------------------------------------


def normalize_line(line: Line) -> Line:
    """Normalise ligatures, special spaces and hyphens, markers and whitespace in one line."""
    text = normalize_text(line.text)
    return line if text == line.text else replace(line, text=text)


def normalize_text(text: str) -> str:
    """Character-level normalisation of one line of text (no word-level decisions)."""
    text = text.translate(CHARACTER_MAP)
    text = PRIVATE_USE.sub(BULLET, text)
    text = FOOTNOTE_MARKER.sub("", text)
    text = text.translate(SUPERSCRIPT_TO_DIGIT)
    text = DOT_LEADER.sub(" ", text)
    return " ".join(text.split())


def infer_cid_map(pages: Sequence[Page], vocabulary: Vocabulary) -> dict[str, str]:
    """Guess what each unmapped glyph ``(cid:N)`` stands for, from the whole document.

    For every code, each candidate ligature is scored by how many of the words that
    contain the code become words seen elsewhere in the document (``loca(cid:415)e``
    → ``locatie``). A code standing between spaces maps to a space; an unresolved
    code maps to nothing.
    """
    words_by_code: dict[str, list[str]] = {}
    for page in pages:
        for line in page.lines:
            for word in CID_WORD.findall(line.text):
                for code in set(CID.findall(word)):
                    words_by_code.setdefault(code, []).append(word)
    return {code: _best_cid_candidate(words, vocabulary) for code, words in words_by_code.items()}


def _best_cid_candidate(words: list[str], vocabulary: Vocabulary) -> str:
    scores = {
        candidate: sum(CID.sub(candidate, word) in vocabulary for word in words)
        for candidate in CID_CANDIDATES
    }
    best = max(CID_CANDIDATES, key=lambda candidate: scores[candidate])
    return best if scores[best] else ""


def repair_cids(line: Line, cid_map: dict[str, str]) -> Line:
    """Replace ``(cid:N)`` glyph codes using ``cid_map``; a lone code becomes a space."""
    if "(cid:" not in line.text:
        return line
    text = LONE_CID.sub(" ", line.text)
    text = CID.sub(lambda match: cid_map.get(match.group(1), ""), text)
    return replace(line, text=" ".join(text.split()))


# --- page furniture ----------------------------------------------------------------------


def drop_page_furniture(pages: Sequence[Page]) -> list[Page]:
    """Drop page numbers and running headers/footers from the top and bottom of pages.

    A running line that is the same on every page (``Gemeente Amsterdam``, a letter's
    ``Datum …``) keeps its first occurrence, so no information is lost; one that
    varies (it holds the page number) is dropped everywhere.
    """
    running = running_lines(pages)
    seen: set[str] = set()
    cleaned = []
    for page in pages:
        lines = page.lines
        furniture = _edge_furniture(lines, page.label, running)
        kept = []
        for index, line in enumerate(lines):
            if index in furniture and running.get(furniture_key(line.text)) == line.text:
                if line.text not in seen:
                    seen.add(line.text)
                    kept.append(line)
            elif index not in furniture:
                kept.append(line)
        cleaned.append(_replace_lines(page, kept))
    return cleaned


def running_lines(pages: Sequence[Page]) -> dict[str, str | None]:
    """Lines that recur at the top or bottom of many pages (running headers/footers).

    Maps each line's ``furniture_key`` to its text when that is the same on every
    page, else to ``None`` (the line carries a page number or date that varies).
    Candidates are short paragraphs (at most ``RUNNING_PARAGRAPH_LINES`` lines) with
    words or a page number in them, and at most one per page: repeated table cells
    and the repeated body text of letter bundles are content, not furniture.
    """
    counts: Counter[str] = Counter()
    repeated_on_page: Counter[str] = Counter()
    texts: dict[str, set[str]] = {}
    for page in pages:
        on_page: Counter[str] = Counter()
        for index in _edge_window(page.lines, RUNNING_WINDOW):
            text = page.lines[index].text
            if _paragraph_length(page.lines, index) <= RUNNING_PARAGRAPH_LINES:
                key = furniture_key(text)
                on_page[key] += 1
                texts.setdefault(key, set()).add(text)
        counts.update(on_page.keys())
        repeated_on_page.update(key for key, count in on_page.items() if count > 1)
    threshold = max(2, round(0.4 * len(pages))) if len(pages) < 8 else max(3, len(pages) // 5)
    return {
        key: next(iter(texts[key])) if len(texts[key]) == 1 else None
        for key, count in counts.items()
        if count >= threshold
        and repeated_on_page[key] * 2 <= count
        and (sum(char.isalpha() for char in key) > 1 or is_page_number(key.replace("#", "1")))
    }


def _paragraph_length(lines: Sequence[Line], index: int) -> int:
    """How many text lines the paragraph holding ``lines[index]`` has."""
    start = index
    while start > 0 and lines[start - 1].text:
        start -= 1
    end = index
    while end + 1 < len(lines) and lines[end + 1].text:
        end += 1
    return end - start + 1


def _edge_window(lines: Sequence[Line], size: int) -> list[int]:
    """Indexes of the first and last ``size`` text lines of a page."""
    text_indexes = [index for index, line in enumerate(lines) if line.text]
    return sorted(set(text_indexes[:size] + text_indexes[-size:]))


def _edge_furniture(
    lines: Sequence[Line], label: str | None, running: dict[str, str | None]
) -> set[int]:
    """Furniture lines found walking in from the top and from the bottom of a page.

    The walk passes at most ``EDGE_LINES`` lines that are not furniture, so a page
    number below a letter's reference block is still found.
    """
    text_indexes = [index for index, line in enumerate(lines) if line.text]
    found: set[int] = set()
    for walk in (text_indexes, text_indexes[::-1]):
        content = 0
        for index in walk:
            if _is_furniture(lines, index, label, running):
                found.add(index)
            else:
                content += 1
                if content >= EDGE_LINES:
                    break
    return found


def furniture_key(text: str) -> str:
    """A line's identity for header/footer matching: case-folded, digits as ``#``."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def is_page_number(text: str) -> bool:
    """True for lines that only carry a page number (``7``, ``- 7 -``, ``Pagina 7 van 12``)."""
    return bool(PAGE_NUMBER_LINE.match(text.strip()))


def _is_furniture(
    lines: Sequence[Line], index: int, label: str | None, running: dict[str, str | None]
) -> bool:
    """A running header/footer line, or a page number standing alone (or saying "pagina")."""
    text = lines[index].text
    if not text:
        return False
    if furniture_key(text) in running:
        return True
    is_number = is_page_number(text) or (label is not None and text == label)
    return is_number and (_is_isolated(lines, index) or text[:1].isalpha())


def _is_isolated(lines: Sequence[Line], index: int) -> bool:
    """True when the line is a paragraph of its own."""
    before = lines[index - 1].text if index > 0 else ""
    after = lines[index + 1].text if index + 1 < len(lines) else ""
    return not before and not after


def drop_isolated_page_numbers(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Drop page-number lines that stand alone between paragraph breaks (unpaged text);
    a number the source marks as a heading (Markdown ``### 1``) is kept."""
    return tuple(
        line
        for index, line in enumerate(lines)
        if not (
            line.text
            and not line.heading
            and is_page_number(line.text)
            and _is_isolated(lines, index)
        )
    )


def drop_repeated_urls(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Drop a URL line that repeats the line right before it (link annotations)."""
    kept: list[Line] = []
    for line in lines:
        if kept and URL_LINE.match(line.text) and line.text == kept[-1].text:
            continue
        kept.append(line)
    return tuple(kept)


# --- words -------------------------------------------------------------------------------


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
    return [
        _replace_lines(page, _join_page_hyphens(page.lines, vocabulary, auto)) for page in pages
    ]


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


# --- helpers -----------------------------------------------------------------------------


def _map_lines(page: Page, function) -> Page:  # type: ignore[no-untyped-def]
    return _replace_lines(page, tuple(function(line) for line in page.lines))


def _replace_lines(page: Page, lines: Sequence[Line]) -> Page:
    return page if tuple(lines) == page.lines else replace(page, lines=tuple(lines))
