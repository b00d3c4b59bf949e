"""Cleaning stage: deterministic repairs of extracted pages that keep the document's wording.

Rules, in order: character normalisation (``cleaning.glyphs``), page furniture removal
(``cleaning.furniture``), letter-spacing repair (``cleaning.words``) and joining of
words hyphenated at line ends (``cleaning.hyphens``). Sentences are never rewritten:
search matches quotes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sersearch.cleaning.footnotes import mark_footnotes
from sersearch.cleaning.furniture import (
    drop_isolated_page_numbers,
    drop_page_furniture,
    drop_repeated_urls,
)
from sersearch.cleaning.glyphs import infer_cid_map, normalize_line, repair_cids
from sersearch.cleaning.hyphens import join_hyphenated_lines
from sersearch.cleaning.letterhead import mark_letterheads
from sersearch.cleaning.pagelines import (
    body_font_size,
    map_lines,
    replace_lines,
)
from sersearch.cleaning.words import (
    build_vocabulary,
    count_words,
    join_spaced_letters,
    may_split,
    repair_letter_spacing,
)
from sersearch.extract import squeeze_breaks
from sersearch.models import Page, Removal


def clean_pages(
    pages: Sequence[Page],
    *,
    paged: bool = True,
    known_words: Iterable[str] | None = None,
    removals: list[Removal] | None = None,
    restarts: Collection[int] = (),
) -> tuple[Page, ...]:
    """Clean extracted pages; ``paged`` enables page-furniture removal by page position.

    ``restarts`` are the page indexes where another document of the file starts (the
    letters of a bundle): each keeps its own copy of a running line that is the same
    on every page. Whatever is removed is recorded in ``removals`` (page, reason, text).
    """
    known_words = tuple(known_words or ())  # read twice below
    pages = [map_lines(page, normalize_line) for page in pages]
    pages = [drop_repeated_urls(page, removals) for page in pages]
    if paged:
        pages = drop_page_furniture(pages, removals, restarts)
    else:
        pages = [drop_isolated_page_numbers(page, removals) for page in pages]
    pages = mark_footnotes(pages, body_font_size(pages), removals)
    pages = mark_letterheads(pages, removals)
    vocabulary = build_vocabulary(pages, known_words)
    cid_map = infer_cid_map(pages, vocabulary)
    repaired = [repair_cids(page, cid_map, removals) for page in pages]
    if any(new is not old for new, old in zip(repaired, pages, strict=True)):
        vocabulary = build_vocabulary(repaired, known_words)
    pages = repaired
    pages = [map_lines(page, join_spaced_letters) for page in pages]
    counts = count_words(pages)
    if may_split(vocabulary, counts):
        pages = [
            map_lines(page, lambda line: repair_letter_spacing(line, vocabulary, counts))
            for page in pages
        ]
    pages = join_hyphenated_lines(pages, vocabulary)
    return tuple(replace_lines(page, squeeze_breaks(page.lines)) for page in pages)
