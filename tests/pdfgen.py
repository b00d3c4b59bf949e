"""Generate small PDFs with an exactly known layout (fpdf2) for extraction tests.

Every line is placed at an explicit position, so tests know which lines form a text
box, which font size and weight they have, and where headers and footers sit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

LEFT = 20.0  # mm
TOP = 30.0  # mm, baseline of the first body line
LINE_HEIGHT = 5.5  # mm, for 11 pt text
PARAGRAPH_GAP = 6.0  # mm of extra space between paragraphs
COLUMN_GAP = 10.0  # mm between two columns
PAGE_WIDTH = 210.0  # A4, mm


@dataclass(frozen=True)
class Paragraph:
    """Lines set one under the other in one font; ``marker`` adds a raised footnote number."""

    lines: tuple[str, ...]
    size: float = 11
    bold: bool = False
    marker: str | None = None  # superscript appended to the last line, in a smaller font
    leading: float = 1.0  # line spacing as a multiple of the normal line height
    rotated: bool = False  # each line turned 90° left, lines side by side (table headers)
    font: str = "Helvetica"


@dataclass(frozen=True)
class PageSpec:
    """One page: paragraphs in one column, or in two columns when ``right`` is given."""

    paragraphs: tuple[Paragraph, ...]
    right: tuple[Paragraph, ...] = ()
    label_style: str | None = None  # "r", "D", … starts a page-label range on this page
    label_start: int | None = None
    footer: str | None = None  # this page's own footer line (a letter's "Pagina 1 van 2")


def write_pdf(
    path: Path,
    pages: Sequence[PageSpec],
    *,
    header: str | None = None,
    footer: str | None = None,
    info: dict[str, str] | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
    permissions: int | None = None,
) -> Path:
    """Write ``pages`` to ``path``; ``header``/``footer`` may contain ``{n}`` and ``{total}``."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for key, value in (info or {}).items():
        getattr(pdf, f"set_{key}")(value)
    if owner_password is not None:
        extra = {} if permissions is None else {"permissions": permissions}
        pdf.set_encryption(owner_password=owner_password, user_password=user_password, **extra)
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        if page.label_style is not None:
            pdf.set_page_label(label_style=page.label_style, label_start=page.label_start)
        fields = {"n": number, "total": len(pages)}
        if header:
            _write_line(pdf, LEFT, 12, header.format(**fields), 8, False)
        if page.right:
            width = (PAGE_WIDTH - 2 * LEFT - COLUMN_GAP) / 2
            _write_column(pdf, LEFT, page.paragraphs)
            _write_column(pdf, LEFT + width + COLUMN_GAP, page.right)
        else:
            _write_column(pdf, LEFT, page.paragraphs)
        if footer or page.footer:
            _write_line(pdf, LEFT, 285, page.footer or footer.format(**fields), 8, False)
    pdf.output(str(path))
    return path


def _write_column(pdf: FPDF, x: float, paragraphs: Sequence[Paragraph]) -> None:
    y = TOP
    for paragraph in paragraphs:
        if paragraph.rotated:
            y = _write_rotated(pdf, x, y, paragraph)
            continue
        for line in paragraph.lines:
            _write_line(pdf, x, y, line, paragraph.size, paragraph.bold, paragraph.font)
            y += LINE_HEIGHT * paragraph.size / 11 * paragraph.leading
        if paragraph.marker:
            _write_marker(pdf, x, y - LINE_HEIGHT * paragraph.size / 11, paragraph)
        y += PARAGRAPH_GAP


def _write_line(
    pdf: FPDF, x: float, y: float, text: str, size: float, bold: bool, font: str = "Helvetica"
) -> None:
    pdf.set_font(font, style="B" if bold else "", size=size)
    pdf.text(x, y, text)


def _write_rotated(pdf: FPDF, x: float, y: float, paragraph: Paragraph) -> float:
    """Lines turned 90° left, next to each other like rotated table headers; returns new y."""
    bottom = y + 40
    for index, line in enumerate(paragraph.lines):
        column = x + 15 * index
        with pdf.rotation(90, column, bottom):
            _write_line(pdf, column, bottom, line, paragraph.size, paragraph.bold)
    return bottom + PARAGRAPH_GAP


def _write_marker(pdf: FPDF, x: float, baseline: float, paragraph: Paragraph) -> None:
    pdf.set_font("Helvetica", style="B" if paragraph.bold else "", size=paragraph.size)
    end = x + pdf.get_string_width(paragraph.lines[-1])
    pdf.set_font("Helvetica", size=paragraph.size * 0.6)
    pdf.text(end, baseline - 1.2, paragraph.marker or "")


def text_page(*paragraphs: str | Paragraph) -> PageSpec:
    """A one-column page; a plain string is a paragraph of newline-separated lines."""
    return PageSpec(tuple(_as_paragraph(paragraph) for paragraph in paragraphs))


def _as_paragraph(paragraph: str | Paragraph) -> Paragraph:
    return (
        paragraph if isinstance(paragraph, Paragraph) else Paragraph(tuple(paragraph.split("\n")))
    )


def write_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF whose pages hold only a drawn rectangle: no text layer, like a scan."""
    pdf = FPDF(format="A4", unit="mm")
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


def write_truncated_pdf(path: Path, source: Path) -> Path:
    """The first half of a valid PDF: header present, cross-reference table gone."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path
