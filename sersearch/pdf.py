"""PDF extraction with pdfminer.six: pages of lines with font size and weight.

pdfminer is imported inside the functions so that importing this module is cheap.
Every pdfminer failure is turned into a :mod:`sersearch.errors` exception with a
one-line reason; pdfminer exceptions never escape.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sersearch.errors import EncryptedError, NoTextError, NotReadableError
from sersearch.models import Extraction, Line, Page

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A digit this much smaller than the line and raised above its baseline is a footnote marker.
SUPERSCRIPT_SIZE_RATIO = 0.85
INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
INFO_DATE_KEYS = ("CreationDate", "ModDate")


def extract_pdf(path: Path) -> Extraction:
    """Extract every page of the PDF at ``path`` as lines with font size and weight.

    Raises ``NotReadableError`` (not a PDF, corrupt, truncated), ``EncryptedError``
    (password needed) or ``NoTextError`` (no page has a text layer). Pages without
    text are kept empty and named in a warning. An encrypted PDF whose owner only
    forbids copying (empty user password, no-extract flag) is extracted with a warning:
    the permission flag guards copy-paste in viewers, and indexing for search is what
    the user asks for when adding the file.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return _extract_open_pdf(handle, path.name)
    except (EncryptedError, NotReadableError, NoTextError):
        raise
    except OSError as exc:
        raise NotReadableError(f"{path.name}: cannot read file ({exc.strerror})") from exc
    except Exception as exc:  # pdfminer raises many unrelated exception types
        raise _translate_error(exc, path.name) from exc


def _extract_open_pdf(handle: Any, name: str) -> Extraction:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    document = _open_document(handle, name)
    warnings: list[str] = []
    if not document.is_extractable:
        warnings.append("the PDF forbids text extraction (permission flag); extracted anyway")
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=layout_params())
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[Page] = []
    failed: list[int] = []
    for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
        try:
            interpreter.process_page(pdf_page)
            lines = layout_to_lines(device.get_result())
        except Exception:  # one broken page must not lose the document
            failed.append(number)
            lines = ()
        pages.append(Page(number, lines, label=_page_label(pdf_page)))
    if not pages:
        raise NotReadableError(f"{name}: the PDF has no pages")
    if failed and len(failed) == len(pages):
        raise NotReadableError(f"{name}: corrupt PDF, no page could be read")
    if failed:
        warnings.append(f"pages that could not be read: {_page_list(failed)}")
    empty = [page.number for page in pages if not page.lines and page.number not in failed]
    if len(empty) == len(pages):
        raise NoTextError(f"{name}: no text layer: scanned, needs OCR")
    if empty:
        warnings.append(f"pages without text (scanned or images): {_page_list(empty)}")
    return Extraction(
        pages=tuple(pages), paged=True, info=_document_info(document), warnings=tuple(warnings)
    )


def _open_document(handle: Any, name: str) -> Any:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(handle))
    except PDFPasswordIncorrect as exc:
        raise EncryptedError(f"{name}: encrypted PDF, needs a password") from exc
    except PDFEncryptionError as exc:
        raise EncryptedError(f"{name}: encrypted PDF, unsupported encryption ({exc})") from exc


def layout_params() -> Any:
    """The pdfminer layout settings used for every page."""
    from pdfminer.layout import LAParams

    return LAParams()


def layout_to_lines(layout: Iterable[Any]) -> tuple[Line, ...]:
    """Turn one analysed page into lines, a ``Line("")`` between text boxes."""
    from pdfminer.layout import LTTextBox

    lines: list[Line] = []
    for box in layout:
        if not isinstance(box, LTTextBox):
            continue
        box_lines = [line for line in map(_text_line, box) if line.text]
        if box_lines:
            if lines:
                lines.append(Line(""))
            lines.extend(box_lines)
    return tuple(lines)


def _text_line(layout_line: Any) -> Line:
    """One pdfminer text line → ``Line`` with dominant size, bold and superscripts marked."""
    from pdfminer.layout import LTChar

    chars = [obj for obj in layout_line if isinstance(obj, LTChar)]
    if not chars:
        return Line("")
    size = _dominant(round(char.size, 1) for char in chars if char.get_text().strip())
    bold = _is_bold(chars)
    text = "".join(_line_pieces(layout_line, size))
    return Line(" ".join(text.split()) if text.strip() else "", size=size, bold=bold)


def _line_pieces(layout_line: Any, size: float | None) -> Iterator[str]:
    """The text of a line, with raised small digits written as superscript digits."""
    from pdfminer.layout import LTChar

    baseline = _dominant(round(obj.y0, 0) for obj in layout_line if isinstance(obj, LTChar))
    for obj in layout_line:
        text = obj.get_text()
        if (
            isinstance(obj, LTChar)
            and text.isdigit()
            and size
            and baseline is not None
            and obj.size < SUPERSCRIPT_SIZE_RATIO * size
            and obj.y0 > baseline + 0.5
        ):
            yield text.translate(SUPERSCRIPT_DIGITS)
        else:
            yield text


def _dominant(values: Iterable[float]) -> float | None:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def _is_bold(chars: list[Any]) -> bool:
    visible = [char for char in chars if char.get_text().strip()]
    bold = sum(1 for char in visible if BOLD_FONT.search(char.fontname or ""))
    return bool(visible) and bold * 2 > len(visible)


def _page_label(pdf_page: Any) -> str | None:
    label = getattr(pdf_page, "label", None)
    return str(label) if label else None


def _document_info(document: Any) -> dict[str, str]:
    """Decode the PDF info dictionary into plain strings (unknown keys dropped)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    info: dict[str, str] = {}
    for entry in document.info:
        for key in (*INFO_KEYS, *INFO_DATE_KEYS):
            value = resolve1(entry.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            elif isinstance(value, PSLiteral):
                value = value.name
            if isinstance(value, str) and value.strip():
                info[key] = value.strip().replace("\x00", "")
    return info


def _page_list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _translate_error(exc: Exception, name: str) -> Exception:
    """Map a pdfminer (or other) exception to a one-line user-facing error."""
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSEOF

    if isinstance(exc, PDFEncryptionError):
        return EncryptedError(f"{name}: encrypted PDF, needs a password")
    if isinstance(exc, PSEOF):
        return NotReadableError(f"{name}: truncated PDF (unexpected end of file)")
    if isinstance(exc, PDFSyntaxError):
        return NotReadableError(f"{name}: corrupt or truncated PDF ({_first_line(exc)})")
    return NotReadableError(f"{name}: unreadable PDF ({type(exc).__name__}: {_first_line(exc)})")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else "no details"
