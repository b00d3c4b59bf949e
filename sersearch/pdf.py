"""PDF extraction with pdfminer.six: pages of lines with font size and weight.

pdfminer is imported inside the functions so that importing this module is cheap.
Every pdfminer failure is turned into a :mod:`sersearch.errors` exception with a
one-line reason; pdfminer exceptions never escape.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sersearch import pagecount
from sersearch.errors import EncryptedError, NotReadableError
from sersearch.models import Extraction, Page
from sersearch.pdflayout import layout_params, layout_to_lines

# Text-showing or nested-XObject operators: a form XObject without them has no text.
FORM_TEXT_OPERATORS = re.compile(rb"(?<![A-Za-z])(?:BT|Do)(?![A-Za-z])")
# Text render mode 3 draws nothing: the invisible text layer OCR puts over a scan.
INVISIBLE_RENDER_MODE = 3
# An image covering this share of the page, with text on it, is a scanned page.
SCAN_IMAGE_SHARE = 0.6
INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
INFO_DATE_KEYS = ("CreationDate", "ModDate")
PDFMINER_LOG = logging.getLogger("pdfminer.pdfinterp")  # where pdfminer's execute warns


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

    aggregator_class, interpreter_class = _text_only_classes()

    document = _open_document(handle, name)
    warnings: list[str] = []
    if not document.is_extractable:
        warnings.append("the PDF forbids text extraction (permission flag); extracted anyway")
    manager = PDFResourceManager(caching=True)
    device = aggregator_class(manager, laparams=layout_params())
    interpreter = interpreter_class(manager, device)
    pages: list[Page] = []
    failed: list[int] = []
    counter = pagecount.FileCounter(_stated_page_count(document))
    for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
        counter.page_read()
        ocr = False
        try:
            interpreter.process_page(pdf_page)
            ocr = device.is_ocr_layer()
            lines = layout_to_lines(device.get_result(), ocr=ocr)
        except MemoryError:  # the file's memory limit: the whole file is skipped
            raise
        except Exception:  # one broken page must not lose the document
            failed.append(number)
            lines = ()
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


@functools.cache
def _text_only_classes() -> tuple[type, type]:
    """pdfminer device and interpreter that skip work which cannot yield text.

    Vector art dominates the run time of illustrated reports (ap-jaarverslag-2022:
    millions of path operators inside form XObjects). Paths and images are not
    recorded, and form XObjects whose content has no text operator are not run.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import stream_value
    from pdfminer.psparser import PSKeyword, literal_name
    from pdfminer.utils import apply_matrix_rect, mult_matrix

    from sersearch import pdfgroups
    from sersearch.contentstream import parse_content

    class TextOnlyAggregator(PDFPageAggregator):
        """Records, per page, how much text is invisible and how much is drawn before
        (so under) an image covering most of the page: the marks of an OCR layer.
        Pages and figures order their text boxes the same on every run (pdfgroups)."""

        strings = invisible = under_image = 0

        def begin_page(self, page: Any, ctm: Any) -> None:
            (x0, y0, x1, y1) = apply_matrix_rect(ctm, page.mediabox)
            self.cur_item = pdfgroups.Page(self.pageno, (0, 0, abs(x0 - x1), abs(y0 - y1)))
            self.strings = self.invisible = self.under_image = 0

        def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
            self._stack.append(self.cur_item)
            self.cur_item = pdfgroups.Figure(name, bbox, mult_matrix(matrix, self.ctm))

        def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
            self.strings += 1
            self.invisible += textstate.render == INVISIBLE_RENDER_MODE
            super().render_string(textstate, *args, **kwargs)

        def is_ocr_layer(self) -> bool:
            """Mostly invisible text, or mostly text under an image covering the page
            (a born-digital cover draws its text over the photo, not under it)."""
            return max(self.invisible, self.under_image) * 2 > self.strings > 0

        def render_char(
            self,
            matrix: Any,
            font: Any,
            fontsize: float,
            scaling: float,
            rise: float,
            cid: int,
            ncs: Any,
            graphicstate: Any,
        ) -> float:
            """pdfminer's ``render_char`` with the ``LTChar`` of horizontal text built
            directly: the same attributes from the same arithmetic, a third of the calls."""
            if font.is_vertical():
                args = (fontsize, scaling, rise, cid, ncs, graphicstate)
                return super().render_char(matrix, font, *args)
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            adv = font.char_width(cid) * fontsize * scaling
            descent = font.get_descent() * fontsize
            bottom, top = descent + rise, descent + rise + fontsize
            a, b, c, d, e, f = matrix
            xs = (a * 0 + c * bottom + e, a * adv + c * bottom + e)
            xs += (a * adv + c * top + e, a * 0 + c * top + e)
            ys = (b * 0 + d * bottom + f, b * adv + d * bottom + f)
            ys += (b * adv + d * top + f, b * 0 + d * top + f)
            x0, y0 = min(xs[0], xs[3], xs[1], xs[2]), min(ys)
            x1, y1 = max(xs[0], xs[3], xs[1], xs[2]), max(ys)
            item = LTChar.__new__(LTChar)
            item._text, item.matrix, item.fontname = text, matrix, font.fontname
            item.ncs, item.graphicstate, item.adv = ncs, graphicstate, adv
            item.upright = a * d * scaling > 0 and b * c <= 0
            item.x0, item.y0, item.x1, item.y1 = x0, y0, x1, y1
            item.width, item.height, item.bbox = x1 - x0, y1 - y0, (x0, y0, x1, y1)
            item.size = item.height
            self.cur_item.add(item)
            return adv

        def paint_path(self, *args: Any, **kwargs: Any) -> None:
            """Paths carry no text: skip building curves and rectangles."""

        def render_image(self, *args: Any, **kwargs: Any) -> None:
            """Images carry no text layer: only whether one covers the text is noted."""
            figure = self.cur_item
            page = self._stack[0] if self._stack else figure
            area = getattr(page, "width", 0.0) * getattr(page, "height", 0.0)
            if area and figure.width * figure.height >= SCAN_IMAGE_SHARE * area:
                self.under_image = self.strings

    class TextOnlyInterpreter(PDFPageInterpreter):
        def execute(self, streams: Sequence[object]) -> None:
            """pdfminer's ``execute`` over :func:`parse_content` (the same objects,
            parsed faster), each operator's method looked up once per class."""
            operators = _OPERATORS.setdefault(type(self), {})
            stack = self.argstack

            def operate(keyword: PSKeyword) -> None:
                operator = operators.get(keyword, MISSING)
                if operator is MISSING:
                    operator = operators[keyword] = _operator(type(self), keyword)
                if operator is None:
                    return
                method, count = operator
                if count:
                    args = stack[-count:]
                    del stack[-count:]
                    if len(args) == count:
                        method(self, *args)
                else:
                    method(self)
                if self.argstack is not stack:  # a method popped operands itself
                    stack[:] = self.argstack
                    self.argstack = stack

            parse_content(_valid_streams(self, streams), stack.append, operate)

        def do_Do(self, xobjid_arg: Any) -> None:
            try:
                xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
                data = xobj.get_data() if xobj.get("Subtype").name == "Form" else b"BT"
            except Exception:  # let pdfminer's own handling decide
                data = b"BT"
            if FORM_TEXT_OPERATORS.search(data):
                super().do_Do(xobjid_arg)

    return TextOnlyAggregator, TextOnlyInterpreter


