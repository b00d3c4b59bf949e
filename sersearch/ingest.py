"""Files → documents: find the files, extract (cached by content hash), clean, describe
and cut into passages, in parallel across the machine's cores."""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from sersearch.errors import SersearchError
from sersearch.models import Document, Extraction, Line, OcrWork, Page
from sersearch.ocr import OcrSettings
from sersearch.processes import exit_with_parent

SUPPORTED_SUFFIXES = frozenset({".pdf", ".txt"})
EXTRACTION_CACHE_VERSION = 1
_HASH_CHUNK = 1 << 20
PROGRESS_SECONDS = 0.5  # how often OCR progress is passed on while files are read


@dataclass(frozen=True)
class SourceFile:
    """A file to index with its content hash (the key for changes and the cache)."""

    path: Path
    sha256: str
    catalog: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Failure:
    """A file that could not be indexed, with a one-line reason."""

    source: SourceFile
    reason: str


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Supported files under ``paths`` (files or folders), sorted, and the paths that
    were named but cannot be read, with a reason."""
    found: dict[Path, None] = {}
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in _walk(path, problems):
                found.setdefault(file)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(path.resolve())
            else:
                problems.append((path, f"not a supported file type ({path.suffix or 'none'})"))
        elif path.exists():
            problems.append((path, "not a regular file"))
        else:
            problems.append((path, "no such file or folder"))
    return sorted(found), problems


def _walk(root: Path, problems: list[tuple[Path, str]]) -> Iterator[Path]:
    def on_error(error: OSError) -> None:
        problems.append((Path(error.filename or root), f"cannot read folder: {error.strerror}"))

    seen: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:
            dirnames.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                file = Path(folder, name)
                if file.is_file():
                    yield file.resolve()


def hash_file(path: Path) -> str:
    """The SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def document_id(path: Path) -> str:
    """A readable id from the file name plus a short hash of its full path."""
    slug = re.sub(r"[^a-z0-9_]+", "-", path.stem.lower()).strip("-")[:60] or "doc"
    return f"{slug}-{hashlib.sha1(os.fsencode(path)).hexdigest()[:6]}"


def indexable(text: str) -> str:
    """Text that can be indexed and printed: the bytes of a file name that is not
    UTF-8 (kept by Python as lone surrogates) become escapes such as ``\\xe9``."""
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def process_files(
    sources: list[SourceFile],
    cache_dir: Path | None,
    *,
    workers: int | None = None,
    ocr: OcrSettings | None = None,
    ocr_progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[SourceFile, Document | Failure]]:
    """Turn each source into a Document (or a Failure), in completion order.

    Work runs in a process pool when there is more than one file and more than one
    core; the largest files go first so the cores finish together. ``ocr`` says how
    pages without usable text are read (default: ``OcrSettings()``);
    ``ocr_progress(done, queued)`` is told about OCR pages as they are read.
    """
    from sersearch import scans

    workers = workers or os.cpu_count() or 1
    ocr = replace(ocr or OcrSettings(), threads=workers)  # --workers 1: one page at a time
    ordered = sorted(sources, key=lambda s: _size(s.path), reverse=True)
    queued, done_pages = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)

    def report() -> None:
        if ocr_progress and queued.value:
            ocr_progress(done_pages.value, queued.value)

    if workers == 1 or len(ordered) < 2:
        scans.share_counters(queued, done_pages, report)
        try:
            for source in ordered:
                yield source, process_file(source, cache_dir, ocr)
        finally:
            scans.share_counters(None, None)
        return
    with ProcessPoolExecutor(
        max_workers=min(workers, len(ordered)),
        initializer=_start_worker,
        initargs=(queued, done_pages),
    ) as pool:
        running: dict[Future[Document | Failure], SourceFile] = {}
        queue = iter(ordered)
        for source in queue:
            running[pool.submit(process_file, source, cache_dir, ocr)] = source
            if len(running) >= workers * 2:
                break
        while running:
            done, _ = wait(running, timeout=PROGRESS_SECONDS, return_when=FIRST_COMPLETED)
            report()
            for future in done:
                yield running.pop(future), future.result()
                if (source := next(queue, None)) is not None:
                    running[pool.submit(process_file, source, cache_dir, ocr)] = source


def _start_worker(queued: Any, done: Any) -> None:
    from sersearch import scans

    exit_with_parent()
    scans.share_counters(queued, done)


def process_file(
    source: SourceFile, cache_dir: Path | None, ocr: OcrSettings | None = None
) -> Document | Failure:
    """Extract (OCR'ing pages without usable text), clean, describe and cut one file;
    never raises for a bad file."""
    from sersearch.clean import clean_pages
    from sersearch.extract import is_pdf
    from sersearch.metadata import describe
    from sersearch.passages import build_passages
    from sersearch.scans import complete

    work = OcrWork()
    try:
        extraction = _cached_extraction(source, cache_dir)
        if is_pdf(source.path):
            extraction, work = complete(
                source.path, source.sha256, extraction, ocr or OcrSettings(), cache_dir
            )
        pages = clean_pages(extraction.pages, paged=extraction.paged)
        doc_id = document_id(source.path)
        passages = build_passages(doc_id, pages, paged=extraction.paged)
        if not passages:
            return Failure(source, "no text found (empty document)")
        meta = describe(source.path, pages, extraction.info, catalog=dict(source.catalog))
    except SersearchError as error:
        return Failure(source, str(error))
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        return Failure(source, f"cannot be read: {type(error).__name__}: {error}")
    return Document(
        doc_id=doc_id,
        source=indexable(str(source.path)),
        sha256=source.sha256,
        meta=meta,
        passages=tuple(passages),
        pages=len(extraction.pages) if extraction.paged else None,
        warnings=extraction.warnings,
        ocr_pages=sum(page.ocr for page in extraction.pages),
        ocr_work=work,
    )


def _cached_extraction(source: SourceFile, cache_dir: Path | None) -> Extraction:
    from sersearch.extract import extract_file

    cache_file = _cache_path(cache_dir, source.sha256) if cache_dir else None
    if cache_file and cache_file.exists():
        try:
            return _load_extraction(cache_file)
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            cache_file.unlink(missing_ok=True)
    extraction = extract_file(source.path)
    if cache_file:
        _store_extraction(cache_file, extraction)
    return extraction


def _cache_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / f"v{EXTRACTION_CACHE_VERSION}" / sha256[:2] / f"{sha256}.json.gz"


def _store_extraction(cache_file: Path, extraction: Extraction) -> None:
    """Write atomically, so an interrupted run never leaves a half-written entry."""
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
    try:
        with gzip.open(temporary, "wt", encoding="utf-8", compresslevel=3) as handle:
            json.dump(asdict(extraction), handle, ensure_ascii=False)
        temporary.replace(cache_file)
    except OSError:
        temporary.unlink(missing_ok=True)


def _load_extraction(cache_file: Path) -> Extraction:
    with gzip.open(cache_file, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    pages = tuple(
        Page(
            number=page["number"],
            lines=tuple(Line(**line) for line in page["lines"]),
            label=page["label"],
        )
        for page in data["pages"]
    )
    return Extraction(
        pages=pages,
        paged=data["paged"],
        info=data["info"],
        warnings=tuple(data["warnings"]),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
