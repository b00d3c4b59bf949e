"""Letterheads: the labelled side column or block of a letter set apart from its body.

Dutch government letters carry a block of labelled fields (``Datum``, ``Kenmerk``,
``Uw brief``, ``Onderwerp`` …) beside or above the body; pdfminer reads it in among
the sentences. Where a page has at least ``MIN_FIELDS`` different labels close
together, those lines (and the value lines under a bare label) are marked
``briefhoofd``: they become a passage of their own and give the document's date,
reference and subject. The header block of an e-mail (``Van:``, ``Aan:``,
``Onderwerp:``) is left in the running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sersearch.cleaning.pagelines import replace_lines
from sersearch.models import Line, Page

ROLE = "briefhoofd"
LABELS = (
    "datum",
    "ons kenmerk",
    "uw kenmerk",
    "kenmerk",
    "uw brief van",
    "uw brief",
    "uw referentie",
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


def mark_letterheads(pages: Sequence[Page]) -> list[Page]:
    """Mark the lines of each page's letterhead block with the role ``briefhoofd``."""
    return [_mark_page(page) for page in pages]


def field(line: Line) -> tuple[str, str] | None:
    """``(label, value)`` when the line is a short labelled letterhead field."""
    match = FIELD.match(line.text)
    if not match or len(line.text.split()) > MAX_FIELD_WORDS:
        return None
    label, value = match["label"].lower(), match["value"].strip()
    if label.startswith("bijlage") and value and not value[:1].isdigit():
        return None  # "Bijlage A" heads an appendix; a letterhead counts its enclosures
    return label, value


def _mark_page(page: Page) -> Page:
    lines = page.lines
    fields = {
        index: found
        for index, line in enumerate(lines)
        if line.role is None
        and (found := field(line)) is not None
        and not _near_email_header(lines, index)
    }
    block = _densest_block(fields)
    if len({_label_kind(fields[index][0]) for index in block}) < MIN_FIELDS:
        return page
    marked = set(block)
    for index in block:
        label, value = fields[index]
        following = index + 1
        # a bare label's value is the next line; a subject may run on in lower case
        while following < len(lines) and lines[following].text and following not in fields:
            text = lines[following].text
            if not (not value or (label in ("onderwerp", "betreft") and text[:1].islower())):
                break
            marked.add(following)
            value = text
            following += 1
    new = [replace(line, role=ROLE) if i in marked else line for i, line in enumerate(lines)]
    return replace_lines(page, new)


def _label_kind(label: str) -> str:
    return label.removeprefix("ons ").removeprefix("uw ")


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
