"""PDF extraction with pdfminer.six: pages of lines with font size and weight.

pdfminer is imported inside the functions so that importing this module is cheap.
Every pdfminer failure is turned into a :mod:`sersearch.errors` exception with a
one-line reason; pdfminer exceptions never escape.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from sersearch import pagecount
from sersearch.errors import EncryptedError, NotReadableError
from sersearch.models import Extraction, Line, Page
from sersearch.pdflayout import layout_params, layout_to_lines

INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
INFO_DATE_KEYS = ("CreationDate", "ModDate")


def extract_pdf(path: Path) -> Extraction:
    """Extract every page of the PDF at ``path`` as lines with font size and weight.

    Raises ``NotReadableError`` (not a PDF, corrupt, truncated) or ``EncryptedError``
    (password needed). Pages without text are kept empty: :mod:`sersearch.scans`
    reads them by OCR, or names them. An encrypted PDF whose owner only
    forbids copying (empty user password, no-extract flag) is extracted with a warning:
    the permission flag guards copy-paste in viewers, and indexing for search is what
    the user asks for when adding the file.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return _extract_open_pdf(handle, path.name)
    except (EncryptedError, NotReadableError, MemoryError):
        raise
    except OSError as exc:
        raise NotReadableError(f"{path.name}: cannot read file ({exc.strerror})") from exc
    except Exception as exc:  # pdfminer raises many unrelated exception types
        raise _translate_error(exc, path.name) from exc


def _extract_open_pdf(handle: Any, name: str) -> Extraction:
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from sersearch.pdfdevice import TextOnlyAggregator, TextOnlyInterpreter

    document = _open_document(handle, name)
    warnings: list[str] = []
    if not document.is_extractable:
        warnings.append("the PDF forbids text extraction (permission flag); extracted anyway")
    manager = PDFResourceManager(caching=True)
    device = TextOnlyAggregator(manager, laparams=layout_params())
    interpreter = TextOnlyInterpreter(manager, device)
    pages: list[Page] = []
    failed: list[int] = []
    counter = pagecount.FileCounter(_stated_page_count(document))
    for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
        counter.page_read()
        try:
            lines, ocr = _read_page(interpreter, device, pdf_page)
        except MemoryError:  # the file's memory limit: the whole file is skipped
            raise
        except Exception:  # one broken page must not lose the document
            failed.append(number)
            lines, ocr = (), False
        pages.append(Page(number, lines, label=_page_label(pdf_page), ocr=ocr and bool(lines)))
    counter.close()
    if not pages:
        raise NotReadableError(f"{name}: the PDF has no pages")
    if failed and len(failed) == len(pages):
        raise NotReadableError(f"{name}: corrupt PDF, no page could be read")
    if failed:
        warnings.append(f"pages that could not be read: {_page_list(failed)}")
    return Extraction(
        pages=tuple(pages), paged=True, info=_document_info(document), warnings=tuple(warnings)
    )


def _read_page(interpreter: Any, device: Any, pdf_page: Any) -> tuple[tuple[Line, ...], bool]:
    """The page's lines, and whether they are an OCR layer.

    Python's cycle collector is paused meanwhile: a page allocates hundreds of
    thousands of objects (characters, lines, boxes) that reference counting frees, and
    the collector, run every 700 allocations, spent a tenth of the time finding a few
    dozen objects in cycles per page. It runs again once the page is done.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        interpreter.process_page(pdf_page)
        ocr = device.is_ocr_layer()
        return layout_to_lines(device.get_result(), ocr=ocr), ocr
    finally:
        if collecting:
            gc.enable()


def _stated_page_count(document: Any) -> object:
    """The page count the page tree states (for progress only; may be wrong or absent)."""
    from pdfminer.pdftypes import resolve1

    try:
        return resolve1(resolve1(document.catalog.get("Pages")).get("Count"))
    except MemoryError:
        raise
    except Exception:  # a broken page tree: its pages are counted as they are read
        return None


def _open_document(handle: Any, name: str) -> Any:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(handle))
    except PDFPasswordIncorrect as exc:
        raise EncryptedError(f"{name}: encrypted PDF, needs a password") from exc
    except PDFEncryptionError as exc:
        raise EncryptedError(f"{name}: encrypted PDF, unsupported encryption ({exc})") from exc


def _page_label(pdf_page: Any) -> str | None:
    label = getattr(pdf_page, "label", None)
    return str(label) if label else None


def _document_info(document: Any) -> dict[str, str]:
    """Decode the PDF info dictionary into plain strings (unknown keys dropped)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    info: dict[str, str] = {}
    for entry in map(resolve1, document.info):
        if not isinstance(entry, dict):
            continue
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
