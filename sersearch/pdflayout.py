"""Page layout: pdfminer's analysed boxes → lines with size, weight and position.

Paragraphs are split at gaps and font changes, two-column pages read column by column,
text turned by 90° rebuilt into lines, raised small digits marked as superscripts
(not on OCR layers).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sersearch.models import Line

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Symbol fonts whose glyphs are pictures: any letter in them is a bullet or ornament.
DINGBAT_FONT = re.compile(r"dingbat|wingding|webding", re.IGNORECASE)
BULLET = "•"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A digit this much smaller than the line and raised above its baseline is a footnote marker.
SUPERSCRIPT_SIZE_RATIO = 0.85
# pdfminer joins lines into a box when their gap is under this share of the line height.
# 1.0 keeps 1.5-spaced body text together (bnc-fiche: gap 0.82 × height); paragraphs
# are then split by ``_starts_paragraph``.
LINE_MARGIN = 1.0
PARAGRAPH_GAP_RATIO = 0.5  # extra gap, relative to line height, that starts a paragraph
SIZE_CHANGE = 1.0  # points of font-size difference that start a paragraph
# Two-column detection: boxes of at least COLUMN_BOX_LINES lines and COLUMN_MIN_WIDTH of
# the page width count as running text,
# and each half needs COLUMN_MIN_LINES lines of it; a box may reach COLUMN_TOLERANCE of
# the page width past the middle and still belong to its column.
COLUMN_BOX_LINES = 3
COLUMN_MIN_LINES = 4
COLUMN_TOLERANCE = 0.02
COLUMN_MIN_WIDTH = 0.3  # narrower boxes are table cells or side notes, not a text column


def layout_params() -> Any:
    """The pdfminer layout settings used for every page."""
    from pdfminer.layout import LAParams

    return LAParams(line_margin=LINE_MARGIN, all_texts=True)


def layout_to_lines(layout: Iterable[Any], *, ocr: bool = False) -> tuple[Line, ...]:
    """Turn one analysed page into lines, a ``Line("")`` between paragraphs.

    pdfminer's text boxes are split into paragraphs where the gap between two lines
    is clearly wider than the page's usual line gap, or the font size changes.
    Text turned by 90° (table headers, landscape pages) reaches pdfminer's line
    builder as one letter per line; it is laid out separately by ``rotated_lines``.
    On an OCR layer (``ocr``) glyph sizes and weights are the OCR engine's guesses:
    lines carry neither, and no digit is taken for a superscript.
    """
    from pdfminer.layout import LTChar

    boxes: list[list[Any]] = []
    rotated: list[Any] = []
    for box in _text_boxes(layout):
        upright = []
        for text_line in box:
            chars = [obj for obj in text_line if isinstance(obj, LTChar)]
            if chars and sum(map(_is_rotated, chars)) * 2 > len(chars):
                rotated.extend(chars)
            else:
                upright.append(text_line)
        boxes.append(upright)
    boxes = [box for box in boxes if box]
    width = getattr(layout, "width", 0.0)
    if width and is_two_column(boxes, width):
        boxes = column_order(boxes, width)
    line_gap = _typical_line_gap(boxes)
    boxes = _merge_stacked_boxes(boxes, line_gap)
    shape = _PageShape(getattr(layout, "y1", 0.0), getattr(layout, "height", 0.0), ocr)
    blocks = [block for box in boxes for block in _paragraphs(box, line_gap, shape)]
    blocks.extend([line] for line in rotated_lines(rotated))
    lines: list[Line] = []
    for block in blocks:
        if lines:
            lines.append(Line(""))
        lines.extend(block)
    return tuple(lines)


def _column_side(box: list[Any], width: float) -> str:
    """``"left"`` or ``"right"`` of the page middle, or ``"span"`` across it."""
    x0, x1 = min(line.x0 for line in box), max(line.x1 for line in box)
    margin = COLUMN_TOLERANCE * width
    if x1 <= width / 2 + margin:
        return "left"
    if x0 >= width / 2 - margin:
        return "right"
    return "span"


def is_two_column(boxes: list[list[Any]], width: float) -> bool:
    """True when both halves of the page hold running text (boxes of several lines)."""
    lines_per_side = Counter[str]()
    for box in boxes:
        box_width = max(line.x1 for line in box) - min(line.x0 for line in box)
        if len(box) >= COLUMN_BOX_LINES and box_width >= COLUMN_MIN_WIDTH * width:
            lines_per_side[_column_side(box, width)] += len(box)
    return min(lines_per_side["left"], lines_per_side["right"]) >= COLUMN_MIN_LINES


def column_order(boxes: list[list[Any]], width: float) -> list[list[Any]]:
    """Reading order for two columns: top to bottom, each band between full-width boxes
    read left column first, then right column.

    pdfminer's own order (``boxes_flow``) interleaves the columns' paragraphs when
    they start at the same height (koersbesluit p. 30).
    """
    ordered: list[list[Any]] = []
    band: list[list[Any]] = []
    for box in sorted(boxes, key=lambda box: -box[0].y1):
        side = _column_side(box, width)
        if side == "span":
            ordered.extend(_band_order(band, width))
            band = []
            ordered.append(box)
        else:
            band.append(box)
    ordered.extend(_band_order(band, width))
    return ordered


def _band_order(band: list[list[Any]], width: float) -> list[list[Any]]:
    return sorted(band, key=lambda box: (_column_side(box, width) == "right", -box[0].y1))


def _typical_line_gap(boxes: list[list[Any]]) -> float:
    """The median white space between consecutive lines of a box on this page."""
    gaps = sorted(upper.y0 - lower.y1 for box in boxes for upper, lower in itertools.pairwise(box))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _merge_stacked_boxes(boxes: list[list[Any]], line_gap: float) -> list[list[Any]]:
    """Join a box to the one before it when it continues right below it in the same column.

    pdfminer starts a new box when a line's edges do not line up with the line above,
    as after a hanging bullet (koersbesluit p. 12: "… woonplekken is in" /
    "Amsterdam altijd …"); ``_paragraphs`` then decides on the gap alone.
    """
    merged: list[list[Any]] = []
    for box in boxes:
        if merged and _continues_below(merged[-1][-1], box[0], line_gap):
            merged[-1] = merged[-1] + box
        else:
            merged.append(box)
    return merged


def _continues_below(upper: Any, lower: Any, line_gap: float) -> bool:
    gap = upper.y0 - lower.y1
    overlap = min(upper.x1, lower.x1) - max(upper.x0, lower.x0)
    height = min(upper.height, lower.height)
    return -0.2 * height <= gap <= line_gap + PARAGRAPH_GAP_RATIO * height and overlap > 0


@dataclass(frozen=True)
class _PageShape:
    top: float  # y of the page's top edge
    height: float
    ocr: bool

    def position(self, layout_line: Any) -> float | None:
        """The line's top edge as a share of the page height, from the top."""
        if self.height <= 0:
            return None
        return round(min(max((self.top - layout_line.y1) / self.height, 0.0), 1.0), 3)


