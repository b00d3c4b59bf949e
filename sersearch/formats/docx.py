"""Word documents (.docx) with python-docx: body paragraphs and tables in reading order,
then footnotes, endnotes and the text of headers and footers (once, not per page).

Headings are paragraphs in a heading style (``Heading 1``–``6``, Dutch ``Kop 1``–``6``)
or with an outline level. Every paragraph also carries its font size and weight, so a
document without heading styles gets its headings from type, as a PDF does. Metadata
come from the document properties: title, author and the date last saved (when the
text was final; the created date when that is missing).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sersearch.errors import NotReadableError
from sersearch.formats import LineBuilder, check_package, pdf_date
from sersearch.models import Extraction

_HEADING_STYLE = re.compile(r"(?:heading|kop)\s*(?P<level>[1-6])", re.IGNORECASE)
_NOTE_PARTS = (("/word/footnotes.xml", "Voetnoten"), ("/word/endnotes.xml", "Eindnoten"))
# Word's own default when a document sets no font size (w:sz 20 half-points).
DEFAULT_SIZE = 10.0
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(path: Path) -> Extraction:
    """Extract a Word document as one unpaged page."""
    import docx

    check_package(path, "Word document")
    try:
        document = docx.Document(str(path))
        return _read(document)
    except MemoryError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken package
        raise NotReadableError(f"{path.name}: not a readable Word document ({exc})") from exc


def _read(document: Any) -> Extraction:
    builder = LineBuilder()
    default = _default_size(document)
    for block in document.iter_inner_content():
        _add_block(builder, block, default)
    for part_name, title in _NOTE_PARTS:
        notes = list(_notes(document, part_name))
        if notes:
            builder.appendix(title)
            for note in notes:
                builder.paragraph(note)
    furniture = list(dict.fromkeys(_headers_and_footers(document)))
    if furniture:
        builder.appendix("Kop- en voetteksten")
        for text in furniture:
            builder.paragraph(text)
    properties = document.core_properties
    info = {
        "Title": properties.title or _title_paragraph(document),
        "Author": properties.author or "",
        "Date": pdf_date(properties.modified or properties.created),
        "CreationDate": pdf_date(properties.created),
    }
    return builder.extraction(info)


def _add_block(builder: LineBuilder, block: Any, default: float) -> None:
    from docx.table import Table

    if isinstance(block, Table):
        for row in _table_rows(block):
            builder.paragraph("\n".join(row))
        return
    level = _heading_level(block)
    if level:
        builder.heading(block.text, level)
    else:
        size, bold = _type(block, default)
        builder.paragraph(block.text, size=size, bold=bold)


def _table_rows(table: Any) -> Iterator[list[str]]:
    """Each row's cells as text (a merged cell once; nested tables inside their cell)."""
    from docx.table import Table

    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts: list[str] = []
            for block in cell.iter_inner_content():
                if isinstance(block, Table):
                    parts.extend(" ".join(r) for r in _table_rows(block))
                else:
                    parts.append(block.text)
            text = " ".join(" ".join(parts).split())
            if text:
                cells.append(text)
        if cells:
            yield cells


def _title_paragraph(document: Any) -> str:
    """The text of the first paragraph in Word's ``Title`` style (Dutch ``Titel``)."""
    for paragraph in document.paragraphs:
        if (paragraph.style.name or "").lower() in ("title", "titel") and paragraph.text.strip():
            return " ".join(paragraph.text.split())
    return ""


def _heading_level(paragraph: Any) -> int | None:
    """The level of a heading style or outline level on the paragraph or its styles."""
    own = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if own:
        return _outline(own[0])
    style = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.fullmatch((style.name or "").strip())
        if match:
            return int(match["level"])
        outline = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if outline:
            return _outline(outline[0])
        style = style.base_style
    return None


def _outline(value: str) -> int | None:
    """Word's outline levels 0–8 are headings 1–9; 9 is body text."""
    level = int(value) + 1 if value.isdigit() else 10
    return level if level <= 6 else None


def _type(paragraph: Any, default: float) -> tuple[float, bool]:
    """The font size that carries most of the paragraph's characters, and whether all
    of its text is bold (run, character style or paragraph style)."""
    sizes: Counter[float] = Counter()
    bold = True
    style_size = _style_value(paragraph.style, "size")
    style_bold = bool(_style_value(paragraph.style, "bold"))
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        size = run.font.size or _style_value(run.style, "size") or style_size
        sizes[size.pt if size else default] += len(run.text)
        run_bold = run.bold if run.bold is not None else _style_value(run.style, "bold")
        bold = bold and bool(style_bold if run_bold is None else run_bold)
    return (sizes.most_common(1)[0][0] if sizes else default), bold and bool(sizes)


def _style_value(style: Any, attribute: str) -> Any:
    """A font attribute as a style or the styles it is based on set it."""
    while style is not None:
        value = getattr(style.font, attribute, None)
        if value is not None:
            return value
        style = style.base_style
    return None


def _default_size(document: Any) -> float:
    values = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    return int(values[0]) / 2 if values and values[0].isdigit() else DEFAULT_SIZE


def _notes(document: Any, part_name: str) -> Iterator[str]:
    """The text of each footnote or endnote (not Word's separator notes)."""
    from docx.oxml.parser import parse_xml

    for part in document.part.package.iter_parts():
        if str(part.partname) != part_name:
            continue
        root = parse_xml(part.blob)
        for note in root.iterchildren(f"{_W}footnote", f"{_W}endnote"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                continue
            paragraphs = (_text(paragraph) for paragraph in note.iter(f"{_W}p"))
            text = " ".join(" ".join(paragraphs).split())
            if text:
                yield text


def _text(paragraph: Any) -> str:
    """The text of a ``w:p`` element (its ``w:t`` runs; no field codes)."""
    return "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))


def _headers_and_footers(document: Any) -> Iterator[str]:
    from docx.table import Table

    for section in document.sections:
        for name in ("header", "first_page_header", "even_page_header"):
            yield from _story_text(getattr(section, name), Table)
        for name in ("footer", "first_page_footer", "even_page_footer"):
            yield from _story_text(getattr(section, name), Table)


def _story_text(story: Any, table_type: type) -> Iterator[str]:
    if story.is_linked_to_previous:
        return
    for block in story.iter_inner_content():
        if isinstance(block, table_type):
            yield from (" ".join(row) for row in _table_rows(block))
        elif block.text.strip():
            yield " ".join(block.text.split())
