"""The PDF baseline: plain single-process pdfminer.six over a list of files.

``python -m bench.extraction FILE...`` prints ``{"seconds": …, "pages": …}``: the time
``pdfminer.high_level.extract_text`` takes over every file in one process with default
layout parameters (what a plain script does), and the pages of the readable files.
``bench.userpath pdfs`` runs it as a measured child next to ``sersearch index``.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path


def baseline_seconds(files: list[Path]) -> float:
    """Plain single-process pdfminer.six over every file (failures included)."""
    from pdfminer.high_level import extract_text

    started = time.perf_counter()
    for path in files:
        try:
            extract_text(str(path))
        except Exception:  # a broken file fails here as it would anywhere
            continue
    return time.perf_counter() - started


def page_count(files: list[Path]) -> int:
    """Pages of the readable files (their page trees only; broken files count none)."""
    from pdfminer.pdfpage import PDFPage

    pages = 0
    for path in files:
        try:
            with path.open("rb") as handle:
                pages += sum(1 for _ in PDFPage.get_pages(handle))
        except Exception:  # a broken file has no pages to count
            continue
    return pages


def main(argv: list[str]) -> None:
    files = [Path(arg) for arg in argv[1:]]
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its per-file warnings, not ours
    print(json.dumps({"seconds": baseline_seconds(files), "pages": page_count(files)}))


if __name__ == "__main__":
    main(sys.argv)