def _paragraphs(box: list[Any], line_gap: float, shape: _PageShape) -> Iterator[list[Line]]:
    """Split the lines of one text box at paragraph gaps and font-size changes."""
    paragraph: list[Line] = []
    previous_layout: Any = None
    for text_line in box:
        line = _text_line(text_line, shape)
        if not line.text:
            continue
        if paragraph and _starts_paragraph(
            previous_layout, text_line, paragraph[-1], line, line_gap
        ):
            yield paragraph
            paragraph = []
        paragraph.append(line)
        previous_layout = text_line
    if paragraph:
        yield paragraph


def _starts_paragraph(
    upper_layout: Any, lower_layout: Any, upper: Line, lower: Line, line_gap: float
) -> bool:
    gap = upper_layout.y0 - lower_layout.y1
    height = min(upper_layout.height, lower_layout.height)
    size_change = abs((upper.size or 0) - (lower.size or 0)) >= SIZE_CHANGE
    after_heading = upper.bold and not lower.bold
    return size_change or after_heading or gap > line_gap + PARAGRAPH_GAP_RATIO * height


def _is_rotated(char: Any) -> bool:
    a, b = char.matrix[0], char.matrix[1]
    return abs(b) > abs(a)


def rotated_lines(chars: list[Any]) -> list[Line]:
    """Lay out characters of text turned by 90° into lines (one per run of a table cell).

    Text turned left reads bottom-up with lines going left to right; turned right,
    top-down with lines going right to left. Lone letters are dropped as noise.
    """
    lines: list[Line] = []
    for direction in (1, -1):
        group = [char for char in chars if char.get_text().strip() and _turn(char) == direction]
        for column in _columns(group, direction):
            lines.extend(_column_runs(column, direction))
    return [line for line in lines if len(line.text) > 1]


