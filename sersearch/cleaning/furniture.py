"""Page furniture: page numbers, running headers and footers, repeated link lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

from sersearch.cleaning.pagelines import replace_lines
from sersearch.models import Line, Page, Removal

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
# Running headers and footers sit in these shares of the page height (top, bottom) …
TOP_BAND = 0.15
BOTTOM_BAND = 0.15
# … at the same height on every page, give or take this share of the page height.
SAME_PLACE = 0.02
# The header lines of an e-mail recur through a thread but are content.
EMAIL_HEADER = re.compile(
    r"^(?:van|aan|cc|bcc|verzonden|onderwerp|from|to|sent|subject|datum|date)\s*:", re.IGNORECASE
)


def drop_page_furniture(
    pages: Sequence[Page],
    removals: list[Removal] | None = None,
    restarts: Collection[int] = (),
) -> list[Page]:
    """Drop page numbers and running headers/footers from the top and bottom of pages.

    A running line that is the same on every page (``Gemeente Amsterdam``, a letter's
    ``Datum …``) keeps its first occurrence, so no information is lost, and again at
    each page index in ``restarts`` (where the next letter of a bundle starts: each
    letter keeps its own). One that varies (it holds the page number), and a page
    number that never varies (``Pagina 2 van 30`` on every copy of a letter), is
    dropped everywhere. Each dropped line is recorded in ``removals``.
    """
    running = running_lines(pages)
    seen: set[str] = set()
    cleaned = []
    for number, page in enumerate(pages):
        if number in restarts:
            seen.clear()
        lines = page.lines
        furniture = _edge_furniture(lines, page.label, running)
        kept = []
        for index, line in enumerate(lines):
            constant = running.get(furniture_key(line.text)) == line.text and not is_page_number(
                line.text
            )
            if index in furniture and constant and line.text not in seen:
                seen.add(line.text)
                kept.append(line)
            elif index in furniture:
                _record(removals, page, _furniture_reason(line, running), line.text)
            else:
                kept.append(line)
        cleaned.append(replace_lines(page, kept))
    return cleaned


def _furniture_reason(line: Line, running: dict[str, str | None]) -> str:
    if is_page_number(line.text) or furniture_key(line.text) not in running:
        return "page number"
    return "running header/footer"


def _record(removals: list[Removal] | None, page: Page, reason: str, text: str) -> None:
    if removals is not None:
        removals.append(Removal(page.number, reason, text))


def running_lines(pages: Sequence[Page]) -> dict[str, str | None]:
    """Lines that recur at the top or bottom of many pages (running headers/footers).

    Maps each line's ``furniture_key`` to its text when that is the same on every
    page, else to ``None`` (the line carries a page number or date that varies).
    Candidates are short paragraphs (at most ``RUNNING_PARAGRAPH_LINES`` lines) with
    words or a page number in them, in the page's top or bottom band (where positions
    are known), at the same height on the pages they recur on, and at most one per
    page: repeated table cells, the repeated body text of letter bundles and the
    headers of e-mails in a thread are content, not furniture.
    """
    tops: dict[str, list[float | None]] = {}
    repeated_on_page: Counter[str] = Counter()
    texts: dict[str, set[str]] = {}
    for page in pages:
        on_page: dict[str, float | None] = {}
        for index in _edge_window(page.lines, RUNNING_WINDOW):
            line = page.lines[index]
            if _paragraph_length(page.lines, index) <= RUNNING_PARAGRAPH_LINES and _may_run(line):
                key = furniture_key(line.text)
                if key in on_page:
                    repeated_on_page[key] += 1
                on_page[key] = line.top
                texts.setdefault(key, set()).add(line.text)
        for key, top in on_page.items():
            tops.setdefault(key, []).append(top)
    threshold = max(2, round(0.4 * len(pages))) if len(pages) < 8 else max(3, len(pages) // 5)
    return {
        key: next(iter(texts[key])) if len(texts[key]) == 1 else None
        for key, places in tops.items()
        if _same_place(places) >= threshold
        and repeated_on_page[key] * 2 <= len(places)
        and (sum(char.isalpha() for char in key) > 1 or is_page_number(key.replace("#", "1")))
    }


def _may_run(line: Line) -> bool:
    """In the top or bottom band (when the position is known), and no e-mail header."""
    if EMAIL_HEADER.match(line.text):
        return False
    return line.top is None or line.top <= TOP_BAND or line.top >= 1 - BOTTOM_BAND


def _same_place(tops: Sequence[float | None]) -> int:
    """On how many pages the line sits at its most common height (± ``SAME_PLACE``)."""
    known = sorted(top for top in tops if top is not None)
    if len(known) < len(tops):
        return len(tops)
    return max(
        (sum(abs(top - centre) <= SAME_PLACE for top in known) for centre in known), default=0
    )


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
    return (
        is_number and _may_run(lines[index]) and (_is_isolated(lines, index) or text[:1].isalpha())
    )


def _is_isolated(lines: Sequence[Line], index: int) -> bool:
    """True when the line is a paragraph of its own."""
    before = lines[index - 1].text if index > 0 else ""
    after = lines[index + 1].text if index + 1 < len(lines) else ""
    return not before and not after


def drop_isolated_page_numbers(page: Page, removals: list[Removal] | None = None) -> Page:
    """Drop page-number lines that stand alone between paragraph breaks (unpaged text);
    a number the source marks as a heading (Markdown ``### 1``) is kept."""
    kept = []
    for index, line in enumerate(page.lines):
        if (
            line.text
            and not line.heading
            and is_page_number(line.text)
            and _is_isolated(page.lines, index)
        ):
            _record(removals, page, "page number", line.text)
        else:
            kept.append(line)
    return replace_lines(page, kept)


def drop_repeated_urls(page: Page, removals: list[Removal] | None = None) -> Page:
    """Drop a URL line that repeats the line right before it (link annotations)."""
    kept: list[Line] = []
    for line in page.lines:
        if kept and URL_LINE.match(line.text) and line.text == kept[-1].text:
            _record(removals, page, "repeated link line", line.text)
            continue
        kept.append(line)
    return replace_lines(page, kept)
