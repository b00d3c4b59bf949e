"""pdfminer's page device and interpreter, doing only the work that can yield text.

Vector art dominates the run time of illustrated reports (ap-jaarverslag-2022:
millions of path operators inside form XObjects). Paths and images are not
recorded, form XObjects whose content has no text operator are not run, content
streams are parsed by :mod:`sersearch.contentstream` and characters built in one
loop per string. Everything that reaches the layout is what pdfminer's own classes
give (tests/test_pdf_interpreter.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword, keyword_name, literal_name
from pdfminer.utils import apply_matrix_rect, mult_matrix

from sersearch import pdfgroups
from sersearch.contentstream import parse_content

# Text-showing or nested-XObject operators: a form XObject without them has no text.
FORM_TEXT_OPERATORS = re.compile(rb"(?<![A-Za-z])(?:BT|Do)(?![A-Za-z])")
# Text render mode 3 draws nothing: the invisible text layer OCR puts over a scan.
INVISIBLE_RENDER_MODE = 3
# An image covering this share of the page, with text on it, is a scanned page.
SCAN_IMAGE_SHARE = 0.6
PDFMINER_LOG = logging.getLogger("pdfminer.pdfinterp")  # where pdfminer's execute warns
DEVICE_LOG = logging.getLogger("pdfminer.pdfdevice")  # where its text device warns


class TextOnlyAggregator(PDFPageAggregator):
    """Records, per page, how much text is invisible and how much is drawn before
    (so under) an image covering most of the page: the marks of an OCR layer.
    Pages and figures order their text boxes the same on every run (pdfgroups)."""

    strings = invisible = under_image = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.glyphs: dict[Any, dict[int, tuple[str, float]]] = {}  # font → cid → glyph

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

    def render_string_horizontal(
        self,
        seq: Any,
        matrix: Any,
        pos: Any,
        font: Any,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: Any,
        graphicstate: Any,
    ) -> Any:
        """pdfminer's ``render_string_horizontal`` with its ``render_char`` built in:
        each glyph's text and width looked up once per font, the ``LTChar`` given
        the same attributes from the same arithmetic."""
        glyphs = self.glyphs.setdefault(font, {})
        a, b, c, d, e, f = matrix
        descent = font.get_descent() * fontsize
        bottom, top = descent + rise, descent + rise + fontsize
        # A glyph's corners in page space, as pdfminer computes them, with the terms
        # that are the same for every glyph of the string added up once.
        bottom_x, top_x, bottom_y, top_y = c * bottom, c * top, d * bottom, d * top
        upright = a * d * scaling > 0 and b * c <= 0
        fontname, add = font.fontname, self.cur_item.add
        x, y = pos
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
                continue
            if not isinstance(obj, bytes):
                DEVICE_LOG.warning(
                    "Cannot render horizontal string because %r is not a valid int, "
                    "float or bytes.",
                    obj,
                )
                continue
            for cid in font.decode(obj):
                if needcharspace:
                    x += charspace
                glyph = glyphs.get(cid) or glyphs.setdefault(cid, self._glyph(font, cid))
                adv = glyph[1] * fontsize * scaling
                e1, f1 = x * a + y * c + e, x * b + y * d + f
                right_x, right_y = a * adv, b * adv
                xs = (bottom_x + e1, top_x + e1, right_x + bottom_x + e1, right_x + top_x + e1)
                ys = (bottom_y + f1, right_y + bottom_y + f1, right_y + top_y + f1, top_y + f1)
                x0, y0 = min(xs), min(ys)
                x1, y1 = max(xs), max(ys)
                item = LTChar.__new__(LTChar)
                item._text, item.matrix, item.fontname = (
                    glyph[0],
                    (a, b, c, d, e1, f1),
                    fontname,
                )
                item.ncs, item.graphicstate, item.adv = ncs, graphicstate, adv
                item.upright = upright
                item.x0, item.y0, item.x1, item.y1 = x0, y0, x1, y1
                item.width, item.height, item.bbox = x1 - x0, y1 - y0, (x0, y0, x1, y1)
                item.size = item.height
                add(item)
                x += adv
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        return (x, y)

    def _glyph(self, font: Any, cid: int) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)

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
    """Runs content streams parsed by :mod:`sersearch.contentstream`, and no form
    XObject whose content has no text operator."""

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


_OPERATORS: dict[type, dict[Any, tuple[Callable[..., None], int] | None]] = {}
MISSING = object()


def _operator(interpreter_class: type, keyword: Any) -> tuple[Callable[..., None], int] | None:
    """The ``do_`` method pdfminer's ``execute`` runs for ``keyword``, and its operand count."""
    name = keyword_name(keyword).replace("*", "_a").replace('"', "_w").replace("'", "_q")
    method = getattr(interpreter_class, f"do_{name}", None)
    return None if method is None else (method, method.__code__.co_argcount - 1)


def _valid_streams(interpreter: Any, streams: Sequence[object]) -> list[Any]:
    """The streams pdfminer's ``execute`` runs: not a stream that is already running
    further up (a form XObject that draws itself)."""
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
