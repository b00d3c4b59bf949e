"""Scanned pages → text: choose the pages of a PDF that need OCR, read them (cached,
side by side on the cores), keep the better text, and name the pages left without.

Runs after the (cached) text-layer extraction, so the extraction cache never depends
on OCR settings. OCR results are cached per page, keyed by the file's content hash,
the page number and everything that changes the reading (languages, resolution,
Tesseract's version, this code's version): re-indexing or ``--rebuild`` never reads a
page twice.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from sersearch.errors import NoTextError
from sersearch.models import Extraction, Line, OcrWork, Page
from sersearch.ocr import (
    OcrSettings,
    draws_something,
    image_coverage,
    install_hint,
    open_pdf,
    read_image,
    render_page,
    tesseract_version,
)
from sersearch.textlayer import SCAN_COVERAGE, needs_ocr, ocr_is_better, score

OCR_VERSION = 1  # bump when the lines made from Tesseract's output change
CACHE_FOLDER = f"ocr-v{OCR_VERSION}"

# Pages queued for OCR and pages done, shared by the worker processes of one index run
# so the parent can show OCR progress, and who to tell in this process (see
# ``share_counters``).
_counters: tuple[Synchronized[int], Synchronized[int]] | None = None
_listener: Callable[[], None] | None = None


def share_counters(
    queued: Synchronized[int] | None,
    done: Synchronized[int] | None,
    listener: Callable[[], None] | None = None,
) -> None:
    """Count OCR pages in these shared integers (``None``: stop counting), calling
    ``listener`` after each change when OCR runs in the process that shows progress."""
    global _counters, _listener
    _counters = (queued, done) if queued is not None and done is not None else None
    _listener = listener


def complete(
    path: Path,
    sha256: str,
    extraction: Extraction,
    settings: OcrSettings,
    cache_dir: Path | None,
) -> tuple[Extraction, OcrWork]:
    """Read the pages of a PDF's ``extraction`` that lack usable text with OCR.

    Pages without text, and pages of a scan whose own text layer is thin or poor
    (see :mod:`sersearch.textlayer`), are read; OCR text replaces an empty page, and
    a poor layer only when OCR finds clearly more words. Pages still without text are
    named in a warning, with why; a PDF left with no text at all is a ``NoTextError``.
    """
    pages = list(extraction.pages)
    available = settings.enabled and tesseract_version(settings.tesseract) is not None
    work, read, failed, candidates = OcrWork(), {}, [], []
    if available:
        candidates = _candidates(path, pages)
        if candidates:
            read, failed, work = read_pages(path, sha256, candidates, settings, cache_dir)
    for number, lines in sorted(read.items()):
        page = pages[number - 1]
        if lines and (_is_empty(page) or ocr_is_better(score(page.lines), score(lines))):
            pages[number - 1] = Page(page.number, lines, label=page.label, ocr=True)
    warnings = list(extraction.warnings)
    if failed:
        warnings.append(f"pages OCR could not read: {_page_list(failed)}")
    empty = [page.number for page in pages if _is_empty(page)]
    blank = available and not set(empty) & set(candidates)
    if empty and len(empty) == len(pages):
        why = _why_empty(settings, available, "it", blank)
        raise NoTextError(f"{path.name}: no text layer: {why}")
    if empty:
        why = _why_empty(settings, available, "them", blank)
        warnings.append(f"pages without text: {_page_list(empty)}; {why}")
    return replace(extraction, pages=tuple(pages), warnings=tuple(warnings)), work


def _why_empty(settings: OcrSettings, available: bool, them: str, blank: bool) -> str:
    if not settings.enabled:
        return "OCR is off (--no-ocr)"
    if not available:
        return install_hint(them)
    return "blank (nothing drawn on them)" if blank else "OCR found no text"


def _is_empty(page: Page) -> bool:
    return not any(line.text.strip() for line in page.lines)


def _candidates(path: Path, pages: Sequence[Page]) -> list[int]:
    """The pages to OCR: those without text that draw something (a page that draws
    nothing is blank: there is nothing to read), and scanned pages with a poor layer."""
    empty = [page.number for page in pages if _is_empty(page)]
    doubtful = [
        page.number for page in pages if not _is_empty(page) and needs_ocr(score(page.lines))
    ]
    if not (empty or doubtful):
        return []
    document = open_pdf(path)
    if document is None:  # PDFium cannot tell: read every empty page
        return empty
    try:
        chosen = [n for n in empty if draws_something(document, n - 1)]
        chosen += [n for n in doubtful if is_scanned(image_coverage(document, n - 1))]
    finally:
        document.close()
    return sorted(chosen)


def is_scanned(coverage: float) -> bool:
    """A page mostly covered by images is a scan: what a reader sees is the image,
    and any text layer is someone's OCR of it (or a stamp)."""
    return coverage >= SCAN_COVERAGE


