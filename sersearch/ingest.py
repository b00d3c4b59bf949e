"""Files → documents: find the files, extract (cached by content hash), clean, describe
and cut into passages, in parallel across the machine's cores."""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from sersearch.errors import SersearchError
from sersearch.extract import SUPPORTED_SUFFIXES, unsupported_reason
from sersearch.limits import DEFAULT_LIMITS, FileLimits
from sersearch.models import Document, Extraction, Line, OcrWork, Page, Part
from sersearch.ocr import OcrSettings

# The modules whose code decides what an extraction holds: the cache key changes with
# their source (and the versions of the readers' libraries), so an upgrade never
# serves old text. tests/test_ingest.py checks that extracting a file imports no
# other sersearch module.
EXTRACTION_MODULES = (
    "sersearch.extract",
    "sersearch.pdf",
    "sersearch.pdfdevice",
    "sersearch.pdflayout",
    "sersearch.pdfgroups",
    "sersearch.contentstream",
    "sersearch.models",
    "sersearch.formats",
    "sersearch.formats.docx",
    "sersearch.formats.odt",
    "sersearch.formats.email",
    "sersearch.formats.html",
    "sersearch.formats.markdown",
)
READER_LIBRARIES = ("pdfminer.six", "python-docx", "odfpy", "markdown-it-py")
CACHE_PREFIX = "x-"
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


# What one file yields: its documents (its own first, then those inside it, such as
# an e-mail's attachments), or why it could not be indexed.
Outcome = tuple[Document, ...] | Failure


@dataclass
class Discovery:
    """What ``find_files`` found: the files to index, sorted; the named paths that
    cannot be read; and the files in the folders that are of no supported type."""

    files: list[Path]
    problems: list[tuple[Path, str]]
    unsupported: list[tuple[Path, str]]


def find_files(paths: Iterable[Path]) -> Discovery:
    """Supported files under ``paths`` (files or folders). Hidden files and folders
    (dot-names) and a folder's ``catalog.csv`` (read as metadata) are passed over."""
    from sersearch.metadata import CATALOG_NAME

    found: dict[Path, None] = {}
    discovery = Discovery([], [], [])
    for path in paths:
        if path.is_dir():
            for file in _walk(path, discovery):
                if file.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.setdefault(file.resolve())
                elif file.name != CATALOG_NAME:
                    discovery.unsupported.append((file, unsupported_reason(file)))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.setdefault(path.resolve())
            else:
                discovery.problems.append((path, unsupported_reason(path, explain=True)))
        elif path.exists():
            discovery.problems.append((path, "not a regular file"))
        else:
            discovery.problems.append((path, "no such file or folder"))
    discovery.files = sorted(found)
    return discovery


def _walk(root: Path, discovery: Discovery) -> Iterator[Path]:
    """The regular files under ``root``, hidden ones left out, each folder once."""

    def on_error(error: OSError) -> None:
        discovery.problems.append(
            (Path(error.filename or root), f"cannot read folder: {error.strerror}")
        )

    seen: set[tuple[int, int]] = set()
    for folder, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=True):
        stat = os.stat(folder)
        if (stat.st_dev, stat.st_ino) in seen:
            dirnames.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            file = Path(folder, name)
            if not name.startswith(".") and file.is_file():
                yield file


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
    limits: FileLimits = DEFAULT_LIMITS,
    ocr: OcrSettings | None = None,
    ocr_progress: Callable[[int, int], None] | None = None,
    page_progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[SourceFile, Outcome]]:
    """Turn each source into its Documents (or a Failure), in completion order.

    Each file is processed in a worker process within ``limits`` (a file that takes
    too long or needs too much memory becomes a Failure saying so), one worker per
    core by default; the largest files go first so the cores finish together.
    ``ocr`` says how pages without usable text are read (default: ``OcrSettings()``;
    a file's pages are read on up to ``workers`` threads); ``ocr_progress(done,
    queued)`` is told about OCR pages as they are read, ``page_progress(read, found)``
    about the pages of PDFs.
    """
    from sersearch import pagecount, scans
    from sersearch.processes import LimitedWorkers, OverLimit

    threads = workers or os.cpu_count() or 1
    workers = min(threads, max(1, len(sources)))
    settings = replace(ocr or OcrSettings(), threads=threads)
    ordered = sorted(sources, key=lambda s: _size(s.path), reverse=True)
    tasks = [(source, cache_dir, settings) for source in ordered]
    queued, done_pages = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    found, read = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)

    def report() -> None:
        if page_progress and found.value:
            page_progress(read.value, found.value)
        if ocr_progress and queued.value:
            ocr_progress(done_pages.value, queued.value)

    scans.share_counters(queued, done_pages)  # the forked workers count in these
    pagecount.share(found, read)
    try:
        running = LimitedWorkers(_process_task, workers, limits).run(
            tasks, tick=report, tick_seconds=PROGRESS_SECONDS
        )
        for (source, _, _), outcome in running:
            report()
            failed = isinstance(outcome, OverLimit)
            yield source, Failure(source, outcome.reason) if failed else outcome
    finally:
        scans.share_counters(None, None)
        pagecount.share(None, None)


