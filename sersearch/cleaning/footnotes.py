"""Footnotes of born-digital pages: markers verified against the notes, notes set apart.

A superscript digit run glued to a word (``beleid³``) is a footnote marker only when
the page also carries footnote ``3``: a line in the lower half of the page, set
smaller than the body text, that starts with that number. A verified marker is
removed from the sentence and the note's lines are marked ``voetnoot 3``, so that
they become a passage of their own instead of being spliced into the running text.
Every other superscript digit is written as an ordinary digit: a digit of running
text is never dropped on a guess (``m²``, an OCR layer's uneven glyphs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sersearch.cleaning.pagelines import replace_lines
from sersearch.models import Line, Page, Removal

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
# A superscript run glued to a word or closing punctuation, except after units (m², km³).
MARKER = re.compile(rf"(?<=[^\s\d_(\[])(?<!\bm)(?<!\bkm)(?<!\bcm)(?<!\bmm)([{SUPERSCRIPTS}]+)")
NOTE_START = re.compile(rf"^([{SUPERSCRIPTS}\d]{{1,3}})\)?(?:\s+|$|(?=[^\W\d]))")
NOTE_SIZE_RATIO = 0.92  # a footnote is set at most this share of the body size
NOTE_ZONE = 0.5  # footnotes start in the lower half of the page


def mark_footnotes(
    pages: Sequence[Page], body_size: float | None, removals: list[Removal] | None = None
) -> list[Page]:
    """Verify footnote markers page by page; remove verified ones and mark the notes."""
    return [_page_footnotes(page, body_size, removals) for page in pages]


def _page_footnotes(page: Page, body_size: float | None, removals: list[Removal] | None) -> Page:
    lines = list(page.lines)
    raised = {index for index, line in enumerate(lines) if _has_superscript(line.text)}
    markers = {
        number.translate(SUPERSCRIPT_TO_DIGIT)
        for index in raised
        for number in MARKER.findall(lines[index].text)
    }
    notes = _note_lines(lines, body_size, markers) if markers and not page.ocr else {}
    verified = {role.split()[-1] for role in notes.values()}
    for index, line in enumerate(lines):
        if index in notes:
            text = line.text.translate(SUPERSCRIPT_TO_DIGIT)
            lines[index] = replace(line, text=text, role=notes[index])
            continue
        if index not in raised:
            continue  # nothing to rewrite
        text = MARKER.sub(lambda match: _marker(match, verified, page, removals), line.text)
        text = text.translate(SUPERSCRIPT_TO_DIGIT)
        if text != line.text:
            lines[index] = replace(line, text=text)
    return replace_lines(page, lines)


def _has_superscript(text: str) -> bool:
    return any(digit in text for digit in SUPERSCRIPTS)


def _marker(
    match: re.Match[str], verified: set[str], page: Page, removals: list[Removal] | None
) -> str:
    number = match.group(1).translate(SUPERSCRIPT_TO_DIGIT)
    if number not in verified:
        return number
    if removals is not None:
        removals.append(Removal(page.number, "footnote marker (note below)", number))
    return ""


def _note_lines(
    lines: Sequence[Line], body_size: float | None, markers: set[str]
) -> dict[int, str]:
    """Index → ``voetnoot N`` for the lines of each footnote whose marker is on the page."""
    if not body_size:
        return {}
    notes: dict[int, str] = {}
    current: str | None = None
    previous: Line | None = None  # the last line of the current note
    for index, line in enumerate(lines):
        if not line.text:
            if previous is not None and not NOTE_START.fullmatch(previous.text + " "):
                current = None  # a note ends at a paragraph break, unless only its number came
            continue
        small = line.size is not None and line.size <= NOTE_SIZE_RATIO * body_size
        low = line.top is not None and line.top >= NOTE_ZONE
        match = NOTE_START.match(line.text)
        number = match.group(1).translate(SUPERSCRIPT_TO_DIGIT) if match else None
        if small and low and number in markers:
            current = f"voetnoot {number}"
        elif not (small and low) or (previous and (line.top or 0) < (previous.top or 0)):
            current = None
        if current is not None:
            notes[index] = current
            previous = line
        else:
            previous = None
    return notes