def read_pages(
    path: Path,
    sha256: str,
    numbers: Sequence[int],
    settings: OcrSettings,
    cache_dir: Path | None,
) -> tuple[dict[int, tuple[Line, ...]], list[int], OcrWork]:
    """OCR the pages ``numbers`` of the PDF at ``path``: cached pages are loaded, the
    others read side by side (one Tesseract process per core) and cached. Returns the
    lines per page, the pages that could not be read, and the work done."""
    key = settings_key(settings)
    read: dict[int, tuple[Line, ...]] = {}
    todo = []
    for number in numbers:
        cached = _load(cache_dir, sha256, key, number)
        if cached is None:
            todo.append(number)
        else:
            read[number] = cached
    _count(queued=len(numbers), done=len(read))
    failed: list[int] = []
    started = time.monotonic()
    document = open_pdf(path) if todo else None
    if todo and document is None:
        failed = list(todo)
    elif document is not None:
        workers = min(len(todo), settings.threads or os.cpu_count() or 1)
        try:
            with (
                tempfile.TemporaryDirectory(prefix="sersearch-ocr-") as folder,
                ThreadPoolExecutor(max_workers=workers) as pool,
            ):
                futures = {
                    pool.submit(_read_page, document, n, settings, Path(folder)): n for n in todo
                }
                for future in as_completed(futures):
                    number = futures[future]
                    try:
                        read[number] = future.result()
                    except Exception:  # a page Tesseract or PDFium cannot read
                        failed.append(number)
                    else:
                        _store(cache_dir, sha256, key, number, read[number])
                    _count(done=1)
        finally:
            document.close()
    work = OcrWork(
        pages=len(todo) - len(failed),
        cached=len(numbers) - len(todo),
        seconds=time.monotonic() - started if todo else 0.0,
    )
    return read, sorted(failed), work


def _read_page(document: Any, number: int, settings: OcrSettings, folder: Path) -> tuple[Line, ...]:
    image = folder / f"page-{number}.png"
    try:
        dpi = render_page(document, number - 1, settings.dpi, image)
        return read_image(image, settings, dpi).lines
    finally:
        image.unlink(missing_ok=True)


def _count(queued: int = 0, done: int = 0) -> None:
    from sersearch.processes import heartbeat

    if done:
        heartbeat()  # a page read: the file's time limit counts from here
    if _counters is None:
        return
    with _counters[0].get_lock():
        _counters[0].value += queued
    with _counters[1].get_lock():
        _counters[1].value += done
    if _listener is not None:
        _listener()


def settings_key(settings: OcrSettings) -> str:
    """A short digest of everything that changes what OCR reads from a page."""
    parts = [
        OCR_VERSION,
        settings.languages,
        settings.dpi,
        tesseract_version(settings.tesseract),
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def cache_path(cache_dir: Path, sha256: str, key: str, number: int) -> Path:
    return cache_dir / CACHE_FOLDER / sha256[:2] / sha256 / f"{key}-p{number}.json.gz"


def _load(cache_dir: Path | None, sha256: str, key: str, number: int) -> tuple[Line, ...] | None:
    if cache_dir is None:
        return None
    file = cache_path(cache_dir, sha256, key, number)
    try:
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            return tuple(Line(text, size) for text, size in json.load(handle))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, EOFError):
        file.unlink(missing_ok=True)
        return None


def _store(
    cache_dir: Path | None, sha256: str, key: str, number: int, lines: Sequence[Line]
) -> None:
    """Write atomically, so an interrupted run never leaves a half-written entry."""
    if cache_dir is None:
        return
    file = cache_path(cache_dir, sha256, key, number)
    temporary = file.with_suffix(f".{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(temporary, "wt", encoding="utf-8", compresslevel=3) as handle:
            json.dump([[line.text, line.size] for line in lines], handle, ensure_ascii=False)
        temporary.replace(file)
    except OSError:
        temporary.unlink(missing_ok=True)


def _page_list(numbers: Sequence[int]) -> str:
    return ", ".join(map(str, numbers))
