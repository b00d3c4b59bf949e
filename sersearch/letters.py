"""Letter bundles: a PDF that holds several letters becomes one document per letter.

Councils and Woo releases put letters one after another in one file (the same reply to
fifteen municipalities, four warning letters with their enclosures). A page starts a
new letter when, in a file whose first page is a letter, it carries a letterhead
block (see ``cleaning.letterhead``) and a dated ``Datum`` field in its upper half
*and* its printed page number starts again at 1
(``Pagina 1 van 4``, ``1/4``), or it has none while the page before it was the last
of its letter (``Pagina 4 van 4``). A running side column that repeats ``Datum`` and
``Kenmerk`` on every page of one letter counts on (``Pagina 2 van 5``) and so never
splits; enclosures without a letterhead (a leaflet with its own ``Pagina 1 van 2``)
stay with their letter. Pages keep the file's own numbers, so citations still point
into the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sersearch.cleaning.letterhead import MIN_FIELDS, ROLE, field, label_kind
from sersearch.metadata import parse_dutch_date
from sersearch.models import Line, Page

PAGE_NUMBER = re.compile(
    r"^(?P<label>(?:pagina|page|blad(?:zijde)?)\s*)?(?P<n>\d{1,3})\s*(?:van|/|of)\s*(?P<of>\d{1,3})$",
    re.IGNORECASE,
)
BAND = 0.15  # a bare "1/4" counts in the top or bottom band of the page (share of its height)
LETTERHEAD_TOP = 0.5  # a new letter's letterhead block starts in the upper half of its page
DATE_LABELS = frozenset(("datum", "verzenddatum"))


def letter_ranges(raw: Sequence[Page], cleaned: Sequence[Page]) -> list[range]:
    """The pages (indexes into ``cleaned``) of each letter in a bundle; one range over
    all pages when the file is not a bundle. ``raw`` are the same pages before
    cleaning (which removes the page-number footers this reads)."""
    everything = [range(len(cleaned))]
    if len(cleaned) < 2 or len(raw) != len(cleaned) or not opens_letter(cleaned[0]):
        return everything
    numbers = [page_number(page) for page in raw]
    starts = [0]
    for index in range(1, len(cleaned)):
        if not opens_letter(cleaned[index]):
            continue
        number, before = numbers[index], numbers[index - 1]
        restarts = number is not None and number[0] == 1
        after_last = number is None and before is not None and before[0] == before[1] > 1
        if restarts or after_last:
            starts.append(index)
    if len(starts) < 2:
        return everything
    ends = [*starts[1:], len(cleaned)]
    return [range(start, end) for start, end in zip(starts, ends, strict=True)]


def opens_letter(page: Page) -> bool:
    """Whether the page carries a letterhead block and a dated ``Datum`` field in its
    upper half (the date may stand in the body beside a side column)."""
    block = [line for line in page.lines if line.role == ROLE and line.text.strip()]
    kinds = {label_kind(found[0]) for line in block if (found := field(line)) is not None}
    if len(kinds) < MIN_FIELDS or not _upper(block[0]):
        return False
    return any(_upper(line) and _dated(page.lines, index) for index, line in enumerate(page.lines))


def _upper(line: Line) -> bool:
    return line.top is None or line.top < LETTERHEAD_TOP


def _dated(lines: Sequence[Line], index: int) -> bool:
    """A ``Datum`` field with a date as its value (on its line or the next)."""
    found = field(lines[index])
    if found is None or label_kind(found[0]) not in DATE_LABELS:
        return False
    values = [found[1], *(line.text for line in lines[index + 1 : index + 3] if line.text)][:2]
    return any(parse_dutch_date(value) for value in values if value)


def page_number(page: Page) -> tuple[int, int] | None:
    """The printed ``(page, of pages)`` of a page: ``Pagina 2 van 5`` anywhere, a bare
    ``2 van 5`` or ``2/5`` under a ``Pagina`` label or in the top or bottom band."""
    lines = page.lines
    for index, line in enumerate(lines):
        match = PAGE_NUMBER.match(" ".join(line.text.split()))
        if not match or not 1 <= int(match["n"]) <= int(match["of"]):
            continue
        if match["label"] or _in_band(line) or _under_page_label(lines, index):
            return int(match["n"]), int(match["of"])
    return None


def _in_band(line: Line) -> bool:
    return line.top is not None and (line.top < BAND or line.top > 1 - BAND)


def _under_page_label(lines: Sequence[Line], index: int) -> bool:
    above = [line.text.strip() for line in lines[max(0, index - 2) : index] if line.text.strip()]
    return bool(above) and above[-1].lower() in ("pagina", "page", "blad")