_OPERATORS: dict[type, dict[Any, tuple[Callable[..., None], int] | None]] = {}
MISSING = object()


def _operator(interpreter_class: type, keyword: Any) -> tuple[Callable[..., None], int] | None:
    """The ``do_`` method pdfminer's ``execute`` runs for ``keyword``, and its operand count."""
    from pdfminer.psparser import keyword_name

    name = keyword_name(keyword).replace("*", "_a").replace('"', "_w").replace("'", "_q")
    method = getattr(interpreter_class, f"do_{name}", None)
    return None if method is None else (method, method.__code__.co_argcount - 1)


def _valid_streams(interpreter: Any, streams: Sequence[object]) -> list[Any]:
    """The streams pdfminer's ``execute`` runs: not a stream that is already running
    further up (a form XObject that draws itself)."""
    from pdfminer.pdftypes import stream_value

    valid = []
    interpreter.stream_ids.clear()
    for obj in streams:
        stream = stream_value(obj)
        if stream.objid is None:
            PDFMINER_LOG.warning("Execute called on non-indirect object (inline image?) %r", stream)
        elif stream.objid in interpreter.parent_stream_ids:
            PDFMINER_LOG.warning(
                "Refusing to execute circular reference to content stream %d", stream.objid
            )
        else:
            valid.append(stream)
            interpreter.stream_ids.add(stream.objid)
    return valid


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