def _turn(char: Any) -> int:
    return 1 if char.matrix[1] > 0 else -1


def _extent(char: Any) -> float:
    """The letter height of a turned character (its width on the page)."""
    return max(char.x1 - char.x0, 0.1)


def _columns(chars: list[Any], direction: int) -> list[list[Any]]:
    """Group turned characters into text lines by their position across the line."""
    columns: list[list[Any]] = []
    for char in sorted(chars, key=lambda c: direction * (c.x0 + c.x1)):
        center = (char.x0 + char.x1) / 2
        if columns:
            last = columns[-1]
            last_center = sum(c.x0 + c.x1 for c in last) / (2 * len(last))
            if abs(center - last_center) <= 0.5 * _extent(char):
                last.append(char)
                continue
        columns.append([char])
    return columns


def _column_runs(column: list[Any], direction: int) -> Iterator[Line]:
    """Split one turned text line into runs at wide gaps (table cells), words at small gaps."""
    ordered = sorted(column, key=lambda c: direction * c.y0)
    size = sorted(map(_extent, ordered))[len(ordered) // 2]
    text = ordered[0].get_text()
    for previous, char in itertools.pairwise(ordered):
        gap = char.y0 - previous.y1 if direction > 0 else previous.y0 - char.y1
        if gap > 2 * size:
            yield Line(text, size=round(size, 1))
            text = ""
        elif gap > 0.25 * size and text:
            text += " "
        text += char.get_text()
    yield Line(text, size=round(size, 1))


def _text_boxes(layout: Iterable[Any]) -> Iterator[Any]:
    """Text boxes in reading order, including those inside figures (form XObjects)."""
    from pdfminer.layout import LTFigure, LTTextBox

    for item in layout:
        if isinstance(item, LTTextBox):
            yield item
        elif isinstance(item, LTFigure):
            yield from _text_boxes(item)


def _text_line(layout_line: Any, shape: _PageShape) -> Line:
    """One pdfminer text line → ``Line`` with dominant size, bold, position and
    superscripts marked (sizes, weights and superscripts not on an OCR layer)."""
    from pdfminer.layout import LTChar

    chars = [obj for obj in layout_line if isinstance(obj, LTChar)]
    if not chars:
        return Line("")
    top = shape.position(layout_line)
    if shape.ocr:
        text = "".join(obj.get_text() for obj in layout_line)
        return Line(" ".join(text.split()), top=top)
    visible = [char for char in chars if char.get_text().strip()]
    size = _dominant(round(char.size, 1) for char in visible)
    bold = bool(visible) and sum(_bold_font(char.fontname) for char in visible) * 2 > len(visible)
    text = "".join(_line_pieces(layout_line, chars, size))
    return Line(" ".join(text.split()) if text.strip() else "", size=size, bold=bold, top=top)


def _line_pieces(layout_line: Any, chars: list[Any], size: float | None) -> Iterator[str]:
    """The text of a line, with raised small digits written as superscript digits."""
    from pdfminer.layout import LTChar

    baseline = _dominant(round(char.y0, 0) for char in chars)
    previous = ""
    for obj in layout_line:
        text = obj.get_text()
        if not isinstance(obj, LTChar):
            pass
        elif _dingbat_font(obj.fontname) and text.strip():
            text = "" if previous == BULLET else BULLET  # one bullet may be several glyphs
        elif (
            text.isdigit()
            and size
            and baseline is not None
            and obj.size < SUPERSCRIPT_SIZE_RATIO * size
            and obj.y0 > baseline + 0.5
        ):
            text = text.translate(SUPERSCRIPT_DIGITS)
        previous = text or previous
        yield text


def _dominant(values: Iterable[float]) -> float | None:
    """The most frequent value (the first seen of equally frequent ones)."""
    values = list(values)
    if not values or values.count(values[0]) == len(values):  # most lines: one value
        return values[0] if values else None
    return Counter(values).most_common(1)[0][0]


@functools.cache
def _bold_font(fontname: str | None) -> bool:
    return bool(BOLD_FONT.search(fontname or ""))


@functools.cache
def _dingbat_font(fontname: str | None) -> bool:
    return bool(DINGBAT_FONT.search(fontname or ""))
