"""OCR speed and accuracy: the image-only scans of both shared corpora at each resolution.

``python -m bench.ocr [--dpi 200 300] [--out bench/out/ocr.json]``

For every resolution, every page without a text layer in the image-only files of
``../shared/corpus-real`` and ``../shared/corpus-real-2`` is read the way
``sersearch index`` reads it (``sersearch.scans.read_pages``: PDFium render, Tesseract
with ``nld+eng``, one Tesseract process per core, no cache), and measured:

* wall time and pages per second on all cores (what a user waits);
* Tesseract's processor time per page (less sensitive to other load on the machine);
* words read and words found in the Dutch lexicon (the accuracy measure: a misread
  word is rarely a real word).

The machine's load average is recorded next to the figures (``os.getloadavg``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = (SHARED / "corpus-real", SHARED / "corpus-real-2")


def image_only_files(folders: tuple[Path, ...]) -> list[tuple[Path, list[int]]]:
    """PDFs of which no page has a text layer (PDFium's text: quick), with their pages."""
    import pypdfium2 as pdfium

    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.pdf")):
            try:
                document = pdfium.PdfDocument(str(path))
            except pdfium.PdfiumError:
                continue
            texts = [page.get_textpage().get_text_range().strip() for page in document]
            if not any(texts):
                found.append((path, list(range(1, len(texts) + 1))))
            document.close()
    return found


def measure(files: list[tuple[Path, list[int]]], dpi: int) -> dict[str, float]:
    """Read every page at ``dpi``; wall and Tesseract processor time, words, known words."""
    from sersearch.ocr import OcrSettings
    from sersearch.scans import read_pages
    from sersearch.textlayer import score

    settings = OcrSettings(dpi=dpi)
    pages = words = known = 0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for path, numbers in files:
        read, _, _ = read_pages(path, "", numbers, settings, cache_dir=None)
        for lines in read.values():
            measured = score(lines)
            pages, words, known = pages + 1, words + measured.words, known + measured.known
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return {
        "dpi": dpi,
        "pages": pages,
        "wall_s": round(wall, 1),
        "pages_per_s": round(pages / wall, 3),
        "tesseract_cpu_s_per_page": round(cpu / pages, 2),
        "words": words,
        "known_words": known,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "ocr.json")
    args = parser.parse_args()
    from sersearch.ocr import tesseract_version

    files = image_only_files(CORPORA)
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "tesseract": tesseract_version(),
            "load_before": [round(x, 2) for x in os.getloadavg()],
        },
        "files": [path.name for path, _ in files],
        "runs": [measure(files, dpi) for dpi in args.dpi],
    }
    results["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
