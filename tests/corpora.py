"""The shared real corpora, each extracted once per test session.

A pool of two processes extracts every file; under pytest-xdist the first worker
to ask extracts and the others read its pickled results.
"""

from __future__ import annotations

import fcntl
import os
import pickle
from multiprocessing import Pool
from pathlib import Path

import pytest

from sersearch.errors import ExtractionError
from sersearch.extract import extract_file
from sersearch.models import Extraction

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
Outcomes = dict[str, Extraction | ExtractionError]
_EXTRACTED: dict[tuple[str, tuple[str, ...]], Outcomes] = {}  # this process's extractions


def extract_outcome(path: Path) -> tuple[str, Extraction | ExtractionError]:
    try:
        return path.name, extract_file(path)
    except ExtractionError as error:
        return path.name, error


def extract_folder(folder: Path, suffixes: tuple[str, ...]) -> Outcomes:
    files = [path for path in folder.iterdir() if path.suffix.lower() in suffixes]
    # largest first, so the two processes finish close together
    files.sort(key=lambda path: -path.stat().st_size)
    with Pool(2) as pool:
        return dict(pool.imap_unordered(extract_outcome, files))


def shared_outcomes(
    tmp_path_factory: pytest.TempPathFactory, name: str, suffixes: tuple[str, ...] = (".pdf",)
) -> Outcomes:
    """Every file of ``../shared/<name>`` with one of ``suffixes``, extracted once."""
    folder = SHARED / name
    if (name, suffixes) in _EXTRACTED:
        return _EXTRACTED[name, suffixes]
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return _EXTRACTED.setdefault((name, suffixes), extract_folder(folder, suffixes))
    cache = tmp_path_factory.getbasetemp().parent / f"{name}-{'-'.join(suffixes)}.pickle"
    with open(cache.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.exists():
            cache.write_bytes(pickle.dumps(extract_folder(folder, suffixes)))
        return _EXTRACTED.setdefault((name, suffixes), pickle.loads(cache.read_bytes()))
