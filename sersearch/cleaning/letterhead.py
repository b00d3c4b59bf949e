"""Letterheads: the labelled side column or block of a letter set apart from its body.

Dutch government letters carry a block of labelled fields (``Datum``, ``Kenmerk``,
``Uw brief``, ``Onderwerp`` …) beside or above the body; pdfminer reads it in among
the sentences. Where a page has at least ``MIN_FIELDS`` different labels close
together, those lines (and the value lines under a bare label) are marked
``briefhoofd``: they become a passage of their own and give the document's date,
reference and subject. A bare label's value may stand a few lines on, just below it
in the same type (labels in a row above their values, a side column interleaved
with the body). The block's ``Pagina 1 van 3`` is the
page number, removed like a footer's (and recorded). The header block of an e-mail
(``Van:``, ``Aan:``, ``Onderwerp:``) is left in the running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sersearch.cleaning.pagelines import replace_lines
from sersearch.models import Line, Page, Removal

ROLE = "briefhoofd"
LABELS = (
    "datum",
    "ons kenmerk",
    "uw kenmerk",
    "kenmerk",
    "uw brief van",
    "uw brief",
    "uw referentie",
    "onze referentie",
    "zaaknummer",
    "ons nummer",
    "documentnummer",
    "registratienummer",
    "bijlagen?",
    "onderwerp",
    "betreft",
    "contactpersoon",
    "behandeld door",
    "inlichtingen bij",
    "inlichtingen",
    "doorkiesnummer",
    "telefoon(?:nummer)?",
    "e-?mail",
    "verzenddatum",
    "pagina",
)
FIELD = re.compile(rf"^(?P<label>{'|'.join(LABELS)})\b\s*[:.]?\s*(?P<value>.*)$", re.IGNORECASE)
EMAIL_FIELD = re.compile(r"^(?:van|aan|cc|bcc|verzonden|from|to|sent)\s*:", re.IGNORECASE)
MIN_FIELDS = 2  # different labels that make a block a letterhead
BLOCK_SPAN = 25  # lines within which the labels of one block stand
MAX_FIELD_WORDS = 16
EMAIL_DISTANCE = 4  # a label this close to an e-mail field belongs to an e-mail header
VALUE_DROP = 0.03  # a value under its label stands this close below it (share of the page)
VALUE_LOOKAHEAD = 8  # lines searched for a bare label's value
SIZE_TOLERANCE = 0.5  # points: a value is set in its label's type
PAGE_VALUE = re.compile(r"^\d{1,3}\s*(?:van|/|of)\s*\d{1,3}$", re.IGNORECASE)


def mark_letterheads(pages: Sequence[Page], removals: list[Removal] | None = None) -> list[Page]:
    """Mark the lines of each page's letterhead block with the role ``briefhoofd``;
    its page-number field is removed (into ``removals``)."""
    return [_mark_page(page, removals) for page in pages]


def field(line: Line) -> tuple[str, str] | None:
    """``(label, value)`` when the line is a short labelled letterhead field."""
    match = FIELD.match(line.text)
    if not match or len(line.text.split()) > MAX_FIELD_WORDS:
        return None
    label, value = match["label"].lower(), match["value"].strip()
    if label.startswith("bijlage") and value and not value[:1].isdigit():
        return None  # "Bijlage A" heads an appendix; a letterhead counts its enclosures
    return label, value


def _mark_page(page: Page, removals: list[Removal] | None) -> Page:
    lines = page.lines
    fields = {
        index: found
        for index, line in enumerate(lines)
        if line.role is None
        and (found := field(line)) is not None
        and not _near_email_header(lines, index)
    }
    block = _densest_block(fields)
    if len({label_kind(fields[index][0]) for index in block}) < MIN_FIELDS:
        return page
    marked, page_number = set(block), set()
    for index in block:
        label, value = fields[index]
        following = index + 1
        if not value:
            following = _bare_value(lines, index, fields) or following
        # a bare label's value is the next line; a subject may run on in lower case
        while following < len(lines) and lines[following].text and following not in fields:
            text = lines[following].text
            if not (not value or (label in ("onderwerp", "betreft") and text[:1].islower())):
                break
            marked.add(following)
            value = text
            following += 1
        if label == "pagina" and PAGE_VALUE.match(value):
            page_number |= {index, following - 1}
    if removals is not None:
        for index in sorted(page_number):
            removals.append(Removal(page.number, "page number in letterhead", lines[index].text))
    new = [
        replace(line, role=ROLE) if i in marked else line
        for i, line in enumerate(lines)
        if i not in page_number
    ]
    return replace_lines(page, new)


def _bare_value(
    lines: Sequence[Line], index: int, fields: dict[int, tuple[str, str]]
) -> int | None:
    """The line holding a bare label's value when it does not follow right under it:
    the next line in the label's type within ``VALUE_DROP`` below it, past blank lines
    and body lines that the side column interleaves with (labels in a row above their
    values, a side column beside the body). Only where the source gives positions and
    sizes (not OCR): elsewhere a table's header row (Datum, Soort, Onderwerp, …) or a
    stamp would pass for values."""
    label = lines[index]
    if label.top is None or label.size is None:
        return None
    for following in range(index + 1, min(len(lines), index + VALUE_LOOKAHEAD)):
        line = lines[following]
        if not line.text or line.size is None or abs(line.size - label.size) > SIZE_TOLERANCE:
            continue
        drop = (line.top or 0) - label.top
        if following in fields or line.role is not None or not 0 < drop <= VALUE_DROP:
            return None
        return following
    return None


def label_kind(label: str) -> str:
    """The field a label names, whoever's it is: ``ons kenmerk`` → ``kenmerk``."""
    return label.removeprefix("onze ").removeprefix("ons ").removeprefix("uw ")


def _densest_block(fields: dict[int, tuple[str, str]]) -> list[int]:
    """The field lines of the window of ``BLOCK_SPAN`` lines holding the most labels."""
    indexes = sorted(fields)
    best: list[int] = []
    for start in indexes:
        window = [index for index in indexes if start <= index < start + BLOCK_SPAN]
        if len({fields[index][0] for index in window}) > len({fields[index][0] for index in best}):
            best = window
    return best


def _near_email_header(lines: Sequence[Line], index: int) -> bool:
    low, high = max(0, index - EMAIL_DISTANCE), min(len(lines), index + EMAIL_DISTANCE + 1)
    return any(EMAIL_FIELD.match(line.text) for line in lines[low:high])