def _process_task(task: tuple[SourceFile, Path | None, OcrSettings]) -> Outcome:
    return process_file(*task)


def process_file(
    source: SourceFile, cache_dir: Path | None, ocr: OcrSettings | None = None
) -> Outcome:
    """Extract (OCR'ing pages without usable text), clean, describe and cut one file
    into its documents: its own, then one per part inside it (numbered ids
    ``<doc_id>-1``, …), or, for a bundle of letters, one per letter (the first keeps
    the file's id, letter N is ``<doc_id>-N``). Never raises for a bad file; a part
    without text is a warning on the file's own document."""
    from sersearch.documents import file_documents, part_document
    from sersearch.extract import is_pdf
    from sersearch.scans import complete

    try:
        extraction = _cached_extraction(source, cache_dir)
        work = OcrWork()
        if is_pdf(source.path):
            extraction, work = complete(
                source.path, source.sha256, extraction, ocr or OcrSettings(), cache_dir
            )
        doc_id = document_id(source.path)
        documents = file_documents(source, doc_id, extraction)
        if not documents:
            return Failure(source, "no text found (empty document)")
        main, warnings = documents[0], list(documents[0].warnings)
        for number, part in enumerate(extraction.parts, start=1):
            document = part_document(source, f"{doc_id}-{number}", part, main)
            if document is None:
                warnings.append(f"{part.name}: no text found (empty document)")
            else:
                documents.append(document)
    except SersearchError as error:
        return Failure(source, str(error))
    except (OSError, ValueError, RecursionError) as error:
        return Failure(source, f"cannot be read: {type(error).__name__}: {error}")
    main = replace(
        main,
        warnings=tuple(warnings),
        ocr_pages=sum(page.ocr for page in extraction.pages),
        ocr_work=work,
    )
    return (main, *documents[1:])


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
    return cache_dir / f"{CACHE_PREFIX}{extraction_key()}" / sha256[:2] / f"{sha256}.json.gz"


@functools.cache
def extraction_key() -> str:
    """A short hash of what extraction output depends on: the versions of
    ``READER_LIBRARIES`` and the source of ``EXTRACTION_MODULES``."""
    from importlib.metadata import version
    from importlib.util import find_spec

    digest = hashlib.sha256(
        " ".join(f"{name} {version(name)}" for name in READER_LIBRARIES).encode()
    )
    for name in EXTRACTION_MODULES:
        spec = find_spec(name)
        assert spec is not None and spec.origin is not None, name
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()[:16]


def prune_stale_caches(cache_dir: Path) -> None:
    """Delete cached extractions made by other versions of the extraction code (the
    OCR cache beside them has keys of its own)."""
    import shutil

    if not cache_dir.is_dir():
        return
    current = f"{CACHE_PREFIX}{extraction_key()}"
    for child in cache_dir.iterdir():
        ours = child.name.startswith(CACHE_PREFIX) or re.fullmatch(r"v\d+", child.name)
        if ours and child.is_dir() and child.name != current:  # the OCR cache stays
            shutil.rmtree(child, ignore_errors=True)


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
    return _extraction_from_dict(data)


def _extraction_from_dict(data: dict[str, Any]) -> Extraction:
    pages = tuple(
        Page(
            number=page["number"],
            lines=tuple(Line(**line) for line in page["lines"]),
            label=page["label"],
            ocr=page.get("ocr", False),
        )
        for page in data["pages"]
    )
    return Extraction(
        pages=pages,
        paged=data["paged"],
        info=data["info"],
        warnings=tuple(data["warnings"]),
        parts=tuple(
            Part(part["name"], _extraction_from_dict(part["extraction"]))
            for part in data.get("parts", ())
        ),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
