"""Character repairs: ligatures, special spaces and hyphens, glyph codes, markers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from sersearch.cleaning.pagelines import replace_lines
from sersearch.cleaning.words import Vocabulary
from sersearch.models import Line, Page, Removal

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


def normalize_line(line: Line) -> Line:
    """Normalise ligatures, special spaces and hyphens, markers and whitespace in one line."""
    text = normalize_text(line.text)
    return line if text == line.text else replace(line, text=text)


def normalize_text(text: str) -> str:
    """Character-level normalisation of one line of text (no word-level decisions)."""
    text = text.translate(CHARACTER_MAP)
    text = PRIVATE_USE.sub(BULLET, text)
    text = DOT_LEADER.sub(" ", text)
    return " ".join(text.split())


def infer_cid_map(pages: Sequence[Page], vocabulary: Vocabulary) -> dict[str, str]:
    """Guess what each unmapped glyph ``(cid:N)`` stands for, from the whole document.

    For every code, each candidate ligature is scored by how many of the words that
    contain the code become words seen elsewhere in the document (``loca(cid:415)e``
    → ``locatie``), and then by how many become words of the Dutch lexicon: a font
    may set every ``tt`` as a ligature, so ``inzetten`` never occurs spelled out.
    A code standing between spaces maps to a space; an unresolved code maps to nothing.
    """
    words_by_code: dict[str, list[str]] = {}
    for page in pages:
        for line in page.lines:
            if "(cid:" not in line.text:
                continue
            for word in CID_WORD.findall(line.text):
                for code in set(CID.findall(word)):
                    words_by_code.setdefault(code, []).append(word)
    if not words_by_code:
        return {}
    from sersearch.analysis.compounds import load_lexicon
    from sersearch.analysis.fold import fold

    lexicon = load_lexicon()
    known = [vocabulary.__contains__, lambda word: fold(word) in lexicon]
    return {code: _best_cid_candidate(words, known) for code, words in words_by_code.items()}


def _best_cid_candidate(words: list[str], known: Sequence[Callable[[str], bool]]) -> str:
    for is_word in known:
        scores = {
            candidate: sum(is_word(CID.sub(candidate, word)) for word in words)
            for candidate in CID_CANDIDATES
        }
        best = max(CID_CANDIDATES, key=lambda candidate: scores[candidate])
        if scores[best]:
            return best
    return ""


def repair_cids(page: Page, cid_map: dict[str, str], removals: list[Removal] | None = None) -> Page:
    """Replace ``(cid:N)`` glyph codes using ``cid_map``; a lone code becomes a space,
    an unresolved one is dropped (and recorded)."""
    lines = []
    for line in page.lines:
        if "(cid:" not in line.text:
            lines.append(line)
            continue
        text = LONE_CID.sub(" ", line.text)
        if removals is not None:
            for code in sorted({code for code in CID.findall(text) if not cid_map.get(code)}):
                removals.append(Removal(page.number, "unreadable glyph code", f"(cid:{code})"))
        text = CID.sub(lambda match: cid_map.get(match.group(1), ""), text)
        lines.append(replace(line, text=" ".join(text.split())))
    return replace_lines(page, lines)
