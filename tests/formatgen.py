"""Generate small documents in the non-PDF formats (Word, OpenDocument, e-mail, HTML)
with a known structure, for the format tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

# (heading level, text): level None is a body paragraph.
Block = tuple[int | None, str]


def write_docx(
    path: Path,
    blocks: Sequence[Block],
    *,
    title: str = "",
    author: str = "",
    modified: datetime | None = None,
    table: Sequence[Sequence[str]] = (),
    dutch_styles: bool = False,
) -> Path:
    """A .docx with heading styles (``Heading n``, or ``Kop n`` when ``dutch_styles``)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for level, text in blocks:
        if level is None:
            document.add_paragraph(text)
        elif dutch_styles:
            name = f"Kop {level}"
            if name not in [style.name for style in document.styles]:
                style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = document.styles["Normal"]
            document.add_paragraph(text, style=name)
        else:
            document.add_heading(text, level)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    properties = document.core_properties
    properties.title, properties.author = title, author
    if modified:
        properties.created = properties.modified = modified
    document.save(str(path))
    return path


def write_odt(path: Path, blocks: Sequence[Block], *, title: str = "", creator: str = "") -> Path:
    """An .odt with ``text:h`` headings at their outline level."""
    from odf import dc, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if creator:
        document.meta.addElement(dc.Creator(text=creator))
    for level, content in blocks:
        if level is None:
            document.text.addElement(text.P(text=content))
        else:
            document.text.addElement(text.H(outlinelevel=level, text=content))
    document.save(str(path))
    return path


def email_message(
    subject: str,
    body: str,
    *,
    sender: str = "Gemeente Zwolle <griffie@zwolle.nl>",
    to: str = "Provinciale Staten <ps@overijssel.nl>",
    date: datetime = datetime(2024, 3, 18, 10, 30, tzinfo=timezone.utc),
    attachments: Sequence[tuple[str, bytes, str]] = (),
    html: str | None = None,
) -> EmailMessage:
    """A message with a plain-text body (and an HTML alternative when ``html``) and
    ``(file name, content, MIME type)`` attachments."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = format_datetime(date)
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


def write_email(path: Path, message: EmailMessage) -> Path:
    path.write_bytes(bytes(message))
    return path


def pdf_bytes(tmp: Path, *paragraphs: str) -> bytes:
    """A one-page PDF of ``paragraphs`` (fpdf2), as bytes."""
    from pdfgen import text_page, write_pdf

    write_pdf(tmp, [text_page(*paragraphs)])
    return tmp.read_bytes()
