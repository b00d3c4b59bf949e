"""Extraction speed: sersearch's full index of a PDF folder against plain pdfminer.six.

``python -m bench.extraction [--corpus ../shared/corpus-real] [--out bench/out/extraction.json]``

Measured in one run, on the same files:

* baseline: ``pdfminer.high_level.extract_text`` on every file, one process, default
  layout parameters (what a plain script does);
* sersearch: ``sersearch index`` of the whole folder into a fresh index with an empty
  extraction cache (extraction in a process pool, cleaning, passages, indexing);
* reindex: the folder indexed without one file, then that file added and
  ``sersearch index`` run again (only the new file is extracted), next to that file's
  own extraction time.

Pages per second count the pages of every readable file, for both.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus-real"
# A mid-sized report: the file added for the one-file reindex.
ADDED_FILE = "bnc-fiche-5-herziening-mifid.pdf"


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


def index_seconds(corpus: Path, index_dir: Path) -> float:
    from sersearch.update import update_index

    started = time.perf_counter()
    update_index(index_dir, [corpus])
    return time.perf_counter() - started


def one_file_reindex(files: list[Path], workdir: Path) -> dict[str, float]:
    """Index the folder without ``ADDED_FILE``, add it, and time the second run."""
    from sersearch.extract import extract_file

    corpus = workdir / "reindex-corpus"
    corpus.mkdir()
    added = next(path for path in files if path.name == ADDED_FILE)
    for path in files:
        if path != added:
            shutil.copy(path, corpus / path.name)
    index_dir = workdir / "reindex-index"
    index_seconds(corpus, index_dir)
    shutil.copy(added, corpus / added.name)
    reindex = index_seconds(corpus, index_dir)
    started = time.perf_counter()
    extract_file(added)
    own = time.perf_counter() - started
    return {"reindex_s": reindex, "added_file_extraction_s": own, "overhead_s": reindex - own}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "extraction.json")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    pages = page_count(files)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus"
        corpus.mkdir()
        for path in files:
            shutil.copy(path, corpus / path.name)
        baseline = baseline_seconds(files)
        full = index_seconds(corpus, workdir / "index")
        reindex = one_file_reindex(files, workdir)
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "files": len(files),
        "pages": pages,
        "baseline_pdfminer_single_process_s": baseline,
        "sersearch_full_index_s": full,
        "baseline_pages_per_s": pages / baseline,
        "sersearch_pages_per_s": pages / full,
        "speedup": baseline / full,
        **reindex,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
