"""sersearch.pdf's interpreter runs each page as pdfminer's own ``execute`` would.

On pages of every PDF of both shared corpora (the first page, one from the middle and
the last), the interpreter over sersearch.contentstream calls the same operator methods
with the same operands, in the same order, as pdfminer's ``PDFPageInterpreter.execute``,
form XObjects included, and the page's lines come out identical.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from corpora import SHARED
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from test_contentstream import normal

from sersearch.errors import ExtractionError
from sersearch.pdf import extract_pdf
from sersearch.pdfdevice import TextOnlyAggregator, TextOnlyInterpreter
from sersearch.pdflayout import layout_params, layout_to_lines

FILES = sorted(
    path for name in ("corpus-real", "corpus-real-2") for path in (SHARED / name).glob("*.pdf")
)
assert FILES or "CI" not in os.environ, "CI needs ../shared/corpus-real and corpus-real-2"
CALLS: list[Any] = []  # (operator, operands) of every operator method run


def _recorder(name: str, method: Any) -> Any:
    """``method`` noting its call first, with its own operand count (pdfminer's execute
    reads it from the method's code)."""
    params = ", ".join(f"a{n}" for n in range(method.__code__.co_argcount - 1))
    source = (
        f"def {name}(self, {params}):\n"
        f"    CALLS.append(({name!r}, normal([{params}])))\n"
        f"    return method(self, {params})\n"
    )
    namespace = {"CALLS": CALLS, "normal": normal, "method": method}
    exec(source, namespace)
    return namespace[name]


def _recording(base: type, **extra: Any) -> type:
    methods = {
        name: _recorder(name, getattr(base, name)) for name in dir(base) if name[:3] == "do_"
    }
    return type(f"Recording{base.__name__}", (base,), {**methods, **extra})


OURS = _recording(TextOnlyInterpreter)
PDFMINERS = _recording(TextOnlyInterpreter, execute=PDFPageInterpreter.execute)


def _run(interpreter_class: type, page: Any) -> tuple[list[Any], Any]:
    """The calls and lines of one page, or the calls and the exception that ended it."""
    manager = PDFResourceManager(caching=True)
    device = TextOnlyAggregator(manager, laparams=layout_params())
    CALLS.clear()
    try:
        interpreter_class(manager, device).process_page(page)
        outcome: Any = layout_to_lines(device.get_result(), ocr=device.is_ocr_layer())
    except Exception as exc:
        outcome = type(exc).__name__
    return list(CALLS), outcome


def _sample(pages: list[Any]) -> dict[int, Any]:
    return {number: pages[number] for number in {0, len(pages) // 2, len(pages) - 1}}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_pages_run_the_same_operators_and_give_the_same_lines(path: Path) -> None:
    with path.open("rb") as handle:
        try:
            pages = list(PDFPage.create_pages(PDFDocument(PDFParser(handle))))
        except Exception:  # the broken and encrypted files of the corpus
            with pytest.raises(ExtractionError):
                extract_pdf(path)
            return
        for number, page in _sample(pages).items():
            calls, outcome = _run(OURS, page)
            assert (calls, outcome) == _run(PDFMINERS, page), number + 1
