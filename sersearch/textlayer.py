"""Is a page's text layer usable? Measures of a page's text, and the rules that send
a page to OCR and decide whether OCR read it better.

A scan's own OCR layer (from the scanner or Acrobat) can be garbage: one letter per
line, punctuation soup, words mangled beyond recognition, or only a stamp on a page
whose letter is an image. The measures are cheap (no rendering); the thresholds were
set on the OCR-layer files of ``corpus-real-2`` (README, "Scanned documents (OCR)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sersearch.models import Line

TOKEN = re.compile(r"\S+")
EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
LETTERS_ONLY = re.compile(r"[^\W\d_]+")
# A page needs OCR when its layer has fewer words than this …
MIN_WORDS = 25
# … or when fewer than this share of its words are Dutch (or common English) words …
MIN_KNOWN_SHARE = 0.5
# … or when this share of its lines is one character (text laid out letter by letter) …
MAX_SINGLE_CHARACTER_LINES = 0.4
# … or when letters are fewer than this share of its visible characters.
MIN_LETTER_SHARE = 0.5
# Only a page this much covered by images is a scan whose layer OCR may replace.
SCAN_COVERAGE = 0.5
# OCR replaces an existing layer only when it finds this many times the dictionary words.
OCR_GAIN = 1.25


@dataclass(frozen=True)
class TextScore:
    """Measures of one page's text: words, words in the lexicon, letters among the
    visible characters, and lines that are a single character."""

    words: int
    known: int
    letter_share: float
    single_character_share: float

    @property
    def known_share(self) -> float:
        return self.known / self.words if self.words else 0.0


def score(lines: Sequence[Line]) -> TextScore:
    """Measure the text of one page's lines."""
    from sersearch.analysis.compounds import load_lexicon
    from sersearch.analysis.fold import fold

    lexicon = load_lexicon()
    texts = [line.text for line in lines if line.text.strip()]
    tokens = [token for text in texts for token in TOKEN.findall(text)]
    known = 0
    for token in tokens:
        word = fold(EDGE_PUNCTUATION.sub("", token))
        if len(word) > 1 and LETTERS_ONLY.fullmatch(word) and word in lexicon:
            known += 1
    visible = "".join("".join(text.split()) for text in texts)
    letters = sum(character.isalpha() for character in visible)
    single = sum(len(text.strip()) == 1 for text in texts)
    return TextScore(
        words=len(tokens),
        known=known,
        letter_share=letters / len(visible) if visible else 0.0,
        single_character_share=single / len(texts) if texts else 0.0,
    )


def needs_ocr(layer: TextScore) -> bool:
    """Whether a page's text layer is too thin or too poor to trust without OCR."""
    return (
        layer.words < MIN_WORDS
        or layer.known_share < MIN_KNOWN_SHARE
        or layer.single_character_share > MAX_SINGLE_CHARACTER_LINES
        or layer.letter_share < MIN_LETTER_SHARE
    )


def ocr_is_better(layer: TextScore, ocr: TextScore) -> bool:
    """Whether OCR read the page clearly better than its layer: more dictionary words
    by a margin, so a layer as good as OCR is kept (it has the fonts' sizes and bold)."""
    return ocr.known > max(layer.known * OCR_GAIN, layer.known + 2)
